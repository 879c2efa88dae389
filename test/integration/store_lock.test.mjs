// A store write that waits never stalls the I/O thread (issue 6): while another process holds
// SQLite's write lock (as a second node or directory-sync's apply phase does), a refresh waits on a
// store worker and the one I/O thread still answers reads; once the lock is released the refresh
// completes, committed before it is answered.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { startIdp } from './lib/harness.mjs';
import { request } from './lib/http.mjs';
import { tokenRequest, obtainTokens } from './lib/flow.mjs';

// `sqlite3` holding the write lock (BEGIN IMMEDIATE) until release() commits and exits.
async function holdWriteLock(dbPath) {
    const child = spawn('sqlite3', ['-cmd', '.timeout 5000', dbPath], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    await new Promise((resolve, reject) => {
        child.stdout.on('data', (d) => {
            out += d;
            if (out.includes('locked')) resolve();
        });
        child.on('exit', (code) => reject(new Error(`sqlite3 exited (${code}) before taking the lock: ${out}`)));
        child.stdin.write("BEGIN IMMEDIATE;\nSELECT 'locked';\n");
    });
    return {
        release: () =>
            new Promise((resolve) => {
                child.removeAllListeners('exit');
                child.on('exit', resolve);
                child.stdin.end('COMMIT;\n');
            }),
    };
}

describe('store writes off the I/O thread', { timeout: 60000 }, () => {
    let idp;
    let basic;
    before(async () => {
        idp = await startIdp({ server: { worker_threads: 1, store_workers: 1 } });
        basic = idp.clients['rp-basic'];
    });
    after(() => idp?.stop());

    test('reads are answered while a refresh waits for the write lock, which then completes', async () => {
        const { tokens } = await obtainTokens(idp, basic);
        const lock = await holdWriteLock(idp.config.storage.path);
        let refreshed = null;
        const pending = tokenRequest(idp, basic, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token }).then(
            (r) => (refreshed = r),
        );
        // Long enough for the refresh to be read and to reach the lock (it waits up to 5 s for it).
        await new Promise((r) => setTimeout(r, 400));
        const started = Date.now();
        const health = await request(`${idp.base}/healthz`, { ca: idp.ca });
        const info = await request(idp.endpoints.userinfo, {
            ca: idp.ca,
            headers: { Authorization: `Bearer ${tokens.access_token}` },
        });
        const discovery = await request(`${idp.issuer}/.well-known/openid-configuration`, { ca: idp.ca });
        const readsTook = Date.now() - started;
        assert.equal(health.status, 200);
        assert.equal(info.status, 200, info.body);
        assert.equal(discovery.status, 200);
        assert.equal(refreshed, null, 'the refresh is still waiting for the lock while the reads were answered');
        assert.ok(readsTook < 2000, `three reads took ${readsTook} ms while a write waited`);
        await lock.release();
        const res = await pending;
        assert.equal(res.status, 200, res.body);
        assert.ok(res.json().refresh_token && res.json().refresh_token !== tokens.refresh_token);
        // The rotation was committed: presenting the old token again (within the reuse grace) gets
        // the tokens already issued for it, read back from the store.
        const again = await tokenRequest(idp, basic, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
        assert.equal(again.status, 200, again.body);
        assert.equal(again.json().refresh_token, res.json().refresh_token);
    });
});
