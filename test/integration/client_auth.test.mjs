// Client authentication at the token endpoint (RFC 6749 §2.3, OIDC Core §9): client_secret_basic,
// client_secret_post, private_key_jwt (RFC 7523 §3), and the client_credentials grant (RFC 6749 §4.4).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startIdp } from './lib/harness.mjs';
import { request } from './lib/http.mjs';
import { tokenRequest, loginThroughForm, decodeJwt } from './lib/flow.mjs';
import { jwtAssertion, assertionFields, verifyJwt } from './lib/jwt.mjs';
import { assertTokenError, exchangeFields } from './lib/asserts.mjs';
import { jose } from './lib/deps.mjs';

describe('client authentication', { timeout: 180000 }, () => {
    let idp;
    before(async () => {
        idp = await startIdp();
    });
    after(() => idp?.stop());

    test('client_secret_post: right secret works, wrong secret and the wrong method are refused', async () => {
        const post = idp.clients['rp-post'];
        const ok = await tokenRequest(idp, post, { grant_type: 'client_credentials' });
        assert.equal(ok.status, 200, ok.body);
        const wrong = await request(idp.endpoints.token, {
            method: 'POST',
            ca: idp.ca,
            form: { grant_type: 'client_credentials', client_id: post.id, client_secret: `${post.secret}x` },
        });
        assertTokenError(wrong, 'invalid_client', 401);
        // The client registered client_secret_post; Basic is not its method.
        assertTokenError(
            await tokenRequest(idp, post, { grant_type: 'client_credentials' }, { auth: 'basic' }),
            'invalid_client',
            401,
        );
    });

    test('client_secret_post code exchange', async () => {
        const post = idp.clients['rp-post'];
        const flow = await loginThroughForm(idp, post);
        const res = await tokenRequest(idp, post, exchangeFields(flow));
        assert.equal(res.status, 200, res.body);
        assert.ok(res.json().id_token);
    });

    test('two authentication methods at once → refused (RFC 6749 §2.3)', async () => {
        const basic = idp.clients['rp-basic'];
        const res = await request(idp.endpoints.token, {
            method: 'POST',
            ca: idp.ca,
            basic: [basic.id, basic.secret],
            form: { grant_type: 'client_credentials', client_id: basic.id, client_secret: basic.secret },
        });
        assert.ok([400, 401].includes(res.status), `status ${res.status}`);
        assert.ok(['invalid_request', 'invalid_client'].includes(res.json().error), res.body);
    });

    describe('private_key_jwt', () => {
        let client;
        const send = (assertion, extra = {}) =>
            request(idp.endpoints.token, {
                method: 'POST',
                ca: idp.ca,
                form: {
                    grant_type: 'client_credentials',
                    client_id: client.id,
                    ...assertionFields(assertion),
                    ...extra,
                },
            });
        before(() => {
            client = idp.clients['rp-jwt'];
        });

        test('a valid assertion authenticates', async () => {
            const res = await send(await jwtAssertion(idp, client));
            assert.equal(res.status, 200, res.body);
            assert.ok(res.json().access_token);
        });

        test('audience: the issuer as a single string only (RFC 7523bis audience injection)', async () => {
            const cases = {
                'token endpoint URL': idp.endpoints.token,
                'introspection endpoint URL': idp.endpoints.introspection,
                'array with a foreign audience': [idp.issuer, 'https://other-as.test'],
                'array of the issuer': [idp.issuer],
                'a number': 42,
            };
            for (const [what, aud] of Object.entries(cases)) {
                const res = await send(await jwtAssertion(idp, client, { aud }));
                assertTokenError(res, 'invalid_client', 401);
                assert.ok(res.json().error_description.includes('aud'), what);
            }
        });

        test('a non-string sub, iss or jti is invalid_client, never a server error', async () => {
            const noId = (assertion) =>
                request(idp.endpoints.token, {
                    method: 'POST',
                    ca: idp.ca,
                    form: { grant_type: 'client_credentials', ...assertionFields(assertion) },
                });
            // Without client_id the unverified sub names the client: a number must not crash it.
            assertTokenError(await noId(await jwtAssertion(idp, client, { sub: 123 })), 'invalid_client', 401);
            assertTokenError(await noId(await jwtAssertion(idp, client, { sub: { id: client.id } })), 'invalid_client', 401);
            for (const claims of [{ sub: 123 }, { iss: ['rp-jwt'] }, { jti: 7 }, { exp: 1e300 }]) {
                const res = await send(await jwtAssertion(idp, client, claims));
                assertTokenError(res, 'invalid_client', 401);
            }
        });

        test('a replayed jti is refused', async () => {
            const assertion = await jwtAssertion(idp, client);
            assert.equal((await send(assertion)).status, 200);
            assertTokenError(await send(assertion), 'invalid_client', 401);
        });

        test('wrong audience, expired, missing exp, wrong iss/sub → invalid_client', async () => {
            const now = Math.floor(Date.now() / 1000);
            const cases = {
                'wrong aud': { aud: 'https://evil.test/token' },
                expired: { iat: now - 600, exp: now - 300 },
                'no exp': { exp: undefined },
                'iss is another client': { iss: 'rp-basic' },
                'sub is another client': { sub: 'rp-basic' },
            };
            for (const [what, claims] of Object.entries(cases)) {
                const res = await send(await jwtAssertion(idp, client, claims));
                assert.equal(res.status, 401, `${what}: ${res.status} ${res.body}`);
                assert.equal(res.json().error, 'invalid_client', what);
            }
        });

        test('signed by another key, or alg none, or HS256 with a guessable key → invalid_client', async () => {
            const { privateKey } = await jose.generateKeyPair('RS256');
            assertTokenError(
                await send(await jwtAssertion(idp, client, {}, { key: privateKey })),
                'invalid_client',
                401,
            );
            const unsigned = new jose.UnsecuredJWT({
                iss: client.id,
                sub: client.id,
                aud: idp.endpoints.token,
                jti: 'u1',
                exp: Math.floor(Date.now() / 1000) + 60,
            }).encode();
            assertTokenError(await send(unsigned), 'invalid_client', 401);
            const hs = await new jose.SignJWT({ iss: client.id, sub: client.id, aud: idp.endpoints.token, jti: 'h1' })
                .setProtectedHeader({ alg: 'HS256' })
                .setExpirationTime('1m')
                .sign(new TextEncoder().encode(client.id.padEnd(32, '0')));
            assertTokenError(await send(hs), 'invalid_client', 401);
        });

        test('a secret is not accepted for a private_key_jwt client', async () => {
            const res = await request(idp.endpoints.token, {
                method: 'POST',
                ca: idp.ca,
                basic: [client.id, 'x'.repeat(43)],
                form: { grant_type: 'client_credentials' },
            });
            assertTokenError(res, 'invalid_client', 401);
        });
    });

    describe('client_credentials', () => {
        test('RS256 access token verifies against the JWKS; no refresh or ID token', async () => {
            const svc = idp.clients.svc;
            const res = await tokenRequest(idp, svc, { grant_type: 'client_credentials' });
            assert.equal(res.status, 200, res.body);
            assert.match(res.headers['cache-control'] ?? '', /no-store/);
            const t = res.json();
            assert.equal(t.token_type, 'Bearer');
            assert.equal(t.expires_in, 120);
            assert.equal(t.refresh_token, undefined, 'no refresh token for client_credentials (RFC 6749 §4.4.3)');
            assert.equal(t.id_token, undefined);
            const { payload, protectedHeader } = await verifyJwt(idp, t.access_token);
            assert.equal(protectedHeader.alg, 'RS256');
            assert.ok(protectedHeader.kid);
            assert.equal(payload.azp ?? payload.client_id, svc.id);
            assert.equal(typeof payload.jti, 'string');
            assert.equal(payload.exp - payload.iat, 120);
        });

        test('ES256 access token for a client registered so', async () => {
            const res = await tokenRequest(idp, idp.clients['svc-es'], { grant_type: 'client_credentials' });
            assert.equal(res.status, 200, res.body);
            const { protectedHeader } = await verifyJwt(idp, res.json().access_token);
            assert.equal(protectedHeader.alg, 'ES256');
        });

        test('client_credentials: refused to a public client, unauthorized_client without the grant', async () => {
            const spa = idp.clients.spa;
            const res = await tokenRequest(idp, spa, { grant_type: 'client_credentials' });
            assert.ok([400, 401].includes(res.status));
            assert.ok(['unauthorized_client', 'invalid_client'].includes(res.json().error), res.body);
            const basic = idp.clients['rp-basic'];
            assertTokenError(
                await tokenRequest(idp, basic, { grant_type: 'client_credentials' }),
                'unauthorized_client',
            );
        });

        test('two tokens have different jti', async () => {
            const svc = idp.clients.svc;
            const a = decodeJwt(
                (await tokenRequest(idp, svc, { grant_type: 'client_credentials' })).json().access_token,
            );
            const b = decodeJwt(
                (await tokenRequest(idp, svc, { grant_type: 'client_credentials' })).json().access_token,
            );
            assert.notEqual(a.payload.jti, b.payload.jti);
        });
    });
});
