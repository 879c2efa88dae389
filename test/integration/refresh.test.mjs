// refresh_token grant (RFC 6749 §6): rotation on every use, reuse detection revoking the family (RFC 9700 §4.14.2).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startIdp } from './lib/harness.mjs';
import { request } from './lib/http.mjs';
import { tokenRequest, obtainTokens } from './lib/flow.mjs';
import { assertTokenError, introspect } from './lib/asserts.mjs';

describe('refresh tokens', { timeout: 180000 }, () => {
    let idp;
    let basic;
    const refresh = (token, client = basic, extra = {}) =>
        tokenRequest(idp, client, { grant_type: 'refresh_token', refresh_token: token, ...extra });
    before(async () => {
        // Strict reuse detection here; the grace interval for concurrent refreshes is refresh_grace.test.mjs.
        idp = await startIdp({ tokens: { refresh_reuse_grace: 0 } });
        basic = idp.clients['rp-basic'];
    });
    after(() => idp?.stop());

    test('refresh rotates: new access and refresh tokens, same session, not cacheable', async () => {
        const { tokens } = await obtainTokens(idp, basic);
        const res = await refresh(tokens.refresh_token);
        assert.equal(res.status, 200, res.body);
        assert.match(res.headers['cache-control'] ?? '', /no-store/);
        const next = res.json();
        assert.equal(next.token_type, 'Bearer');
        assert.equal(typeof next.refresh_token, 'string');
        assert.notEqual(next.refresh_token, tokens.refresh_token, 'refresh token rotated');
        assert.notEqual(next.access_token, tokens.access_token);
        assert.equal(next.session_state, tokens.session_state);
        assert.ok(next.refresh_expires_in > 0);
        const info = await request(idp.endpoints.userinfo, { ca: idp.ca, bearer: next.access_token });
        assert.equal(info.status, 200, 'the new access token works');
    });

    test('reusing a rotated refresh token → invalid_grant and the whole family is revoked', async () => {
        const { tokens } = await obtainTokens(idp, basic);
        const second = (await refresh(tokens.refresh_token)).json();
        const third = (await refresh(second.refresh_token)).json();
        assert.ok(third.refresh_token, 'second rotation worked');
        assertTokenError(await refresh(tokens.refresh_token), 'invalid_grant');
        assertTokenError(await refresh(third.refresh_token), 'invalid_grant');
        assert.equal((await introspect(idp, third.refresh_token)).active, false, 'latest refresh token revoked');
        assert.equal((await introspect(idp, third.access_token)).active, false, 'access token of the family revoked');
    });

    test("another client's refresh token → invalid_grant, and the owner keeps it", async () => {
        const { tokens } = await obtainTokens(idp, basic);
        assertTokenError(await refresh(tokens.refresh_token, idp.clients['rp-post']), 'invalid_grant');
        assert.equal((await refresh(tokens.refresh_token)).status, 200);
    });

    test('garbage refresh token → invalid_grant; wider scope → invalid_scope', async () => {
        assertTokenError(await refresh('not-a-refresh-token'), 'invalid_grant');
        const { tokens } = await obtainTokens(idp, basic, { overrides: { scope: 'openid' } });
        assertTokenError(await refresh(tokens.refresh_token, basic, { scope: 'openid scope_all' }), 'invalid_scope');
    });
});
