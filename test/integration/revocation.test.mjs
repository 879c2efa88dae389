// Token revocation (RFC 7009): a revoked refresh token cuts its family; unknown tokens still answer 200.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startIdp } from './lib/harness.mjs';
import { request } from './lib/http.mjs';
import { obtainTokens, clientPost, tokenRequest } from './lib/flow.mjs';
import { introspect, assertTokenError } from './lib/asserts.mjs';

describe('revocation', { timeout: 180000 }, () => {
    let idp;
    let basic;
    const revoke = (token, client = basic, extra = {}) =>
        clientPost(idp, idp.endpoints.revocation, client, { token, ...extra });
    const refresh = (token, client = basic) =>
        tokenRequest(idp, client, { grant_type: 'refresh_token', refresh_token: token });
    before(async () => {
        idp = await startIdp();
        basic = idp.clients['rp-basic'];
    });
    after(() => idp?.stop());

    test('revoking a refresh token cuts the whole family', async () => {
        const { tokens } = await obtainTokens(idp, basic);
        const next = (await refresh(tokens.refresh_token)).json();
        assert.ok(next.refresh_token);
        const res = await revoke(next.refresh_token, basic, { token_type_hint: 'refresh_token' });
        assert.equal(res.status, 200, res.body);
        assert.match(res.headers['cache-control'] ?? '', /no-store/);
        assertTokenError(await refresh(next.refresh_token), 'invalid_grant');
        assert.equal(
            (await introspect(idp, next.access_token)).active,
            false,
            'access token of the family revoked (RFC 7009 §2.1)',
        );
        assert.equal(
            (await introspect(idp, tokens.access_token)).active,
            false,
            'earlier access token of the family revoked',
        );
    });

    test('a wrong token_type_hint does not prevent revocation', async () => {
        const { tokens } = await obtainTokens(idp, basic);
        assert.equal((await revoke(tokens.refresh_token, basic, { token_type_hint: 'access_token' })).status, 200);
        assertTokenError(await refresh(tokens.refresh_token), 'invalid_grant');
    });

    test('unknown or garbage tokens answer 200 (RFC 7009 §2.2)', async () => {
        assert.equal((await revoke('this-token-never-existed')).status, 200);
        assert.equal((await revoke('a.b.c', basic, { token_type_hint: 'access_token' })).status, 200);
    });

    test("a client cannot revoke another client's token", async () => {
        const { tokens } = await obtainTokens(idp, basic);
        const res = await revoke(tokens.refresh_token, idp.clients['rp-post']);
        assert.ok([200, 400, 401, 403].includes(res.status), `status ${res.status}`);
        assert.equal((await introspect(idp, tokens.access_token)).active, true, 'access token still active');
        assert.equal((await refresh(tokens.refresh_token)).status, 200, 'the owner still refreshes');
    });

    test('client authentication is required; missing token is invalid_request', async () => {
        const { tokens } = await obtainTokens(idp, basic);
        const none = await request(idp.endpoints.revocation, {
            method: 'POST',
            ca: idp.ca,
            form: { token: tokens.refresh_token },
        });
        assertTokenError(none, 'invalid_client', 401);
        assert.equal((await refresh(tokens.refresh_token)).status, 200, 'not revoked by an unauthenticated call');
        assertTokenError(await clientPost(idp, idp.endpoints.revocation, basic, {}), 'invalid_request');
    });
});
