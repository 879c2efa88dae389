// Login CSRF (issue 11, item 1): the login form's token is bound to a __Host- pre-login cookie only that browser
// holds, forms posted from another site are refused (Fetch Metadata / Origin), an interaction is spent once it has
// produced a session, and the signed-in forms (portal and logout confirmation) get the same protections.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startIdp } from './lib/harness.mjs';
import { request, CookieJar, parseSetCookie } from './lib/http.mjs';
import { authorizeUrl, codeRequest, findLoginForm, parseForms, submitLogin, loginThroughForm } from './lib/flow.mjs';

const kSessionCookie = '__Host-esc_session';
const kPreLoginCookie = '__Host-esc_login';

function sessionCookie(res) {
    return res.setCookies.map(parseSetCookie).find((c) => c.name === kSessionCookie && c.value);
}

async function loginPage(idp, client, jar) {
    const res = await request(authorizeUrl(idp, codeRequest(client).params), { ca: idp.ca, jar });
    assert.equal(res.status, 303);
    const page = await request(res.location, { ca: idp.ca, jar });
    page.url = res.location;
    assert.equal(page.status, 200);
    return page;
}

function assertNoLogin(res, what) {
    assert.ok(res.status >= 400, `${what}: refused, got ${res.status} ${res.location ?? ''}`);
    assert.equal(sessionCookie(res), undefined, `${what}: no session cookie`);
}

describe('login CSRF', { timeout: 180000 }, () => {
    let idp;
    let basic;
    before(async () => {
        idp = await startIdp();
        basic = idp.clients['rp-basic'];
    });
    after(() => idp?.stop());

    test('the login page sets a __Host- pre-login cookie: Secure, HttpOnly, Path=/', async () => {
        const page = await loginPage(idp, basic, new CookieJar());
        const cookie = page.setCookies.map(parseSetCookie).find((c) => c.name === kPreLoginCookie);
        assert.ok(cookie?.value?.length >= 32, 'pre-login cookie with a long random value');
        assert.equal(cookie.attrs.secure, true);
        assert.equal(cookie.attrs.httponly, true);
        assert.equal(cookie.attrs.path, '/');
        assert.equal(cookie.attrs.domain, undefined);
    });

    test("a form prepared in the attacker's browser does not log the victim's browser in", async () => {
        for (const [what, start] of [
            ['interaction of an authorization request', (jar) => loginPage(idp, basic, jar)],
            ['anonymous portal login', (jar) => request(idp.endpoints.login, { ca: idp.ca, jar })],
        ]) {
            const attacker = new CookieJar();
            const page = await start(attacker);
            page.url ??= idp.endpoints.login;
            // The victim's browser: its own pre-login cookie (it opened a login page before), or none.
            const victim = new CookieJar();
            await request(idp.endpoints.login, { ca: idp.ca, jar: victim });
            assertNoLogin(await submitLogin(idp, page, { login: 'medecin', jar: victim }), `${what}, victim cookie`);
            assertNoLogin(await submitLogin(idp, page, { login: 'medecin', jar: new CookieJar() }), `${what}, no cookie`);
            // The attacker's own browser still logs in with it: the binding, not the form, changed.
            const own = await submitLogin(idp, page, { login: 'medecin', jar: attacker });
            assert.equal(own.status, 303, `${what}: the browser that opened the form logs in, got ${own.status}`);
        }
    });

    test('a login posted from another site is refused with a French page, even with a valid token', async () => {
        for (const headers of [
            { 'sec-fetch-site': 'cross-site' },
            { 'sec-fetch-site': 'same-site' },
            { origin: 'https://evil.example' },
            { origin: 'null', 'sec-fetch-site': 'cross-site' },
        ]) {
            const jar = new CookieJar();
            const page = await loginPage(idp, basic, jar);
            const form = findLoginForm(page.body);
            const res = await request(new URL(form.action, page.url).toString(), {
                method: 'POST',
                ca: idp.ca,
                jar,
                headers,
                form: { ...form.fields, login: 'medecin', password: 'esculape-demo' },
            });
            assert.equal(res.status, 403, `${JSON.stringify(headers)}: 403, got ${res.status}`);
            assert.match(res.body, /Demande refusée/);
            assert.equal(sessionCookie(res), undefined);
        }
        // Our own origin (what a browser sends for the real form) is accepted.
        const jar = new CookieJar();
        const page = await loginPage(idp, basic, jar);
        const form = findLoginForm(page.body);
        const ok = await request(new URL(form.action, page.url).toString(), {
            method: 'POST',
            ca: idp.ca,
            jar,
            headers: { 'sec-fetch-site': 'same-origin', origin: new URL(idp.issuer).origin },
            form: { ...form.fields, login: 'medecin', password: 'esculape-demo' },
        });
        assert.equal(ok.status, 303, `same-origin login accepted, got ${ok.status}`);
    });

    test('an interaction that produced a session cannot log in again', async () => {
        const jar = new CookieJar();
        const page = await loginPage(idp, basic, jar);
        const first = await submitLogin(idp, page, { login: 'medecin', jar: jar.clone() });
        assert.equal(first.status, 303);
        // Same browser state as before the first POST (cookie included), same form, not yet back at authorize.
        assertNoLogin(await submitLogin(idp, page, { login: 'medecin', jar: jar.clone() }), 'second POST');
    });

    test('GET /login without an interaction stores nothing: the portal form carries no interaction', async () => {
        const jar = new CookieJar();
        const page = await request(idp.endpoints.login, { ca: idp.ca, jar });
        page.url = idp.endpoints.login;
        const form = findLoginForm(page.body);
        assert.equal(form.fields.interaction ?? '', '', 'no interaction id for a portal login');
        const res = await submitLogin(idp, page, { login: 'medecin', jar });
        assert.equal(res.status, 303);
        assert.equal(new URL(res.location).pathname, '/', 'back to the portal');
        assert.ok(sessionCookie(res));
    });

    test('portal sign-out and logout confirmation refuse a cross-site POST, keep the session', async () => {
        const jar = new CookieJar();
        await loginThroughForm(idp, basic, { jar });
        const portal = await request(new URL('/', idp.issuer).toString(), { ca: idp.ca, jar });
        const signOut = parseForms(portal.body).find((f) => f.fields.csrf !== undefined);
        assert.ok(signOut, 'portal sign-out form');
        const crossPortal = await request(new URL(signOut.action, idp.issuer).toString(), {
            method: 'POST',
            ca: idp.ca,
            jar,
            headers: { 'sec-fetch-site': 'cross-site' },
            form: signOut.fields,
        });
        assert.equal(crossPortal.status, 403, `portal sign-out from another site, got ${crossPortal.status}`);

        const ask = await request(idp.endpoints.logout, { ca: idp.ca, jar });
        assert.equal(ask.status, 200, 'confirmation page without id_token_hint');
        const confirm = parseForms(ask.body).find((f) => f.fields.csrf !== undefined);
        const crossConfirm = await request(new URL(confirm.action, idp.issuer).toString(), {
            method: 'POST',
            ca: idp.ca,
            jar,
            headers: { origin: 'https://evil.example' },
            form: confirm.fields,
        });
        assert.ok(!crossConfirm.location, 'not logged out from another site');
        assert.match(crossConfirm.body, /Se déconnecter \?/, 'asked again');

        const still = await request(authorizeUrl(idp, codeRequest(basic).params), { ca: idp.ca, jar });
        assert.ok(still.location?.startsWith(basic.redirect_uris[0]), `session kept: ${still.location}`);
        // From our own page it works.
        const same = await request(new URL(signOut.action, idp.issuer).toString(), {
            method: 'POST',
            ca: idp.ca,
            jar,
            headers: { 'sec-fetch-site': 'same-origin' },
            form: signOut.fields,
        });
        assert.equal(same.status, 303);
    });
});
