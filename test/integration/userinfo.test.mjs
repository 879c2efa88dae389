// UserInfo (OIDC Core §5.3; RFC 6750 §2.1, §2.2, §3): the full PSC claim set, JSON or signed JWT.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startIdp } from './lib/harness.mjs';
import { request } from './lib/http.mjs';
import { obtainTokens, decodeJwt } from './lib/flow.mjs';
import { verifyJwt } from './lib/jwt.mjs';
import { assertPscUserinfo } from './lib/psc.mjs';
import { assertMatchesDirectory } from './lib/demo.mjs';
import { jose } from './lib/deps.mjs';

function assertInvalidToken(res, what) {
    assert.equal(res.status, 401, `${what}: ${res.status} ${res.body}`);
    const challenge = res.headers['www-authenticate'] ?? '';
    assert.match(challenge, /^Bearer\b/, `${what}: Bearer challenge`);
    assert.match(challenge, /error="invalid_token"/, `${what}: error="invalid_token"`);
}

describe('userinfo', { timeout: 180000 }, () => {
    let idp;
    let basic;
    let medecin;
    before(async () => {
        // Short access tokens so that expiry can be observed.
        idp = await startIdp({ tokens: { access_token_lifetime: 4 } });
        basic = idp.clients['rp-basic'];
        medecin = await obtainTokens(idp, basic, { login: 'medecin' });
    });
    after(() => idp?.stop());

    test('GET with the Authorization header and POST with a form body give the same JSON', async () => {
        const { tokens } = await obtainTokens(idp, basic, { login: 'medecin' });
        const get = await request(idp.endpoints.userinfo, { ca: idp.ca, bearer: tokens.access_token });
        assert.equal(get.status, 200, get.body);
        assert.match(get.headers['content-type'], /^application\/json/);
        assert.match(get.headers['cache-control'] ?? '', /no-store|no-cache|private/);
        const post = await request(idp.endpoints.userinfo, {
            method: 'POST',
            ca: idp.ca,
            form: { access_token: tokens.access_token },
        });
        assert.equal(post.status, 200, post.body);
        assert.deepEqual(post.json(), get.json());
        const postHeader = await request(idp.endpoints.userinfo, {
            method: 'POST',
            ca: idp.ca,
            bearer: tokens.access_token,
            form: {},
        });
        assert.equal(postHeader.status, 200);
        // The token in the query string is refused (RFC 9700 §2.4: no tokens in URLs).
        const query = await request(
            `${idp.endpoints.userinfo}?access_token=${encodeURIComponent(tokens.access_token)}`,
            { ca: idp.ca },
        );
        assert.equal(query.status, 401);
    });

    test('medecin: full PSC claim set, sub equal to the ID token sub, RPPS identity', async () => {
        const { tokens } = await obtainTokens(idp, basic, { login: 'medecin' });
        const info = (await request(idp.endpoints.userinfo, { ca: idp.ca, bearer: tokens.access_token })).json();
        const activities = assertPscUserinfo(info);
        assert.equal(info.sub, decodeJwt(tokens.id_token).payload.sub, 'sub = ID token sub (OIDC Core §5.3.2)');
        assert.match(info.SubjectNameID, /^8\d{11}$/);
        assert.deepEqual(info.SubjectRole, ['10^1.2.250.1.213.1.1.5.5'], 'medecin is profession 10');
        assertMatchesDirectory(info, 'medecin');
        assert.ok(activities.length >= 1);
        assert.ok(info.family_name.length > 0 && info.given_name.length > 0);
        assert.equal(info.authMode, 'PASSWORD');
    });

    test('troisactivites: three activities, each with every key', async () => {
        const { tokens } = await obtainTokens(idp, basic, { login: 'troisactivites' });
        const info = (await request(idp.endpoints.userinfo, { ca: idp.ca, bearer: tokens.access_token })).json();
        const activities = assertPscUserinfo(info);
        assert.equal(activities.length, 3, 'three places of practice');
        const places = new Set(
            activities.map((a) => a.raisonSocialeSite + a.codePostal + a.identifiantTechniqueDeLaStructure),
        );
        assert.equal(places.size, 3, 'three distinct structures');
        assertMatchesDirectory(info, 'troisactivites');
    });

    test('multi: one exercice per profession, SubjectRole lists both', async () => {
        const { tokens } = await obtainTokens(idp, basic, { login: 'multi' });
        const info = (await request(idp.endpoints.userinfo, { ca: idp.ca, bearer: tokens.access_token })).json();
        assertPscUserinfo(info);
        assert.equal(info.SubjectRefPro.exercices.length, 2);
        assert.deepEqual([...info.SubjectRole].sort(), ['70^1.2.250.1.213.1.1.5.5', '71^1.2.250.1.213.1.1.5.5']);
        assertMatchesDirectory(info, 'multi');
    });

    test('ADELI professional: national id 0 + ADELI, origine ADELI', async () => {
        const { tokens } = await obtainTokens(idp, basic, { login: 'adeli' });
        const info = (await request(idp.endpoints.userinfo, { ca: idp.ca, bearer: tokens.access_token })).json();
        assertPscUserinfo(info);
        assert.match(info.SubjectNameID, /^0[0-9A-Z]{9}$/, `ADELI national id: ${info.SubjectNameID}`);
        assertMatchesDirectory(info, 'adeli');
    });

    test('missing, altered, unsigned and foreign tokens → 401 with a Bearer challenge', async () => {
        const missing = await request(idp.endpoints.userinfo, { ca: idp.ca });
        assert.equal(missing.status, 401);
        assert.match(missing.headers['www-authenticate'] ?? '', /^Bearer\b/);
        // A fresh token, and forged payloads that are not expired, so only the signature check can refuse them.
        const token = (await obtainTokens(idp, basic, { login: 'medecin' })).tokens.access_token;
        const fresh = { ...decodeJwt(token).payload, exp: Math.floor(Date.now() / 1000) + 60 };
        const [h, p, s] = token.split('.');
        const flipped = s.slice(0, -4) + (s.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA');
        assertInvalidToken(
            await request(idp.endpoints.userinfo, { ca: idp.ca, bearer: `${h}.${p}.${flipped}` }),
            'altered signature',
        );
        const payload = { ...fresh, sub: 'someone-else' };
        const forged = `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${s}`;
        assertInvalidToken(await request(idp.endpoints.userinfo, { ca: idp.ca, bearer: forged }), 'altered payload');
        const none = new jose.UnsecuredJWT(fresh).encode();
        assertInvalidToken(await request(idp.endpoints.userinfo, { ca: idp.ca, bearer: none }), 'alg none');
        const { privateKey } = await jose.generateKeyPair('RS256');
        const foreign = await new jose.SignJWT(fresh)
            .setProtectedHeader({ alg: 'RS256', kid: decodeJwt(token).header.kid })
            .sign(privateKey);
        assertInvalidToken(await request(idp.endpoints.userinfo, { ca: idp.ca, bearer: foreign }), 'foreign key');
        assertInvalidToken(await request(idp.endpoints.userinfo, { ca: idp.ca, bearer: 'garbage' }), 'garbage');
    });

    test('an ID token is not an access token', async () => {
        assertInvalidToken(
            await request(idp.endpoints.userinfo, { ca: idp.ca, bearer: medecin.tokens.id_token }),
            'id_token as bearer',
        );
    });

    test('a client_credentials token has no user: refused', async () => {
        const svc = idp.clients.svc;
        const t = await request(idp.endpoints.token, {
            method: 'POST',
            ca: idp.ca,
            basic: [svc.id, svc.secret],
            form: { grant_type: 'client_credentials' },
        });
        const res = await request(idp.endpoints.userinfo, { ca: idp.ca, bearer: t.json().access_token });
        assert.ok([401, 403].includes(res.status), `status ${res.status}`);
    });

    test('a client registered with userinfo_signed_response_alg gets application/jwt', async () => {
        const client = idp.clients['rp-es'];
        const { tokens } = await obtainTokens(idp, client, { login: 'medecin' });
        const res = await request(idp.endpoints.userinfo, { ca: idp.ca, bearer: tokens.access_token });
        assert.equal(res.status, 200, res.body);
        assert.match(res.headers['content-type'], /^application\/jwt/);
        const { payload, protectedHeader } = await verifyJwt(idp, res.body.trim(), { audience: client.id });
        assert.equal(protectedHeader.alg, 'ES256');
        assert.equal(payload.iss, idp.issuer);
        assertPscUserinfo(payload);
    });
});
