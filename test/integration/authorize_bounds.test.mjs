// Authorization request values that the idp keeps or echoes (issue 11, items 2–3, 7): bounded lengths and valid
// UTF-8, refused with invalid_request at the authorization endpoint; a `claims` request naming a `sub`
// (OIDC Core §5.5.1) is never answered for another professional.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startIdp } from './lib/harness.mjs';
import { request, CookieJar } from './lib/http.mjs';
import {
    authorizeUrl,
    codeRequest,
    followAuthorization,
    obtainTokens,
    decodeJwt,
    queryOf,
    isRedirectTo,
} from './lib/flow.mjs';

function assertInvalidRequest(idp, res, client, what, state) {
    assert.equal(res.status, 303, `${what}: 303 to the client, got ${res.status} ${res.location ?? res.body.slice(0, 200)}`);
    assert.ok(isRedirectTo(res.location, client.redirect_uris[0]), `${what}: back to the client, got ${res.location}`);
    const q = queryOf(res.location);
    assert.equal(q.error, 'invalid_request', `${what}: ${res.location}`);
    assert.equal(q.state, state, `${what}: state`);
    assert.equal(q.code, undefined);
    return q;
}

describe('authorization request bounds', { timeout: 180000 }, () => {
    let idp;
    let basic;
    before(async () => {
        idp = await startIdp();
        basic = idp.clients['rp-basic'];
    });
    after(() => idp?.stop());

    test('an oversized state, nonce, login_hint, claims or ui_locales → invalid_request', async () => {
        for (const [name, size] of [
            ['nonce', 513],
            ['login_hint', 257],
            ['ui_locales', 257],
            ['acr_values', 513],
        ]) {
            const { params } = codeRequest(basic, { [name]: 'a'.repeat(size) });
            const res = await request(authorizeUrl(idp, params), { ca: idp.ca });
            const q = assertInvalidRequest(idp, res, basic, name, params.state);
            assert.match(q.error_description, new RegExp(name), `${name}: named in the description`);
        }
        const claims = JSON.stringify({ id_token: { acr: { values: ['x'.repeat(9000)] } } });
        const { params } = codeRequest(basic, { claims });
        assertInvalidRequest(idp, await request(authorizeUrl(idp, params), { ca: idp.ca }), basic, 'claims', params.state);
        // A huge state (POSTed, as the review's flood did) is refused and not echoed back.
        const big = codeRequest(basic, { state: 's'.repeat(60000) }).params;
        const posted = await request(idp.endpoints.authorization, { method: 'POST', ca: idp.ca, form: big });
        assertInvalidRequest(idp, posted, basic, 'state', undefined);
        // At the bound it is accepted (the login page follows).
        const fits = codeRequest(basic, { state: 's'.repeat(2048) }).params;
        const ok = await request(authorizeUrl(idp, fits), { ca: idp.ca });
        assert.ok(ok.location?.startsWith(idp.endpoints.login), `a 2048-byte state is fine: ${ok.location}`);
    });

    test('invalid UTF-8 in nonce, state or login_hint → invalid_request at authorize (no code, no 500 later)', async () => {
        const jar = new CookieJar();
        await obtainTokens(idp, basic, { jar }); // with a session, the old code issued a code straight away
        for (const name of ['nonce', 'login_hint', 'state']) {
            const { params } = codeRequest(basic);
            const { [name]: dropped, ...rest } = params;
            const url = `${authorizeUrl(idp, rest)}&${name}=ab%FF%FEcd`;
            const res = await request(url, { ca: idp.ca, jar });
            assertInvalidRequest(idp, res, basic, name, name === 'state' ? undefined : params.state);
        }
        // Valid non-ASCII text is fine.
        const { params } = codeRequest(basic, { nonce: 'état-€-😀' });
        const res = await request(authorizeUrl(idp, params), { ca: idp.ca, jar });
        assert.ok(queryOf(res.location).code, `a UTF-8 nonce is accepted: ${res.location}`);
    });
});

describe('claims request with a sub value (OIDC Core §5.5.1)', { timeout: 180000 }, () => {
    let idp;
    let basic;
    let infirmierSub;
    before(async () => {
        idp = await startIdp();
        basic = idp.clients['rp-basic'];
        const { tokens } = await obtainTokens(idp, basic, { login: 'infirmier' });
        infirmierSub = decodeJwt(tokens.id_token).payload.sub;
    });
    after(() => idp?.stop());

    const asking = (sub, extra = {}) =>
        codeRequest(basic, { claims: JSON.stringify({ id_token: { sub: { value: sub } } }), ...extra }).params;

    test('an SSO session of another professional is not used: login asked, prompt=none → login_required', async () => {
        const jar = new CookieJar();
        const { tokens } = await obtainTokens(idp, basic, { jar }); // medecin
        const medecinSub = decodeJwt(tokens.id_token).payload.sub;
        assert.notEqual(medecinSub, infirmierSub);

        const res = await request(authorizeUrl(idp, asking(infirmierSub)), { ca: idp.ca, jar });
        assert.ok(res.location?.startsWith(idp.endpoints.login), `login page, not a code: ${res.location}`);

        const none = asking(infirmierSub, { prompt: 'none' });
        const silent = await request(authorizeUrl(idp, none), { ca: idp.ca, jar });
        assert.equal(queryOf(silent.location).error, 'login_required', silent.location);
        assert.equal(queryOf(silent.location).state, none.state);

        // The same sub as the session: SSO as usual.
        const same = await request(authorizeUrl(idp, asking(medecinSub)), { ca: idp.ca, jar });
        assert.ok(queryOf(same.location).code, `same sub → code: ${same.location}`);
    });

    test('logging in as someone else than the requested sub → access_denied to the client', async () => {
        const params = asking(infirmierSub);
        const out = await followAuthorization(idp, authorizeUrl(idp, params), {
            redirectUri: params.redirect_uri,
            login: 'medecin',
        });
        assert.equal(out.params?.error, 'access_denied', JSON.stringify(out.params ?? out.steps));
        assert.equal(out.params.state, params.state);
        assert.equal(out.params.code, undefined);

        const right = asking(infirmierSub);
        const ok = await followAuthorization(idp, authorizeUrl(idp, right), {
            redirectUri: right.redirect_uri,
            login: 'infirmier',
        });
        assert.ok(ok.params?.code, `the requested professional gets a code: ${JSON.stringify(ok.params)}`);
    });
});
