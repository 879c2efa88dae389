// The idp serves the directory that directory-sync imports: a professional renamed by a delta import
// shows the new name in userinfo with the next token, while the idp keeps running (issue 3, Tests).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startIdp } from '../integration/lib/harness.mjs';
import { request } from '../integration/lib/http.mjs';
import { obtainTokens, DEMO_PASSWORD } from '../integration/lib/flow.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const syncBin = process.env.DIRECTORY_SYNC_BIN;

function importSet(db, folder) {
    const files = fs.readdirSync(folder).sort();
    const pick = (prefix) => path.join(folder, files.find((f) => f.startsWith(prefix)));
    const out = execFileSync(syncBin, [
        'import', '--db', db, '--json',
        '--personne-activite', pick('PS_LibreAcces_Personne'),
        '--savoir-faire', pick('PS_LibreAcces_SavoirFaire'),
        '--finess', pick('etalab'),
        '--mssante', pick('Extraction'),
    ]);
    return JSON.parse(out.toString('utf8'));
}

async function userinfoOf(idp, client, login) {
    const { tokens } = await obtainTokens(idp, client, { login });
    const res = await request(idp.endpoints.userinfo, { ca: idp.ca, bearer: tokens.access_token });
    assert.equal(res.status, 200, res.body);
    return res.json();
}

describe('idp claims after a directory import', { timeout: 180000 }, () => {
    let idp;
    let tmp;
    let expected;
    before(async () => {
        assert.ok(syncBin, 'DIRECTORY_SYNC_BIN must name the directory-sync binary');
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'directory-sync-idp-'));
        execFileSync('python3', [path.join(here, 'make_fixtures.py'), path.join(tmp, 'fixtures')]);
        expected = JSON.parse(fs.readFileSync(path.join(tmp, 'fixtures/expected.json'), 'utf8')).delta;
        const db = path.join(tmp, 'esculape.db');
        assert.equal(importSet(db, path.join(tmp, 'fixtures/base')).status, 'applied');
        // An account linked by national id to an imported professional (demo-seed checks it exists).
        const demo = path.join(tmp, 'demo');
        fs.mkdirSync(demo);
        fs.writeFileSync(path.join(demo, 'professionals.json'), '[]');
        fs.writeFileSync(
            path.join(demo, 'accounts.json'),
            JSON.stringify([
                {
                    login: 'importe',
                    national_id: expected.renamed,
                    email: 'importe@demo-esculape.example',
                    email_verified: true,
                    password: DEMO_PASSWORD,
                },
            ]),
        );
        idp = await startIdp({ top: { demo_dir: demo }, storage: { path: db } });
    });
    after(async () => {
        await idp?.stop();
        if (tmp && !process.env.IDP_KEEP_TMP) fs.rmSync(tmp, { recursive: true, force: true });
    });

    test('a delta that renames the professional changes userinfo for the next token', async () => {
        const client = idp.clients['rp-basic'];
        const before = await userinfoOf(idp, client, 'importe');
        assert.notEqual(before.family_name, expected.new_family_name);
        assert.ok(before.family_name.length > 0, JSON.stringify(before));

        const summary = importSet(idp.config.storage.path, path.join(tmp, 'fixtures/delta'));
        assert.equal(summary.status, 'applied');
        assert.ok(summary.professionals.changed >= 1, JSON.stringify(summary));

        const after = await userinfoOf(idp, client, 'importe');
        assert.equal(after.family_name, expected.new_family_name);
        assert.equal(after.given_name, before.given_name);
        assert.equal(after.sub, before.sub);
    });
});
