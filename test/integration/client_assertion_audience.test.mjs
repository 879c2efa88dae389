// private_key_jwt compatibility (RFC 7523 §3's older wording): a client registered with
// allow_token_endpoint_audience may also name the token endpoint URL, alone or next to the issuer,
// but never a foreign audience.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startIdp } from './lib/harness.mjs';
import { request } from './lib/http.mjs';
import { jwtAssertion, assertionFields } from './lib/jwt.mjs';
import { assertTokenError } from './lib/asserts.mjs';

describe('client assertion audience compatibility', { timeout: 120000 }, () => {
    let idp;
    let client;
    const send = (assertion) =>
        request(idp.endpoints.token, {
            method: 'POST',
            ca: idp.ca,
            form: { grant_type: 'client_credentials', client_id: client.id, ...assertionFields(assertion) },
        });
    before(async () => {
        idp = await startIdp({ clientOverrides: { 'rp-jwt': { allow_token_endpoint_audience: true } } });
        client = idp.clients['rp-jwt'];
    });
    after(() => idp?.stop());

    test('issuer, token endpoint URL, or an array of both are accepted', async () => {
        for (const aud of [idp.issuer, idp.endpoints.token, [idp.issuer, idp.endpoints.token]]) {
            const res = await send(await jwtAssertion(idp, client, { aud }));
            assert.equal(res.status, 200, `${JSON.stringify(aud)}: ${res.body}`);
        }
    });

    test('a foreign audience, even next to ours, or another endpoint URL is refused', async () => {
        for (const aud of [
            [idp.issuer, 'https://other-as.test/token'],
            [idp.endpoints.token, idp.endpoints.introspection],
            idp.endpoints.revocation,
            [],
        ]) {
            assertTokenError(await send(await jwtAssertion(idp, client, { aud })), 'invalid_client', 401);
        }
    });
});
