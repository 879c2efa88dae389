// The Pro Santé Connect UserInfo shape (shared/docs/psc-profile.md, "UserInfo (scope_all)"), checked key by key.
import assert from 'node:assert/strict';

export const kTopStrings = [
    'sub',
    'SubjectNameID',
    'preferred_username',
    'given_name',
    'family_name',
    'SubjectOrganization',
    'SubjectOrganizationID',
    'Secteur_Activite',
    'PSI_Locale',
    'Palier_Authentification',
    'Mode_Acces_Raison',
    'Acces_Regulation_Medicale',
    'UITVersion',
    'authMode',
];

export const kExerciceKeys = [
    'codeProfession',
    'codeCategorieProfessionnelle',
    'codeCiviliteDexercice',
    'nomDexercice',
    'prenomDexercice',
    'codeTypeSavoirFaire',
    'codeSavoirFaire',
];

export const kActivityKeys = [
    'codeModeExercice',
    'codeSecteurDactivite',
    'codeSectionPharmacien',
    'codeRole',
    'codeGenreActivite',
    'numeroSiretSite',
    'numeroSirenSite',
    'numeroFinessSite',
    'numeroFinessetablissementJuridique',
    'identifiantTechniqueDeLaStructure',
    'raisonSocialeSite',
    'enseigneCommercialeSite',
    'complementDestinataire',
    'complementPointGeographique',
    'numeroVoie',
    'indiceRepetitionVoie',
    'codeTypeDeVoie',
    'libelleVoie',
    'mentionDistribution',
    'bureauCedex',
    'codePostal',
    'codeCommune',
    'codePays',
    'telephone',
    'telephone2',
    'telecopie',
    'adresseEMail',
    'codeDepartement',
    'ancienIdentifiantDeLaStructure',
    'autoriteDenregistrement',
];

const kRoleOid = '1.2.250.1.213.1.1.5.5';
const kSectorOid = '1.2.250.1.71.4.2.4';

function assertStrings(obj, keys, where) {
    for (const k of keys) {
        assert.ok(Object.hasOwn(obj, k), `${where}: key ${k} missing`);
        assert.equal(
            typeof obj[k],
            'string',
            `${where}.${k} must be a string ("" when empty), got ${JSON.stringify(obj[k])}`,
        );
    }
}

// Asserts the full PSC claim set and its internal consistency; returns the list of all activities.
export function assertPscUserinfo(info) {
    assertStrings(info, kTopStrings, 'userinfo');
    assert.equal(typeof info.email_verified, 'boolean', 'email_verified must be a boolean');
    assert.match(info.SubjectNameID, /^[0-9A-Za-z]{2,}$/, 'SubjectNameID is a national id');
    assert.equal(info.preferred_username, info.SubjectNameID, 'preferred_username = SubjectNameID = national id');
    assert.equal(info.PSI_Locale, '1.2.250.1.213.1.3.1.1');
    // The palier follows how the professional authenticated (DMP access level), never a fixed 3.
    const paliers = { PASSWORD: 'APPPRIP1', MOBILE: 'APPPRIP2', CARD: 'APPPRIP3', CERTIFICATE: 'APPPRIP3' };
    const palier = paliers[info.authMode];
    assert.ok(palier, `authMode ${info.authMode} is a PSC value`);
    assert.equal(info.Palier_Authentification, `${palier}^1.2.250.1.213.1.5.1.1.1`);
    assert.equal(info.Mode_Acces_Raison, '');
    assert.equal(info.Acces_Regulation_Medicale, 'FAUX');
    assert.equal(info.UITVersion, '1.0');

    const ref = info.SubjectRefPro;
    assert.ok(ref && typeof ref === 'object' && !Array.isArray(ref), 'SubjectRefPro is an object');
    assertStrings(ref, ['codeCivilite'], 'SubjectRefPro');
    assert.ok(Array.isArray(ref.exercices) && ref.exercices.length > 0, 'SubjectRefPro.exercices is a non-empty array');
    const activities = [];
    ref.exercices.forEach((ex, i) => {
        assertStrings(ex, kExerciceKeys, `exercices[${i}]`);
        assert.ok(Array.isArray(ex.activities), `exercices[${i}].activities is an array`);
        ex.activities.forEach((act, j) => assertStrings(act, kActivityKeys, `exercices[${i}].activities[${j}]`));
        activities.push(...ex.activities);
    });
    const professions = [...new Set(ref.exercices.map((e) => e.codeProfession))];
    assert.ok(professions.length === ref.exercices.length, 'one exercice per profession');

    assert.ok(Array.isArray(info.SubjectRole), 'SubjectRole is an array');
    assert.deepEqual(
        [...info.SubjectRole].sort(),
        professions.map((p) => `${p}^${kRoleOid}`).sort(),
        'SubjectRole = [<codeProfession>^1.2.250.1.213.1.1.5.5] for each exercice',
    );
    if (activities.length > 0) {
        assert.ok(
            activities.some((a) => info.Secteur_Activite === `${a.codeSecteurDactivite}^${kSectorOid}`),
            `Secteur_Activite ${info.Secteur_Activite} comes from an activity's codeSecteurDactivite`,
        );
        assert.ok(
            activities.some((a) => a.raisonSocialeSite === info.SubjectOrganization),
            `SubjectOrganization ${info.SubjectOrganization} is the name of one activity's structure`,
        );
    }
    assert.ok(Array.isArray(info.otherIds) && info.otherIds.length > 0, 'otherIds is a non-empty array');
    for (const o of info.otherIds) {
        assert.equal(typeof o.identifiant, 'string', 'otherIds[].identifiant');
        assert.equal(typeof o.origine, 'string', 'otherIds[].origine');
        assert.equal(o.qualite, 1, 'otherIds[].qualite');
    }
    return activities;
}
