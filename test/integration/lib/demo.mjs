// The demo sandbox data (conf/demo, see its README): lets tests compare what the idp says with the directory.
import fs from 'node:fs';
import path from 'node:path';
import assert from 'node:assert/strict';
import { repoRoot } from './harness.mjs';
import { kExerciceKeys, kActivityKeys } from './psc.mjs';

const demoDir = path.join(repoRoot, 'conf/demo');
let cache;

function load() {
    cache ??= {
        accounts: JSON.parse(fs.readFileSync(path.join(demoDir, 'accounts.json'), 'utf8')),
        professionals: JSON.parse(fs.readFileSync(path.join(demoDir, 'professionals.json'), 'utf8')),
    };
    return cache;
}

// { account, professional } of a demo login.
export function demoPerson(login) {
    const { accounts, professionals } = load();
    const account = accounts.find((a) => a.login === login);
    assert.ok(account, `demo account ${login} exists in conf/demo/accounts.json`);
    const professional = professionals.find((p) => p.national_id === account.national_id);
    return { account, professional };
}

const pick = (obj, keys) => Object.fromEntries(keys.map((k) => [k, obj[k] ?? '']));
const canon = (list) => list.map((x) => JSON.stringify(x)).sort();

// Asserts that UserInfo's identity and SubjectRefPro are exactly the directory's (README: missing keys mean "").
export function assertMatchesDirectory(info, login) {
    const { account, professional: p } = demoPerson(login);
    assert.equal(info.SubjectNameID, account.national_id);
    assert.equal(info.family_name, p.family_name);
    assert.equal(info.given_name, p.given_name);
    assert.equal(info.SubjectRefPro.codeCivilite, p.codeCivilite ?? '');
    const want = p.exercices.map((e) => ({
        ...pick(e, kExerciceKeys),
        activities: canon((e.activities ?? []).map((a) => pick(a, kActivityKeys))),
    }));
    const got = info.SubjectRefPro.exercices.map((e) => ({
        ...pick(e, kExerciceKeys),
        activities: canon(e.activities.map((a) => pick(a, kActivityKeys))),
    }));
    assert.deepEqual(canon(got), canon(want), 'SubjectRefPro.exercices equal the directory');
    const origine = p.id_type === '8' ? 'RPPS' : 'ADELI';
    assert.ok(
        info.otherIds.some((o) => o.origine === origine && o.identifiant === p.identifier),
        `otherIds has {identifiant: ${p.identifier}, origine: ${origine}}: ${JSON.stringify(info.otherIds)}`,
    );
}
