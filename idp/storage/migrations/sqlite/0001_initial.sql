-- Esculape schema 0001: national directory tables (replaced by each import), then the local layer.
-- Times are Unix seconds. Codes, refresh tokens and session ids are stored only as hashes.

-- ---------------------------------------------------------------------------------------------
-- Directory (RPPS/ADELI Personne_activite rows, FINESS structures, MSSanté mailboxes)
-- ---------------------------------------------------------------------------------------------

-- One row per "Identification nationale PP" (id type digit + RPPS/ADELI number).
CREATE TABLE professionals (
    national_id  TEXT PRIMARY KEY,
    id_type      TEXT NOT NULL,              -- 8 RPPS, 0 ADELI (TRE_G08)
    identifier   TEXT NOT NULL,              -- RPPS (11 digits) or ADELI (9 characters)
    civilite     TEXT NOT NULL DEFAULT '',   -- Code civilité (TRE_R81)
    family_name  TEXT NOT NULL DEFAULT '',
    given_name   TEXT NOT NULL DEFAULT '',
    active       INTEGER NOT NULL DEFAULT 1,
    updated_at   INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

-- One practice per professional and profession (PSC SubjectRefPro.exercices[]).
CREATE TABLE exercices (
    id                       INTEGER PRIMARY KEY,
    national_id              TEXT NOT NULL REFERENCES professionals(national_id) ON DELETE CASCADE,
    position                 INTEGER NOT NULL,           -- order of the exercices in the claim
    code_profession          TEXT NOT NULL,              -- TRE_G15
    code_categorie           TEXT NOT NULL DEFAULT '',   -- TRE_R09
    code_civilite_exercice   TEXT NOT NULL DEFAULT '',   -- TRE_R11
    nom_exercice             TEXT NOT NULL DEFAULT '',
    prenom_exercice          TEXT NOT NULL DEFAULT '',
    code_type_savoir_faire   TEXT NOT NULL DEFAULT '',   -- TRE_R04
    code_savoir_faire        TEXT NOT NULL DEFAULT '',
    UNIQUE (national_id, code_profession)
);
CREATE INDEX exercices_by_professional ON exercices(national_id, position);

-- A place of practice. `structure_id` is the row key: the "Identifiant technique de la
-- structure" when published, otherwise a local key starting with "L:" that never collides with
-- a national one; `identifiant_technique` keeps the published value (possibly empty).
CREATE TABLE structures (
    structure_id                TEXT PRIMARY KEY,
    identifiant_technique       TEXT NOT NULL DEFAULT '',
    siret                       TEXT NOT NULL DEFAULT '',
    siren                       TEXT NOT NULL DEFAULT '',
    finess_site                 TEXT NOT NULL DEFAULT '',
    finess_juridique            TEXT NOT NULL DEFAULT '',
    raison_sociale              TEXT NOT NULL DEFAULT '',
    enseigne                    TEXT NOT NULL DEFAULT '',
    complement_destinataire     TEXT NOT NULL DEFAULT '',
    complement_point_geo        TEXT NOT NULL DEFAULT '',
    numero_voie                 TEXT NOT NULL DEFAULT '',
    indice_repetition_voie      TEXT NOT NULL DEFAULT '',
    code_type_voie              TEXT NOT NULL DEFAULT '',
    libelle_voie                TEXT NOT NULL DEFAULT '',
    mention_distribution        TEXT NOT NULL DEFAULT '',
    bureau_cedex                TEXT NOT NULL DEFAULT '',
    code_postal                 TEXT NOT NULL DEFAULT '',
    code_commune                TEXT NOT NULL DEFAULT '',
    libelle_commune             TEXT NOT NULL DEFAULT '',
    code_pays                   TEXT NOT NULL DEFAULT '',
    telephone                   TEXT NOT NULL DEFAULT '',
    telephone2                  TEXT NOT NULL DEFAULT '',
    telecopie                   TEXT NOT NULL DEFAULT '',
    email                       TEXT NOT NULL DEFAULT '',
    code_departement            TEXT NOT NULL DEFAULT '',
    ancien_identifiant          TEXT NOT NULL DEFAULT '',
    updated_at                  INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE INDEX structures_by_finess ON structures(finess_site) WHERE finess_site <> '';
CREATE INDEX structures_by_siret ON structures(siret) WHERE siret <> '';

-- One activity per practice and place (one Personne_activite row). The registration authority
-- belongs here, not to the structure: it depends on the profession ("CNOM/CNOM/ARS" for a doctor,
-- another order for a physiotherapist in the same cabinet).
CREATE TABLE activities (
    id                       INTEGER PRIMARY KEY,
    exercice_id              INTEGER NOT NULL REFERENCES exercices(id) ON DELETE CASCADE,
    position                 INTEGER NOT NULL,
    structure_id             TEXT REFERENCES structures(structure_id),   -- NULL: no place published
    code_mode_exercice       TEXT NOT NULL DEFAULT '',   -- TRE_R23
    code_secteur_activite    TEXT NOT NULL DEFAULT '',   -- TRE_R02
    code_section_pharmacien  TEXT NOT NULL DEFAULT '',   -- TRE_G05
    code_role                TEXT NOT NULL DEFAULT '',
    code_genre_activite      TEXT NOT NULL DEFAULT '',   -- TRE_R22
    autorite_enregistrement  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX activities_by_exercice ON activities(exercice_id, position);
CREATE INDEX activities_by_structure ON activities(structure_id);

-- MSSanté mailboxes: the address is the key in the extraction but may repeat (several lines).
CREATE TABLE mssante_addresses (
    id            INTEGER PRIMARY KEY,
    address       TEXT NOT NULL,
    national_id   TEXT,                  -- PER mailboxes
    structure_id  TEXT,                  -- ORG mailboxes (and the PER mailbox's structure)
    type          TEXT NOT NULL CHECK (type IN ('PER', 'ORG'))
);
CREATE INDEX mssante_by_address ON mssante_addresses(address);
CREATE INDEX mssante_by_professional ON mssante_addresses(national_id) WHERE national_id IS NOT NULL;

-- Monotonic version of the directory data, bumped by every change (claim caches key on it).
CREATE TABLE directory_meta (
    key    TEXT PRIMARY KEY,
    value  INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO directory_meta(key, value) VALUES ('version', 0);

-- Per-field local corrections of national values, kept across imports.
CREATE TABLE local_overrides (
    national_id  TEXT NOT NULL,
    field        TEXT NOT NULL,
    value        TEXT NOT NULL,
    author       TEXT NOT NULL DEFAULT '',
    updated_at   INTEGER NOT NULL,
    PRIMARY KEY (national_id, field)
) WITHOUT ROWID;

-- ---------------------------------------------------------------------------------------------
-- Local layer
-- ---------------------------------------------------------------------------------------------

CREATE TABLE accounts (
    id              INTEGER PRIMARY KEY,
    login           TEXT NOT NULL UNIQUE,
    national_id     TEXT NOT NULL DEFAULT '',
    email           TEXT NOT NULL DEFAULT '',
    email_verified  INTEGER NOT NULL DEFAULT 0,
    password_hash   TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'locked', 'disabled')),
    created_at      INTEGER NOT NULL DEFAULT 0
);
-- At most one account per professional: tokens name the professional, the account is the login.
CREATE UNIQUE INDEX accounts_by_national_id ON accounts(national_id) WHERE national_id <> '';

-- The authentication context (auth_time, acr, amr as a JSON array, auth_mode) is repeated as
-- columns on sessions, codes and refresh tokens: each row is read in one statement.
CREATE TABLE sessions (
    id_hash     TEXT PRIMARY KEY,
    sid         TEXT NOT NULL UNIQUE,
    account_id  INTEGER NOT NULL,
    auth_time   INTEGER NOT NULL,
    acr         TEXT NOT NULL,
    amr         TEXT NOT NULL,
    auth_mode   TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    last_seen   INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX sessions_by_expiry ON sessions(expires_at);

-- `used` counts redemptions: the consuming UPDATE increments it and returns the new value, so
-- one statement both marks the code and tells a replay (RFC 6749 §4.1.2, §10.5).
CREATE TABLE auth_codes (
    code_hash              TEXT PRIMARY KEY,
    client_id              TEXT NOT NULL,
    redirect_uri           TEXT NOT NULL,
    account_id             INTEGER NOT NULL,
    sid                    TEXT NOT NULL,
    scope                  TEXT NOT NULL,
    nonce                  TEXT NOT NULL,
    code_challenge         TEXT NOT NULL,
    code_challenge_method  TEXT NOT NULL,
    claims_json            TEXT NOT NULL,
    acr_requested          TEXT NOT NULL,
    auth_time              INTEGER NOT NULL,
    acr                    TEXT NOT NULL,
    amr                    TEXT NOT NULL,
    auth_mode              TEXT NOT NULL,
    expires_at             INTEGER NOT NULL,
    used                   INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE INDEX auth_codes_by_sid ON auth_codes(sid);
CREATE INDEX auth_codes_by_expiry ON auth_codes(expires_at);

CREATE TABLE refresh_tokens (
    token_hash  TEXT PRIMARY KEY,
    family_id   TEXT NOT NULL,
    client_id   TEXT NOT NULL,
    account_id  INTEGER NOT NULL,
    sid         TEXT NOT NULL,
    scope       TEXT NOT NULL,
    code_hash   TEXT NOT NULL,
    auth_time   INTEGER NOT NULL,
    acr         TEXT NOT NULL,
    amr         TEXT NOT NULL,
    auth_mode   TEXT NOT NULL,
    issued_at   INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    used        INTEGER NOT NULL DEFAULT 0,
    revoked     INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE INDEX refresh_by_family ON refresh_tokens(family_id);
CREATE INDEX refresh_by_code ON refresh_tokens(code_hash);
CREATE INDEX refresh_by_sid ON refresh_tokens(sid);
CREATE INDEX refresh_by_expiry ON refresh_tokens(expires_at);

-- Access tokens are JWTs; the row exists so that revocation can reach them. `family_id` is the
-- refresh family or, for tokens issued without a refresh token, the code hash; `sid` is filled
-- at insertion from that family or code, so a session logout still finds them after the code
-- row has been purged.
CREATE TABLE access_tokens (
    jti         TEXT PRIMARY KEY,
    client_id   TEXT NOT NULL,
    family_id   TEXT NOT NULL,
    sid         TEXT NOT NULL DEFAULT '',
    expires_at  INTEGER NOT NULL,
    revoked     INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE INDEX access_by_family ON access_tokens(family_id);
CREATE INDEX access_by_sid ON access_tokens(sid) WHERE sid <> '';
CREATE INDEX access_by_expiry ON access_tokens(expires_at);

CREATE TABLE signing_keys (
    kid              TEXT PRIMARY KEY,
    alg              TEXT NOT NULL,
    private_pem      TEXT NOT NULL,
    public_jwk_json  TEXT NOT NULL,
    created_at       INTEGER NOT NULL,
    retired_at       INTEGER NOT NULL DEFAULT 0,
    publish_until    INTEGER NOT NULL DEFAULT 0
);

-- One-time values such as private_key_jwt `jti` (RFC 7523 §3).
CREATE TABLE replay_values (
    key         TEXT PRIMARY KEY,
    expires_at  INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX replay_by_expiry ON replay_values(expires_at);
