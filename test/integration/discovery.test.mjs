// OpenID Connect Discovery 1.0 §4: both PSC paths serve one document that advertises only what works.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startIdp } from './lib/harness.mjs';
import { request } from './lib/http.mjs';

describe('discovery', { timeout: 120000 }, () => {
    let idp;
    let doc;
    before(async () => {
        idp = await startIdp();
        const res = await request(idp.endpoints.discovery, { ca: idp.ca });
        assert.equal(res.status, 200);
        assert.match(res.headers['content-type'], /^application\/json/);
        doc = res.json();
    });
    after(() => idp?.stop());

    test('the wallet path serves the same document', async () => {
        const res = await request(idp.endpoints.walletDiscovery, { ca: idp.ca });
        assert.equal(res.status, 200);
        assert.deepEqual(res.json(), doc);
    });

    test('issuer is exactly the configured issuer', () => {
        assert.equal(doc.issuer, idp.issuer);
    });

    test('endpoints sit under the issuer at the PSC (Keycloak) paths', () => {
        const e = idp.endpoints;
        assert.equal(doc.authorization_endpoint, e.authorization);
        assert.equal(doc.token_endpoint, e.token);
        assert.equal(doc.userinfo_endpoint, e.userinfo);
        assert.equal(doc.jwks_uri, e.jwks);
        assert.equal(doc.end_session_endpoint, e.logout);
        assert.equal(doc.introspection_endpoint, e.introspection);
        assert.equal(doc.revocation_endpoint, e.revocation);
    });

    test('every advertised endpoint answers (no 404/405/5xx)', async () => {
        const urls = Object.entries(doc).filter(
            ([k, v]) => (k.endsWith('_endpoint') || k === 'jwks_uri') && typeof v === 'string',
        );
        assert.ok(urls.length >= 7, `expected at least 7 endpoints, got ${urls.map(([k]) => k)}`);
        for (const [key, url] of urls) {
            assert.ok(url.startsWith(`${idp.issuer}/`), `${key} ${url} is under the issuer`);
            // Token-style endpoints only take POST; the others answer GET.
            const post = /token|introspection|revocation|backchannel/.test(key);
            const res = await request(url, post ? { method: 'POST', form: {}, ca: idp.ca } : { ca: idp.ca });
            assert.ok(![404, 405].includes(res.status) && res.status < 500, `${key} ${url} answered ${res.status}`);
        }
    });

    test('advertised protocol values match what the server does', () => {
        assert.deepEqual(doc.response_types_supported, ['code']);
        assert.ok(doc.code_challenge_methods_supported.includes('S256'));
        for (const m of ['client_secret_basic', 'client_secret_post', 'private_key_jwt']) {
            assert.ok(
                doc.token_endpoint_auth_methods_supported.includes(m),
                `token_endpoint_auth_methods_supported has ${m}`,
            );
        }
        assert.deepEqual([...doc.id_token_signing_alg_values_supported].sort(), ['ES256', 'RS256']);
        for (const key of Object.keys(doc).filter((k) => k.endsWith('alg_values_supported'))) {
            assert.ok(!doc[key].map((a) => a.toLowerCase()).includes('none'), `${key} must not contain none`);
            assert.ok(!doc[key].some((a) => a.startsWith('HS')), `${key} must not contain a symmetric alg`);
        }
        for (const g of ['authorization_code', 'refresh_token', 'client_credentials']) {
            assert.ok(doc.grant_types_supported.includes(g), `grant_types_supported has ${g}`);
        }
        for (const g of ['implicit', 'password'])
            assert.ok(!doc.grant_types_supported.includes(g), `${g} is not advertised`);
        assert.ok(doc.scopes_supported.includes('openid'));
        assert.ok(doc.subject_types_supported.includes('public'));
        if (doc.response_modes_supported) {
            assert.ok(doc.response_modes_supported.includes('query'));
            assert.ok(!doc.response_modes_supported.includes('fragment'), 'fragment mode needs implicit/hybrid flows');
        }
        // RFC 9207 §3: the server sends iss in authorization responses and says so.
        assert.equal(doc.authorization_response_iss_parameter_supported, true);
        assert.ok(doc.claims_supported?.includes('sub'), 'claims_supported lists sub');
    });

    test('PKCE methods and scopes: only what some client can use', () => {
        // The test clients include rp-plain (allow_plain_pkce) and none may obtain offline_access.
        assert.deepEqual(doc.code_challenge_methods_supported, ['S256', 'plain']);
        for (const s of ['openid', 'profile', 'email', 'scope_all', 'identity', 'interop', 'referentiel', 'rpps'])
            assert.ok(doc.scopes_supported.includes(s), `scopes_supported has ${s}`);
        for (const s of ['address', 'phone', 'eidas1', 'offline_access'])
            assert.ok(!doc.scopes_supported.includes(s), `${s} has nothing behind it here`);
    });

    test('without a plain-PKCE client only S256; offline_access once a client may obtain it', async () => {
        const other = await startIdp({
            clientOverrides: { 'rp-plain': null, 'rp-basic': { allow_offline_access: true } },
        });
        try {
            const d = (await request(other.endpoints.discovery, { ca: other.ca })).json();
            assert.deepEqual(d.code_challenge_methods_supported, ['S256']);
            assert.ok(d.scopes_supported.includes('offline_access'));
        } finally {
            await other.stop();
        }
    });

    test('signing algorithms follow [tokens] signing_algs', async () => {
        const other = await startIdp({
            tokens: { signing_algs: ['ES256'], default_alg: 'ES256' },
            clientDefaults: { id_token_signed_response_alg: 'ES256', access_token_signed_response_alg: 'ES256' },
        });
        try {
            const res = await request(other.endpoints.discovery, { ca: other.ca });
            assert.deepEqual(res.json().id_token_signing_alg_values_supported, ['ES256']);
            const jwks = await request(other.endpoints.jwks, { ca: other.ca });
            assert.deepEqual([...new Set(jwks.json().keys.map((k) => k.alg))], ['ES256']);
        } finally {
            await other.stop();
        }
    });
});
