// ID token (OIDC Core §2, §3.1.3.6) and access-token JWT claims of the PSC profile (shared/docs/psc-profile.md).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startIdp } from './lib/harness.mjs';
import { request, CookieJar } from './lib/http.mjs';
import { obtainTokens, randomToken } from './lib/flow.mjs';
import { verifyJwt } from './lib/jwt.mjs';

const kIdTokenClaims = [
    'iss',
    'sub',
    'aud',
    'azp',
    'exp',
    'iat',
    'auth_time',
    'nonce',
    'acr',
    'amr',
    'sid',
    'authMode',
    'auth_level',
];
const kAccessTokenClaims = [
    'iss',
    'sub',
    'exp',
    'iat',
    'jti',
    'azp',
    'scope',
    'sid',
    'session_state',
    'acr',
    'auth_time',
    'authMode',
    'preferred_username',
    'otherIds',
];

describe('ID token and access token claims', { timeout: 180000 }, () => {
    let idp;
    let basic;
    let issued;
    let started;
    const nonce = randomToken();
    before(async () => {
        idp = await startIdp();
        basic = idp.clients['rp-basic'];
        started = Math.floor(Date.now() / 1000);
        issued = await obtainTokens(idp, basic, { overrides: { nonce, acr_values: 'eidas1' } });
    });
    after(() => idp?.stop());

    test('the ID token carries every PSC claim with consistent values', async () => {
        const { tokens } = issued;
        const { payload: c, protectedHeader } = await verifyJwt(idp, tokens.id_token, { audience: basic.id });
        assert.equal(protectedHeader.alg, 'RS256');
        assert.ok(protectedHeader.kid);
        for (const k of kIdTokenClaims) assert.ok(c[k] !== undefined, `ID token claim ${k} present`);
        assert.equal(c.iss, idp.issuer);
        assert.ok([c.aud].flat().includes(basic.id));
        assert.equal(c.azp, basic.id);
        assert.equal(c.nonce, nonce);
        assert.equal(c.acr, 'eidas1');
        assert.ok(Array.isArray(c.amr) && c.amr.includes('pwd'), `amr ${JSON.stringify(c.amr)}`);
        assert.equal(c.authMode, 'PASSWORD');
        assert.equal(c.sid, tokens.session_state, 'sid = session_state of the token response');
        assert.ok(c.auth_time >= started - 5 && c.auth_time <= c.iat, 'auth_time is the login, before iat');
        assert.ok(c.iat >= started - 5);
        assert.equal(c.exp - c.iat, 300, 'tokens.id_token_lifetime');
        assert.equal(typeof c.sub, 'string');
        assert.ok(c.sub.length > 0);
    });

    test('the access token is a JWT with the PSC claims', async () => {
        const { tokens } = issued;
        const { payload: a, protectedHeader } = await verifyJwt(idp, tokens.access_token);
        assert.ok(protectedHeader.kid);
        for (const k of kAccessTokenClaims) assert.ok(a[k] !== undefined, `access token claim ${k} present`);
        assert.equal(a.azp, basic.id);
        assert.equal(a.exp - a.iat, 120);
        assert.equal(a.sid, tokens.session_state);
        assert.equal(a.session_state, tokens.session_state);
        assert.equal(a.acr, 'eidas1');
        assert.equal(a.authMode, 'PASSWORD');
        assert.deepEqual(a.scope.split(' ').sort(), tokens.scope.split(' ').sort());
        const idc = (await verifyJwt(idp, tokens.id_token, { audience: basic.id })).payload;
        assert.equal(a.sub, idc.sub);
        assert.equal(a.auth_time, idc.auth_time);
        assert.ok(Array.isArray(a.otherIds));
        const info = await request(idp.endpoints.userinfo, { ca: idp.ca, bearer: tokens.access_token });
        assert.equal(info.status, 200, info.body);
        assert.equal(a.preferred_username, info.json().SubjectNameID, 'preferred_username = national id');
        assert.match(a.preferred_username, /^8\d{11}$/, 'medecin has an RPPS national id (8 + 11 digits)');
    });

    test('sub is stable for the professional across sessions; sid changes', async () => {
        const again = await obtainTokens(idp, basic, { jar: new CookieJar() });
        const a = (await verifyJwt(idp, issued.tokens.id_token, { audience: basic.id })).payload;
        const b = (await verifyJwt(idp, again.tokens.id_token, { audience: basic.id })).payload;
        assert.equal(a.sub, b.sub);
        assert.notEqual(a.sid, b.sid);
        const other = await obtainTokens(idp, basic, { login: 'pharmacien' });
        const p = (await verifyJwt(idp, other.tokens.id_token, { audience: basic.id })).payload;
        assert.notEqual(p.sub, a.sub, 'two professionals, two subjects');
    });

    test('acr tells what was performed: a password login asked for eidas3 is still eidas1', async () => {
        const { tokens } = await obtainTokens(idp, basic, { overrides: { acr_values: 'eidas3' } });
        const { payload } = await verifyJwt(idp, tokens.id_token, { audience: basic.id });
        assert.equal(payload.acr, 'eidas1');
        assert.equal(payload.authMode, 'PASSWORD');
    });

    test('Palier_Authentification follows the login: a password login is palier 1, not 3', async () => {
        const claims = JSON.stringify({ id_token: { Palier_Authentification: null, authMode: null } });
        const { tokens } = await obtainTokens(idp, basic, { jar: new CookieJar(), overrides: { claims } });
        const { payload } = await verifyJwt(idp, tokens.id_token, { audience: basic.id });
        assert.equal(payload.authMode, 'PASSWORD');
        assert.deepEqual(payload.amr, ['pwd']);
        assert.equal(payload.Palier_Authentification, 'APPPRIP1^1.2.250.1.213.1.5.1.1.1');
        const info = (await request(idp.endpoints.userinfo, { ca: idp.ca, bearer: tokens.access_token })).json();
        assert.equal(info.Palier_Authentification, 'APPPRIP1^1.2.250.1.213.1.5.1.1.1', 'userinfo says the same');
    });

    test('without a nonce in the request there is no nonce in the ID token', async () => {
        const { tokens } = await obtainTokens(idp, basic, { overrides: { nonce: undefined } });
        const { payload } = await verifyJwt(idp, tokens.id_token, { audience: basic.id });
        assert.equal(payload.nonce, undefined);
    });
});
