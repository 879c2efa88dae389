// The database and the signing keys at rest: file modes, the key-encryption key, refusals at
// start-up (missing, unmigrated, world-readable or unwritable database), `demo-seed` outside dev_mode.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { startIdp, runIdp } from './lib/harness.mjs';
import { request } from './lib/http.mjs';
import { obtainTokens, decodeJwt } from './lib/flow.mjs';
import { verifyJwt } from './lib/jwt.mjs';
import { jose } from './lib/deps.mjs';
import { toToml } from './lib/toml.mjs';

const mode = (p) => fs.statSync(p).mode & 0o777;
const sql = (db, query, ...params) =>
    execFileSync('python3', [
        '-c',
        'import sqlite3,sys,json; c=sqlite3.connect(sys.argv[1]); r=c.execute(sys.argv[2], json.loads(sys.argv[3])).fetchall(); c.commit(); print(json.dumps(r))',
        db,
        query,
        JSON.stringify(params),
    ]).toString();

// Stops the server of `idp` without removing its directory (restartWith serves again).
async function stopOnly(idp) {
    const child = idp.process;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
}

function chattrWorks(file) {
    try {
        execFileSync('chattr', ['+i', file], { stdio: 'ignore' });
        return true;
    } catch {
        return false;
    }
}

// Runs `idp serve` expecting it to refuse: it must exit (not listen) within 20 s.
async function serveRefused(configPath) {
    const r = await runIdp(['serve', '--config', configPath], { timeout: 20000 });
    assert.notEqual(r.code, 0, `serve should have refused:\n${r.stdout}\n${r.stderr}`);
    assert.doesNotMatch(r.stdout, /listening on/);
    return r;
}

describe('database files and key encryption', { timeout: 240000 }, () => {
    let idp;
    let db;
    let dir;
    before(async () => {
        idp = await startIdp();
        db = idp.config.storage.path;
        dir = path.dirname(db);
    });
    after(() => idp?.stop());

    test('the database, its WAL and SHM are 0600, its directory 0700, the key-encryption key 0600', async () => {
        await obtainTokens(idp, idp.clients['rp-basic']); // some writes: the WAL exists
        assert.equal(mode(dir), 0o700);
        for (const f of [db, `${db}-wal`, `${db}-shm`]) assert.equal(mode(f), 0o600, `${f} is 0600`);
        const kek = path.join(dir, 'esculape.kek');
        assert.equal(mode(kek), 0o600, 'generated key-encryption key (dev_mode)');
        assert.equal(Buffer.from(fs.readFileSync(kek, 'utf8').trim(), 'base64').length, 32);
    });

    test('migrate creates a missing data directory 0700 and the database 0600', async () => {
        const fresh = fs.mkdtempSync(path.join(idp.tmp, 'fresh-'));
        const freshDb = path.join(fresh, 'data/sub/esculape.db');
        const freshConfig = path.join(fresh, 'idp.toml');
        fs.writeFileSync(freshConfig, fs.readFileSync(idp.configPath, 'utf8').replace(db, freshDb));
        const r = await runIdp(['migrate', '--config', freshConfig]);
        assert.equal(r.code, 0, r.stderr);
        assert.equal(mode(path.join(fresh, 'data')), 0o700);
        assert.equal(mode(path.join(fresh, 'data/sub')), 0o700);
        assert.equal(mode(freshDb), 0o600);
        assert.equal(mode(path.join(fresh, 'data/sub/esculape.kek')), 0o600);
    });

    test('no private key is stored in clear: the database holds only encrypted keys', async () => {
        const rows = JSON.parse(sql(db, 'SELECT kid, private_pem FROM signing_keys'));
        assert.ok(rows.length >= 2, 'RS256 and ES256 keys');
        for (const [kid, stored] of rows) assert.match(stored, /^esc-kw1:/, `key ${kid} is encrypted`);
        for (const f of [db, `${db}-wal`])
            if (fs.existsSync(f)) assert.ok(!fs.readFileSync(f).includes('PRIVATE KEY'), `${f} has no PEM key`);
    });

    test('a key stored in clear by an older version is encrypted by migrate and still signs', async () => {
        const { privateKey, publicKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
        const jwk = await jose.exportJWK(publicKey);
        const kid = await jose.calculateJwkThumbprint(jwk);
        const pem = privateKey.export({ type: 'pkcs8', format: 'pem' });
        const publicJwk = JSON.stringify({ ...jwk, kid, use: 'sig', alg: 'ES256' });
        const now = Math.floor(Date.now() / 1000) + 5; // newer than the current ES256 key: it signs
        await stopOnly(idp);
        sql(db, "UPDATE signing_keys SET retired_at = ?, publish_until = ? WHERE alg = 'ES256'", now, now + 600);
        sql(
            db,
            'INSERT INTO signing_keys(kid, alg, private_pem, public_jwk_json, created_at, retired_at, publish_until) ' +
                'VALUES (?, ?, ?, ?, ?, 0, 0)',
            kid,
            'ES256',
            pem,
            publicJwk,
            now,
        );
        const migrated = await idp.restartWith(['migrate']);
        assert.equal(migrated.code, 0, migrated.stderr);
        assert.match(migrated.stdout, /encrypted 1 signing key/);
        const [[stored]] = JSON.parse(sql(db, 'SELECT private_pem FROM signing_keys WHERE kid = ?', kid));
        assert.match(stored, /^esc-kw1:/);
        assert.ok(!stored.includes(pem.split('\n')[1]), 'no clear key material left');
        const client = idp.clients['rp-es'];
        const { tokens } = await obtainTokens(idp, client);
        assert.equal(decodeJwt(tokens.id_token).header.kid, kid, 'the formerly clear key signs');
        await jose.jwtVerify(tokens.id_token, publicKey, { audience: client.id });
        await verifyJwt(idp, tokens.id_token, { audience: client.id });
    });

    test('a copy of the database without its key-encryption key cannot sign: serve refuses', async () => {
        await stopOnly(idp);
        const kek = path.join(dir, 'esculape.kek');
        const saved = fs.readFileSync(kek);
        fs.writeFileSync(kek, `${crypto.randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
        try {
            const r = await serveRefused(idp.configPath);
            assert.match(r.stderr, /signing key \S+ cannot be decrypted/);
            assert.match(r.stderr, /keys\.encryption_key_file/);
        } finally {
            fs.writeFileSync(kek, saved, { mode: 0o600 });
        }
        fs.chmodSync(kek, 0o644);
        try {
            const r = await serveRefused(idp.configPath);
            assert.match(r.stderr, new RegExp(`${kek} has mode 0644.*chmod 600 ${kek}`));
        } finally {
            fs.chmodSync(kek, 0o600);
        }
    });

    test('serve refuses a database or directory that group or others can read, saying what to chmod', async () => {
        await stopOnly(idp);
        fs.chmodSync(db, 0o644);
        try {
            const r = await serveRefused(idp.configPath);
            assert.match(r.stderr, new RegExp(`${db} has mode 0644.*chmod 600 ${db}`));
        } finally {
            fs.chmodSync(db, 0o600);
        }
        fs.chmodSync(dir, 0o755);
        try {
            const r = await serveRefused(idp.configPath);
            assert.match(r.stderr, new RegExp(`${dir} has mode 0755.*chmod 700 ${dir}`));
        } finally {
            fs.chmodSync(dir, 0o700);
        }
    });

    test('serve refuses an immutable database file, naming it (instead of dying of SIGBUS)', async (t) => {
        await stopOnly(idp);
        if (!chattrWorks(db)) return t.skip('chattr +i is not available here (the rule is unit-tested)');
        try {
            const r = await serveRefused(idp.configPath);
            assert.match(r.stderr, new RegExp(`${db} is not writable`));
        } finally {
            execFileSync('chattr', ['-i', db]);
        }
    });

    test('serve refuses a missing or unmigrated database and names the migrate command', async () => {
        await stopOnly(idp);
        const aside = `${db}.aside`;
        fs.renameSync(db, aside);
        try {
            const r = await serveRefused(idp.configPath);
            assert.match(r.stderr, new RegExp(`${db} does not exist.*idp migrate --config ${idp.configPath}`));
            assert.ok(!fs.existsSync(db), 'serve did not create an empty database');
            fs.writeFileSync(db, '', { mode: 0o600 }); // an empty file: schema version 0
            const unmigrated = await serveRefused(idp.configPath);
            assert.match(unmigrated.stderr, /schema version 0, this idp needs version \d+: run `idp migrate --config/);
            for (const cmd of [['demo-seed'], ['keys', 'list']]) {
                fs.rmSync(db, { force: true });
                const r2 = await runIdp([...cmd, '--config', idp.configPath]);
                assert.equal(r2.code, 1, `${cmd.join(' ')} on a missing database`);
                assert.match(r2.stderr, /does not exist.*idp migrate/);
                assert.ok(!fs.existsSync(db));
            }
        } finally {
            fs.rmSync(db, { force: true });
            fs.renameSync(aside, db);
        }
        await idp.restartWith([]);
        const jwks = await request(idp.endpoints.jwks, { ca: idp.ca });
        assert.equal(jwks.status, 200, 'the original database serves again');
    });

    test('the development certificate is a leaf (CA:FALSE) and its key is 0600', async () => {
        const out = fs.mkdtempSync(path.join(idp.tmp, 'cert-'));
        const r = await runIdp(['dev-cert', '--out', path.join(out, 'dev')]);
        assert.equal(r.code, 0, r.stderr);
        assert.equal(mode(path.join(out, 'dev/server.key')), 0o600);
        const cert = new crypto.X509Certificate(fs.readFileSync(path.join(out, 'dev/server.crt')));
        assert.equal(cert.ca, false, 'not a certification authority');
        assert.ok(cert.checkHost('localhost'));
        // The server really serves it and node trusts it pinned as the only CA.
        assert.equal((await request(`${idp.base}/healthz`, { ca: idp.ca })).status, 200);
        assert.equal(new crypto.X509Certificate(idp.ca).ca, false);
    });

    test('demo-seed refuses to load the sandbox when dev_mode = false', async () => {
        const prodDir = fs.mkdtempSync(path.join(idp.tmp, 'prod-'));
        const kek = path.join(prodDir, 'kek');
        fs.writeFileSync(kek, `${crypto.randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
        const hmac = path.join(prodDir, 'hmac');
        fs.writeFileSync(hmac, `${crypto.randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
        const config = {
            ...idp.config,
            dev_mode: false,
            storage: { backend: 'sqlite', path: path.join(prodDir, 'esculape.db') },
            keys: { encryption_key_file: kek, hmac_secret_file: hmac },
            clients: {},
        };
        const configPath = path.join(prodDir, 'idp.toml');
        fs.writeFileSync(configPath, toToml(config));
        const migrated = await runIdp(['migrate', '--config', configPath]);
        assert.equal(migrated.code, 0, migrated.stderr);
        const r = await runIdp(['demo-seed', '--config', configPath]);
        assert.equal(r.code, 1, r.stdout);
        assert.match(r.stderr, /demo-seed: refused because dev_mode = false/);
        const [[accounts]] = JSON.parse(sql(config.storage.path, 'SELECT COUNT(*) FROM accounts'));
        assert.equal(accounts, 0, 'no sandbox account in a production database');
    });
});
