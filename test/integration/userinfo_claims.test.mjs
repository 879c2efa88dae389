// The `claims` request parameter (OIDC Core §5.5), advertised by claims_parameter_supported: claims
// requested for userinfo or the ID token are released when a scope the client may obtain covers
// them, also after a refresh; scope_all keeps releasing the whole PSC set.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startIdp } from './lib/harness.mjs';
import { request } from './lib/http.mjs';
import { obtainTokens, tokenRequest, decodeJwt } from './lib/flow.mjs';

describe('claims request parameter', { timeout: 180000 }, () => {
    let idp;
    let basic;
    const userinfo = async (token) => {
        const res = await request(idp.endpoints.userinfo, { ca: idp.ca, bearer: token });
        assert.equal(res.status, 200, res.body);
        return res.json();
    };
    before(async () => {
        idp = await startIdp({ clientOverrides: { 'rp-post': { scopes: ['openid', 'profile'] } } });
        basic = idp.clients['rp-basic'];
    });
    after(() => idp?.stop());

    test('userinfo returns the claims requested in the userinfo member, and only those', async () => {
        const claims = JSON.stringify({ userinfo: { given_name: null, SubjectRefPro: { essential: true } } });
        const { tokens } = await obtainTokens(idp, basic, { overrides: { scope: 'openid', claims } });
        const info = await userinfo(tokens.access_token);
        assert.equal(typeof info.given_name, 'string');
        assert.ok(info.given_name.length > 0, 'the demo professional has a given name');
        assert.ok(Array.isArray(info.SubjectRefPro?.exercices), JSON.stringify(info));
        for (const k of ['family_name', 'email', 'otherIds', 'SubjectRole'])
            assert.equal(info[k], undefined, `${k} was not requested`);

        const refreshed = await tokenRequest(idp, basic, {
            grant_type: 'refresh_token',
            refresh_token: tokens.refresh_token,
        });
        assert.equal(refreshed.status, 200, refreshed.body);
        const again = await userinfo(refreshed.json().access_token);
        assert.equal(again.given_name, info.given_name, 'the family keeps the claims request');
        assert.ok(again.SubjectRefPro);
    });

    test('the id_token member puts a claim in the ID token without its scope', async () => {
        const claims = JSON.stringify({ id_token: { given_name: null, family_name: null } });
        const { tokens } = await obtainTokens(idp, basic, { overrides: { scope: 'openid', claims } });
        const id = decodeJwt(tokens.id_token).payload;
        assert.equal(typeof id.given_name, 'string');
        assert.equal(typeof id.family_name, 'string');
        assert.equal(id.email, undefined);
    });

    test("a claim outside the client's scopes is not released on request", async () => {
        const post = idp.clients['rp-post'];
        const claims = JSON.stringify({ userinfo: { given_name: null, email: null, SubjectRefPro: null } });
        const { tokens } = await obtainTokens(idp, post, { overrides: { scope: 'openid', claims } });
        const info = await userinfo(tokens.access_token);
        assert.equal(typeof info.given_name, 'string');
        assert.equal(info.email, undefined);
        assert.equal(info.SubjectRefPro, undefined);
    });

    test('scope_all still releases the whole PSC claim set', async () => {
        const { tokens } = await obtainTokens(idp, basic);
        const info = await userinfo(tokens.access_token);
        for (const k of ['SubjectNameID', 'SubjectRefPro', 'SubjectRole', 'otherIds', 'given_name', 'family_name'])
            assert.ok(k in info, `${k} present`);
    });
});
