// RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0 §2–3): registered post_logout_redirect_uri only,
// state echoed, SSO session ended server-side and its cookie cleared.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startIdp } from './lib/harness.mjs';
import { request, CookieJar, parseSetCookie } from './lib/http.mjs';
import {
    obtainTokens,
    authorizeUrl,
    codeRequest,
    parseForms,
    queryOf,
    isRedirectTo,
    randomToken,
} from './lib/flow.mjs';

const kSessionCookie = '__Host-esc_session';

function logoutUrl(idp, params) {
    const u = new URL(idp.endpoints.logout);
    for (const [k, v] of Object.entries(params)) if (v !== undefined) u.searchParams.set(k, v);
    return u.toString();
}

function clearsSessionCookie(res) {
    return res.setCookies
        .map(parseSetCookie)
        .some(
            (c) =>
                c.name === kSessionCookie &&
                (c.value === '' || Number(c.attrs['max-age']) <= 0 || Date.parse(c.attrs.expires) <= Date.now()),
        );
}

// Submits a logout confirmation form if the idp shows one (the OP may ask the user, §2); returns the final response.
async function confirmIfAsked(idp, res, jar) {
    if (res.status !== 200) return res;
    const form = parseForms(res.body).find((f) => f.fields.csrf !== undefined && f.method === 'post');
    if (!form) return res;
    const action = new URL(form.action ?? idp.endpoints.logout, idp.endpoints.logout).toString();
    return request(action, { method: 'POST', form: form.fields, jar, ca: idp.ca });
}

async function assertAsksLogin(idp, client, jar, what) {
    const res = await request(authorizeUrl(idp, codeRequest(client).params), { ca: idp.ca, jar });
    assert.equal(res.status, 303, what);
    assert.ok(res.location.startsWith(idp.endpoints.login), `${what}: login page expected, got ${res.location}`);
}

describe('end session', { timeout: 180000 }, () => {
    let idp;
    let basic;
    before(async () => {
        idp = await startIdp();
        basic = idp.clients['rp-basic'];
    });
    after(() => idp?.stop());

    test('id_token_hint + registered post_logout_redirect_uri + state, « partout » → 303 with state; session gone', async () => {
        const jar = new CookieJar();
        const { tokens } = await obtainTokens(idp, basic, { jar });
        const stolen = jar.clone();
        const state = randomToken();
        const choice = await request(
            logoutUrl(idp, {
                id_token_hint: tokens.id_token,
                post_logout_redirect_uri: basic.post_logout_redirect_uris[0],
                state,
            }),
            { ca: idp.ca, jar },
        );
        // Health portals' choice: leave this service only, or log out everywhere (the first form).
        assert.equal(choice.status, 200, `the choice page, got ${choice.status}`);
        assert.match(choice.body, /Me déconnecter partout/);
        assert.match(choice.body, /Quitter seulement/);
        assert.ok(!clearsSessionCookie(choice), 'nothing closed before the choice');
        const res = await confirmIfAsked(idp, choice, jar);
        assert.equal(res.status, 303, `303 expected, got ${res.status}`);
        assert.ok(isRedirectTo(res.location, basic.post_logout_redirect_uris[0]), res.location);
        assert.equal(queryOf(res.location).state, state);
        assert.ok(clearsSessionCookie(res), 'the session cookie is cleared');
        await assertAsksLogin(idp, basic, jar, 'after logout');
        // The server-side session is over too: the old cookie value no longer signs anyone in.
        await assertAsksLogin(idp, basic, stolen, 'old cookie replayed');
    });

    test('« Quitter seulement ce service » keeps the Esculape session for the other services', async () => {
        const jar = new CookieJar();
        const { tokens } = await obtainTokens(idp, basic, { jar });
        const choice = await request(
            logoutUrl(idp, {
                id_token_hint: tokens.id_token,
                post_logout_redirect_uri: basic.post_logout_redirect_uris[0],
                state: 'keep',
            }),
            { ca: idp.ca, jar },
        );
        const form = parseForms(choice.body).find((f) => f.fields.scope === 'service');
        assert.ok(form, 'a « service only » form');
        const res = await request(new URL(form.action, idp.endpoints.logout).toString(), {
            method: 'POST',
            form: form.fields,
            jar,
            ca: idp.ca,
        });
        assert.equal(res.status, 303);
        assert.equal(queryOf(res.location).state, 'keep');
        assert.ok(!clearsSessionCookie(res), 'the session cookie is kept');
        const still = await request(authorizeUrl(idp, codeRequest(basic).params), { ca: idp.ca, jar });
        assert.ok(isRedirectTo(still.location, basic.redirect_uris[0]), `session still open: ${still.location}`);
    });

    test("an ID token of another session (same professional) is not enough: the OP asks first (§2)", async () => {
        const other = await obtainTokens(idp, basic, { jar: new CookieJar() }); // another browser, same login
        const jar = new CookieJar();
        await obtainTokens(idp, basic, { jar });
        const res = await request(
            logoutUrl(idp, {
                id_token_hint: other.tokens.id_token,
                post_logout_redirect_uri: basic.post_logout_redirect_uris[0],
                state: 's2',
            }),
            { ca: idp.ca, jar },
        );
        assert.equal(res.status, 200, `confirmation page, not an immediate logout: ${res.status} ${res.location ?? ''}`);
        assert.ok(!clearsSessionCookie(res), 'session cookie kept');
        const form = parseForms(res.body).find((f) => f.fields.csrf !== undefined && f.method === 'post');
        assert.ok(form, 'a confirmation form');
        const still = await request(authorizeUrl(idp, codeRequest(basic).params), { ca: idp.ca, jar });
        assert.ok(isRedirectTo(still.location, basic.redirect_uris[0]), `session still open: ${still.location}`);
        // Confirming ends it and goes back to the registered URI with state.
        const done = await confirmIfAsked(idp, res, jar);
        assert.equal(done.status, 303);
        assert.equal(queryOf(done.location).state, 's2');
        await assertAsksLogin(idp, basic, jar, 'after confirmation');
    });

    test('POST works like GET', async () => {
        const jar = new CookieJar();
        const { tokens } = await obtainTokens(idp, basic, { jar });
        const choice = await request(idp.endpoints.logout, {
            method: 'POST',
            ca: idp.ca,
            jar,
            form: {
                id_token_hint: tokens.id_token,
                post_logout_redirect_uri: basic.post_logout_redirect_uris[0],
                state: 's1',
            },
        });
        const res = await confirmIfAsked(idp, choice, jar);
        assert.equal(res.status, 303);
        assert.equal(queryOf(res.location).state, 's1');
        await assertAsksLogin(idp, basic, jar, 'after POST logout');
    });

    test('an unregistered post_logout_redirect_uri → error page, no redirect, session kept', async () => {
        const jar = new CookieJar();
        const { tokens } = await obtainTokens(idp, basic, { jar });
        for (const uri of [
            'https://evil.test/bye',
            `${basic.post_logout_redirect_uris[0]}/x`,
            'https://rp-post.test/logged-out',
        ]) {
            const res = await request(
                logoutUrl(idp, { id_token_hint: tokens.id_token, post_logout_redirect_uri: uri }),
                { ca: idp.ca, jar },
            );
            assert.equal(res.location, undefined, `no redirect to ${uri}`);
            assert.equal(res.status, 400, `error page for ${uri}`);
            assert.match(res.headers['content-type'], /^text\/html/);
        }
        const still = await request(authorizeUrl(idp, codeRequest(basic).params), { ca: idp.ca, jar });
        assert.ok(
            isRedirectTo(still.location, basic.redirect_uris[0]),
            `the session survived a refused logout: ${still.location}`,
        );
        // Without id_token_hint (nor client_id) the URI cannot be checked against a client: never redirected.
        const blind = await request(logoutUrl(idp, { post_logout_redirect_uri: basic.post_logout_redirect_uris[0] }), {
            ca: idp.ca,
            jar: jar.clone(),
        });
        assert.ok(
            !blind.location || !blind.location.startsWith('https://rp.test'),
            'no redirect without a verified client',
        );
    });

    test('no redirect URI → "Session fermée", cookie cleared, next authorize asks to log in', async () => {
        const jar = new CookieJar();
        const { tokens } = await obtainTokens(idp, basic, { jar });
        const first = await request(logoutUrl(idp, { id_token_hint: tokens.id_token }), { ca: idp.ca, jar });
        const res = await confirmIfAsked(idp, first, jar);
        assert.equal(res.status, 200);
        assert.match(res.body, /Session fermée/);
        assert.ok(clearsSessionCookie(res) || clearsSessionCookie(first), 'cookie cleared');
        await assertAsksLogin(idp, basic, jar, 'after logout page');
    });

    test('a logout with no session and no hint still ends on "Session fermée"', async () => {
        const jar = new CookieJar();
        const res = await confirmIfAsked(idp, await request(idp.endpoints.logout, { ca: idp.ca, jar }), jar);
        assert.equal(res.status, 200);
        assert.match(res.body, /Session fermée/);
    });

    // PSC (Keycloak) ties refresh tokens to the SSO session: ending the session ends them.
    test("logout ends the session's refresh tokens", async () => {
        const jar = new CookieJar();
        const { tokens } = await obtainTokens(idp, basic, { jar });
        const choice = await request(
            logoutUrl(idp, {
                id_token_hint: tokens.id_token,
                post_logout_redirect_uri: basic.post_logout_redirect_uris[0],
            }),
            { ca: idp.ca, jar },
        );
        await confirmIfAsked(idp, choice, jar);
        const res = await request(idp.endpoints.token, {
            method: 'POST',
            ca: idp.ca,
            basic: [basic.id, basic.secret],
            form: { grant_type: 'refresh_token', refresh_token: tokens.refresh_token },
        });
        assert.equal(res.status, 400);
        assert.equal(res.json().error, 'invalid_grant');
    });
});
