// Token introspection (RFC 7662) with PSC extras (client_id, username, SubjectNameID), client authentication required.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startIdp } from './lib/harness.mjs';
import { request } from './lib/http.mjs';
import { obtainTokens, clientPost, decodeJwt } from './lib/flow.mjs';
import { introspect, assertTokenError } from './lib/asserts.mjs';

describe('introspection', { timeout: 180000 }, () => {
    let idp;
    let basic;
    let issued;
    before(async () => {
        idp = await startIdp({ clientOverrides: { rs: { resource_server: true } } });
        basic = idp.clients['rp-basic'];
        issued = await obtainTokens(idp, basic, { login: 'medecin' });
    });
    after(() => idp?.stop());

    test('an active access token: active true with its claims, client_id, username, SubjectNameID', async () => {
        const res = await clientPost(idp, idp.endpoints.introspection, basic, { token: issued.tokens.access_token });
        assert.equal(res.status, 200, res.body);
        assert.match(res.headers['content-type'], /^application\/json/);
        assert.match(res.headers['cache-control'] ?? '', /no-store/);
        const r = res.json();
        const claims = decodeJwt(issued.tokens.access_token).payload;
        assert.equal(r.active, true);
        assert.equal(r.client_id, basic.id);
        assert.equal(r.sub, claims.sub);
        assert.equal(r.iss, idp.issuer);
        assert.equal(r.exp, claims.exp);
        assert.equal(r.scope, claims.scope);
        assert.equal(r.username, claims.preferred_username);
        assert.equal(r.SubjectNameID, claims.preferred_username);
        assert.match(r.SubjectNameID, /^8\d{11}$/);
        if (r.token_type !== undefined) assert.match(r.token_type, /^(Bearer|access_token)$/i);
    });

    test("another client learns nothing about a client's tokens (RFC 7662 §4)", async () => {
        const post = idp.clients['rp-post'];
        assert.deepEqual(await introspect(idp, issued.tokens.access_token, post), { active: false });
        assert.deepEqual(await introspect(idp, issued.tokens.refresh_token, post), { active: false });
        assert.equal((await introspect(idp, issued.tokens.refresh_token)).active, true, 'the owner still may');
    });

    test('a client registered as resource server may introspect access tokens, not refresh tokens', async () => {
        const rs = idp.clients.rs;
        const r = await introspect(idp, issued.tokens.access_token, rs);
        assert.equal(r.active, true);
        assert.equal(r.client_id, basic.id);
        assert.deepEqual(await introspect(idp, issued.tokens.refresh_token, rs), { active: false });
    });

    test('garbage, altered and ID tokens are inactive, and nothing else is said about them', async () => {
        const [h, p, s] = issued.tokens.access_token.split('.');
        const altered = `${h}.${p}.${s.slice(0, -4)}${s.endsWith('AAAA') ? 'BBBB' : 'AAAA'}`;
        for (const token of ['garbage', altered, issued.tokens.id_token]) {
            const r = await introspect(idp, token);
            assert.deepEqual(r, { active: false }, `token ${token.slice(0, 20)}…`);
        }
    });

    test('a revoked access token is inactive', async () => {
        const { tokens } = await obtainTokens(idp, basic, { login: 'medecin' });
        assert.equal((await introspect(idp, tokens.access_token)).active, true);
        const rev = await clientPost(idp, idp.endpoints.revocation, basic, {
            token: tokens.access_token,
            token_type_hint: 'access_token',
        });
        assert.equal(rev.status, 200, rev.body);
        assert.deepEqual(await introspect(idp, tokens.access_token), { active: false });
    });

    test('client authentication is required', async () => {
        const none = await request(idp.endpoints.introspection, {
            method: 'POST',
            ca: idp.ca,
            form: { token: issued.tokens.access_token },
        });
        assertTokenError(none, 'invalid_client', 401);
        assert.match(none.headers['www-authenticate'] ?? '', /^Basic/i);
        const wrong = await clientPost(
            idp,
            idp.endpoints.introspection,
            basic,
            { token: issued.tokens.access_token },
            { auth: { basic: [basic.id, `${basic.secret}x`] } },
        );
        assertTokenError(wrong, 'invalid_client', 401);
        // A public client cannot authenticate, so it cannot introspect.
        const spa = await clientPost(idp, idp.endpoints.introspection, idp.clients.spa, {
            token: issued.tokens.access_token,
        });
        assert.equal(spa.status, 401);
    });
});
