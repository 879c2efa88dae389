// JWKS (RFC 7517) at protocol/openid-connect/certs: public signing keys only, and they verify issued tokens.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startIdp } from './lib/harness.mjs';
import { request } from './lib/http.mjs';
import { obtainTokens, decodeJwt } from './lib/flow.mjs';
import { verifyJwt } from './lib/jwt.mjs';
import { jose } from './lib/deps.mjs';

const kPrivateMembers = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

describe('jwks', { timeout: 120000 }, () => {
    let idp;
    let jwks;
    before(async () => {
        idp = await startIdp();
        const res = await request(idp.endpoints.jwks, { ca: idp.ca });
        assert.equal(res.status, 200);
        assert.match(res.headers['content-type'], /^application\/(jwk-set\+)?json/);
        jwks = res.json();
    });
    after(() => idp?.stop());

    test('one RS256 and one ES256 public key, each with kid, alg and use=sig', () => {
        assert.ok(Array.isArray(jwks.keys) && jwks.keys.length >= 2);
        for (const k of jwks.keys) {
            assert.equal(typeof k.kid, 'string');
            assert.ok(k.kid.length > 0);
            assert.equal(k.use, 'sig');
            assert.ok(['RS256', 'ES256'].includes(k.alg), `alg ${k.alg}`);
            for (const m of kPrivateMembers) assert.ok(!(m in k), `key ${k.kid} leaks private member ${m}`);
            if (k.alg === 'RS256') {
                assert.equal(k.kty, 'RSA');
                assert.ok(Buffer.from(k.n, 'base64url').length >= 256, 'RSA modulus is at least 2048 bits');
            } else {
                assert.equal(k.kty, 'EC');
                assert.equal(k.crv, 'P-256');
            }
        }
        const kids = jwks.keys.map((k) => k.kid);
        assert.equal(new Set(kids).size, kids.length, 'kids are unique');
        assert.ok(jwks.keys.some((k) => k.alg === 'RS256'));
        assert.ok(jwks.keys.some((k) => k.alg === 'ES256'));
    });

    test('an ID token verifies with the published key named by its kid', async () => {
        const client = idp.clients['rp-basic'];
        const { tokens } = await obtainTokens(idp, client);
        const { header } = decodeJwt(tokens.id_token);
        const key = jwks.keys.find((k) => k.kid === header.kid);
        assert.ok(key, `kid ${header.kid} is in the JWKS`);
        assert.equal(header.alg, key.alg);
        const { payload } = await jose.jwtVerify(tokens.id_token, await jose.importJWK(key, key.alg), {
            issuer: idp.issuer,
            audience: client.id,
        });
        assert.equal(payload.azp, client.id);
        // The access token is a JWT signed by the same ring.
        await verifyJwt(idp, tokens.access_token);
    });

    test('an ES256 client gets ES256 ID tokens verifiable with the EC key', async () => {
        const client = idp.clients['rp-es'];
        const { tokens } = await obtainTokens(idp, client);
        const { protectedHeader } = await verifyJwt(idp, tokens.id_token, { audience: client.id });
        assert.equal(protectedHeader.alg, 'ES256');
        assert.equal(jwks.keys.find((k) => k.kid === protectedHeader.kid)?.kty, 'EC');
    });
});
