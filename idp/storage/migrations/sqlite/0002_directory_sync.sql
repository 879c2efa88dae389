-- Esculape schema 0002: bookkeeping of the national directory import (directory-sync).

-- Compact digests of what each import wrote, so that the next run diffs the new extraction
-- against the store without reading the national rows back: an unchanged professional,
-- structure, FINESS record or mailbox costs one 64-bit comparison.
ALTER TABLE professionals ADD COLUMN digest INTEGER NOT NULL DEFAULT 0;
ALTER TABLE structures ADD COLUMN digest INTEGER NOT NULL DEFAULT 0;
ALTER TABLE mssante_addresses ADD COLUMN digest INTEGER NOT NULL DEFAULT 0;

-- FINESS establishments (DREES etalab-cs1100502 `structureet` records), joined to structures on
-- structures.finess_site = finess: category, legal entity and postal address of the site.
CREATE TABLE finess_establishments (
    finess                     TEXT PRIMARY KEY,     -- nofinesset
    finess_juridique           TEXT NOT NULL DEFAULT '',
    raison_sociale             TEXT NOT NULL DEFAULT '',
    raison_sociale_longue      TEXT NOT NULL DEFAULT '',
    complement_raison_sociale  TEXT NOT NULL DEFAULT '',
    complement_distribution    TEXT NOT NULL DEFAULT '',
    numero_voie                TEXT NOT NULL DEFAULT '',
    type_voie                  TEXT NOT NULL DEFAULT '',
    voie                       TEXT NOT NULL DEFAULT '',
    complement_voie            TEXT NOT NULL DEFAULT '',
    lieudit_bp                 TEXT NOT NULL DEFAULT '',
    commune                    TEXT NOT NULL DEFAULT '',
    departement                TEXT NOT NULL DEFAULT '',
    libelle_departement        TEXT NOT NULL DEFAULT '',
    ligne_acheminement         TEXT NOT NULL DEFAULT '',
    telephone                  TEXT NOT NULL DEFAULT '',
    telecopie                  TEXT NOT NULL DEFAULT '',
    categorie                  TEXT NOT NULL DEFAULT '',
    libelle_categorie          TEXT NOT NULL DEFAULT '',
    categorie_agregat          TEXT NOT NULL DEFAULT '',
    libelle_categorie_agregat  TEXT NOT NULL DEFAULT '',
    siret                      TEXT NOT NULL DEFAULT '',
    code_ape                   TEXT NOT NULL DEFAULT '',
    code_mft                   TEXT NOT NULL DEFAULT '',
    libelle_mft                TEXT NOT NULL DEFAULT '',
    code_sph                   TEXT NOT NULL DEFAULT '',
    libelle_sph                TEXT NOT NULL DEFAULT '',
    date_ouverture             TEXT NOT NULL DEFAULT '',
    date_autorisation          TEXT NOT NULL DEFAULT '',
    date_maj                   TEXT NOT NULL DEFAULT '',
    numero_uai                 TEXT NOT NULL DEFAULT '',
    digest                     INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

-- One row per `directory-sync import` run. A run first appears as 'running' in a transaction of
-- its own; the final status is written in the import transaction ('applied', 'unchanged'), or on
-- its own after a rollback ('refused', 'failed', 'dry-run'). A 'running' row whose process died
-- is shown as interrupted and closed by the next run.
CREATE TABLE directory_runs (
    id           INTEGER PRIMARY KEY,
    started_at   INTEGER NOT NULL,
    finished_at  INTEGER NOT NULL DEFAULT 0,
    status       TEXT NOT NULL CHECK (status IN ('running', 'applied', 'unchanged', 'refused', 'failed',
                                                 'dry-run', 'interrupted')),
    inputs       TEXT NOT NULL DEFAULT '[]',  -- JSON: [{kind, path, bytes, sha256}]
    summary      TEXT NOT NULL DEFAULT '{}',  -- JSON: counts (rows, rejected, added, removed, changed...)
    rows_accepted INTEGER NOT NULL DEFAULT 0, -- distinct Personne_activite rows (row-count band check)
    duration_ms  INTEGER NOT NULL DEFAULT 0,
    message      TEXT NOT NULL DEFAULT ''
);

-- Change journal: every change an import applied, for pushing updates to relying parties.
-- entity: professional | structure | finess | mssante; action: added | removed | changed |
-- reactivated; fields: comma-separated names of what changed (see docs/directory-sync.md).
CREATE TABLE directory_changes (
    id           INTEGER PRIMARY KEY,
    run_id       INTEGER NOT NULL REFERENCES directory_runs(id),
    changed_at   INTEGER NOT NULL,
    entity       TEXT NOT NULL,
    entity_key   TEXT NOT NULL,
    national_id  TEXT NOT NULL DEFAULT '',    -- the professional concerned, when there is one
    action       TEXT NOT NULL,
    fields       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX directory_changes_by_run ON directory_changes(run_id);
CREATE INDEX directory_changes_by_professional ON directory_changes(national_id) WHERE national_id <> '';

-- National values that changed under a local override (local_overrides is never written by an
-- import): administrators review these.
CREATE TABLE override_notices (
    id           INTEGER PRIMARY KEY,
    run_id       INTEGER NOT NULL REFERENCES directory_runs(id),
    national_id  TEXT NOT NULL,
    field        TEXT NOT NULL,
    noticed_at   INTEGER NOT NULL,
    acknowledged INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX override_notices_by_professional ON override_notices(national_id);
