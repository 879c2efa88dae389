// A full disk (SQLITE_FULL) is a temporary condition: requests that must write answer 503 with
// Retry-After, not 500, and /readyz reports that writes fail. Runs on a small tmpfs (needs root
// and mount; skipped when the machine does not allow it).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { startIdp } from './lib/harness.mjs';
import { request } from './lib/http.mjs';
import { CookieJar } from './lib/http.mjs';
import {
    tokenRequest,
    obtainTokens,
    codeRequest,
    authorizeUrl,
    followAuthorization,
    findLoginForm,
    submitLogin,
} from './lib/flow.mjs';

function mountTmpfs(dir) {
    try {
        execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=8m,mode=0700', 'tmpfs', dir], { stdio: 'ignore' });
        return true;
    } catch {
        return false;
    }
}

// Writes until the file system refuses (ENOSPC).
function fillDisk(dir) {
    const fd = fs.openSync(path.join(dir, 'filler'), 'w');
    const chunk = Buffer.alloc(64 * 1024, 1);
    try {
        for (;;) fs.writeSync(fd, chunk);
    } catch (e) {
        if (e.code !== 'ENOSPC') throw e;
    } finally {
        fs.closeSync(fd);
    }
}

describe('full disk', { timeout: 180000 }, () => {
    let idp;
    let mountDir;
    let mounted = false;
    before(async () => {
        mountDir = fs.mkdtempSync(path.join(os.tmpdir(), 'esculape-full-'));
        mounted = mountTmpfs(mountDir);
        if (mounted) idp = await startIdp({ storage: { path: path.join(mountDir, 'esculape.db') } });
    });
    after(async () => {
        await idp?.stop();
        if (mounted) execFileSync('umount', [mountDir]);
        fs.rmSync(mountDir, { recursive: true, force: true });
    });

    test('writes answer 503 with Retry-After and /readyz says why', async (t) => {
        if (!mounted) return t.skip('cannot mount a tmpfs here');
        const ready = await request(`${idp.admin}/readyz`);
        assert.equal(ready.status, 200, ready.body);
        const client = idp.clients['rp-basic'];
        let refresh = (await obtainTokens(idp, client)).tokens.refresh_token;
        fillDisk(mountDir);
        // Each refresh rotates (new refresh token, used flag, access-token record): the log soon
        // needs pages the disk no longer has.
        let failed;
        for (let i = 0; i < 1000 && !failed; ++i) {
            const r = await tokenRequest(idp, client, { grant_type: 'refresh_token', refresh_token: refresh });
            if (r.status === 200) refresh = r.json().refresh_token;
            else failed = r;
        }
        assert.ok(failed, 'a write eventually fails on the full disk');
        assert.equal(failed.status, 503, failed.body);
        assert.ok(Number(failed.headers['retry-after']) > 0, 'Retry-After');
        assert.equal(failed.json().error, 'temporarily_unavailable');
        const notReady = await request(`${idp.admin}/readyz`);
        assert.equal(notReady.status, 503);
        assert.match(notReady.body, /store not writable: .*full/);

        // A browser's route shows the same failure as the French error page, not JSON.
        const jar = new CookieJar();
        const { params } = codeRequest(client);
        const shown = await followAuthorization(idp, authorizeUrl(idp, params), { redirectUri: params.redirect_uri, jar });
        let answer = shown.page;
        if (answer && findLoginForm(answer.body)) answer = await submitLogin(idp, answer, { login: 'medecin', jar });
        assert.ok(answer, 'the browser got a page');
        assert.equal(answer.status, 503, answer.body?.slice(0, 300));
        assert.match(answer.headers['content-type'], /^text\/html/);
        assert.ok(Number(answer.headers['retry-after']) > 0, 'Retry-After on the page too');
        assert.match(answer.body, /momentanément indisponible/);
        assert.match(answer.body, /temporarily_unavailable/);
    });
});
