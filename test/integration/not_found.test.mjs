// Unknown paths: a French page for browsers, JSON for programs; a known path with the wrong method: 405 + Allow.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startIdp } from './lib/harness.mjs';
import { request } from './lib/http.mjs';

describe('unknown paths and methods', { timeout: 60000 }, () => {
    let idp;
    before(async () => {
        idp = await startIdp();
    });
    after(() => idp?.stop());

    test('a browser gets the "Page introuvable" page with the security headers', async () => {
        const res = await request(`${idp.base}/nulle-part`, { ca: idp.ca, headers: { accept: 'text/html' } });
        assert.equal(res.status, 404);
        assert.match(res.headers['content-type'], /^text\/html/);
        assert.match(res.body, /Page introuvable/);
        assert.equal(res.headers['x-frame-options'], 'DENY');
    });

    test('a program gets JSON', async () => {
        const res = await request(`${idp.base}/nulle-part`, { ca: idp.ca });
        assert.equal(res.status, 404);
        assert.deepEqual(res.json(), { error: 'not_found' });
    });

    test('DELETE on the token endpoint: 405 with Allow', async () => {
        const res = await request(idp.endpoints.token, { ca: idp.ca, method: 'DELETE' });
        assert.equal(res.status, 405);
        assert.equal(res.headers.allow, 'POST');
    });
});
