// Token endpoint, authorization_code grant (RFC 6749 §4.1.3, §5; RFC 7636 §4.6; RFC 9700 §4.2.4 code replay).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startIdp } from './lib/harness.mjs';
import { request } from './lib/http.mjs';
import { loginThroughForm, tokenRequest, pkcePair } from './lib/flow.mjs';
import { assertTokenError, introspect, exchangeFields } from './lib/asserts.mjs';

describe('token endpoint: authorization_code', { timeout: 180000 }, () => {
    let idp;
    let basic;
    before(async () => {
        idp = await startIdp();
        basic = idp.clients['rp-basic'];
    });
    after(() => idp?.stop());

    test('code exchange returns the PSC token response, not cacheable', async () => {
        const flow = await loginThroughForm(idp, basic);
        const res = await tokenRequest(idp, basic, exchangeFields(flow));
        assert.equal(res.status, 200, res.body);
        assert.match(res.headers['content-type'], /^application\/json/);
        assert.match(res.headers['cache-control'] ?? '', /no-store/);
        const t = res.json();
        assert.equal(typeof t.access_token, 'string');
        assert.equal(t.token_type, 'Bearer');
        assert.equal(t.expires_in, 120, 'expires_in = tokens.access_token_lifetime');
        assert.equal(typeof t.refresh_token, 'string');
        assert.equal(t.refresh_expires_in, 1800, 'refresh_expires_in = tokens.refresh_token_lifetime');
        assert.equal(typeof t.id_token, 'string');
        assert.equal(t.access_token.split('.').length, 3, 'access token is a JWS');
        assert.ok(t.scope.split(' ').includes('openid'));
        assert.ok(t.scope.split(' ').includes('scope_all'));
        assert.equal(typeof t.session_state, 'string');
        assert.ok(t.session_state.length > 0);
    });

    test('code replay → invalid_grant, and what the first exchange issued is revoked', async () => {
        const flow = await loginThroughForm(idp, basic);
        const first = await tokenRequest(idp, basic, exchangeFields(flow));
        assert.equal(first.status, 200, first.body);
        const issued = first.json();
        assert.equal((await introspect(idp, issued.access_token)).active, true, 'active before the replay');
        assertTokenError(await tokenRequest(idp, basic, exchangeFields(flow)), 'invalid_grant');
        assert.equal(
            (await introspect(idp, issued.access_token)).active,
            false,
            'access token revoked after code replay',
        );
        const refreshed = await tokenRequest(idp, basic, {
            grant_type: 'refresh_token',
            refresh_token: issued.refresh_token,
        });
        assertTokenError(refreshed, 'invalid_grant');
    });

    test('redirect_uri must equal the one of the authorization request', async () => {
        const flow = await loginThroughForm(idp, basic);
        assertTokenError(
            await tokenRequest(idp, basic, exchangeFields(flow, { redirect_uri: basic.redirect_uris[1] })),
            'invalid_grant',
        );
        const flow2 = await loginThroughForm(idp, basic);
        const missing = await tokenRequest(idp, basic, exchangeFields(flow2, { redirect_uri: undefined }));
        assert.equal(missing.status, 400, missing.body);
        assert.ok(['invalid_grant', 'invalid_request'].includes(missing.json().error), missing.body);
    });

    test('PKCE verifier mismatch or absence → invalid_grant', async () => {
        const flow = await loginThroughForm(idp, basic);
        assertTokenError(
            await tokenRequest(idp, basic, exchangeFields(flow, { code_verifier: pkcePair().verifier })),
            'invalid_grant',
        );
        const flow2 = await loginThroughForm(idp, basic);
        const missing = await tokenRequest(idp, basic, exchangeFields(flow2, { code_verifier: undefined }));
        assert.equal(missing.status, 400);
        assert.ok(['invalid_grant', 'invalid_request'].includes(missing.json().error), missing.body);
        // A verifier sent although no challenge was: refused too (RFC 9700 §4.8.2, PKCE downgrade).
        const flow3 = await loginThroughForm(idp, basic, {
            overrides: { code_challenge: undefined, code_challenge_method: undefined },
        });
        assertTokenError(await tokenRequest(idp, basic, exchangeFields(flow3)), 'invalid_grant');
    });

    test('wrong client secret → 401 invalid_client with WWW-Authenticate', async () => {
        const flow = await loginThroughForm(idp, basic);
        const res = await tokenRequest(idp, basic, exchangeFields(flow), {
            auth: { basic: [basic.id, `${basic.secret}x`] },
        });
        assertTokenError(res, 'invalid_client', 401);
        assert.match(res.headers['www-authenticate'] ?? '', /^Basic realm=/i);
        const none = await request(idp.endpoints.token, { method: 'POST', ca: idp.ca, form: exchangeFields(flow) });
        assertTokenError(none, 'invalid_client', 401);
        // The code was not burnt by failed client authentication.
        assert.equal((await tokenRequest(idp, basic, exchangeFields(flow))).status, 200);
    });

    test("another client's code → invalid_grant", async () => {
        const flow = await loginThroughForm(idp, basic);
        const post = idp.clients['rp-post'];
        assertTokenError(await tokenRequest(idp, post, exchangeFields(flow)), 'invalid_grant');
    });

    test('garbage code, unsupported grant, missing grant_type, grant not allowed for the client', async () => {
        assertTokenError(
            await tokenRequest(idp, basic, {
                grant_type: 'authorization_code',
                code: 'nope',
                redirect_uri: basic.redirect_uris[0],
                code_verifier: pkcePair().verifier,
            }),
            'invalid_grant',
        );
        assertTokenError(
            await tokenRequest(idp, basic, { grant_type: 'password', username: 'medecin', password: 'esculape-demo' }),
            'unsupported_grant_type',
        );
        assertTokenError(
            await tokenRequest(idp, basic, { grant_type: 'urn:example:nothing' }),
            'unsupported_grant_type',
        );
        assertTokenError(await tokenRequest(idp, basic, {}), 'invalid_request');
        assertTokenError(await tokenRequest(idp, basic, { grant_type: 'client_credentials' }), 'unauthorized_client');
    });

    test('public client exchanges its code with PKCE and client_id only', async () => {
        const spa = idp.clients.spa;
        const flow = await loginThroughForm(idp, spa);
        const res = await tokenRequest(idp, spa, exchangeFields(flow));
        assert.equal(res.status, 200, res.body);
        assert.equal(typeof res.json().id_token, 'string');
    });

    test('GET on the token endpoint is refused', async () => {
        const res = await request(idp.endpoints.token, { ca: idp.ca });
        assert.ok([400, 405].includes(res.status), `GET token → ${res.status}`);
    });
});
