// Login page (POST P/login): generic failure message, CSRF bound to the interaction, throttling, SSO cookie.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startIdp } from './lib/harness.mjs';
import { request, CookieJar, parseSetCookie } from './lib/http.mjs';
import {
    authorizeUrl,
    codeRequest,
    findLoginForm,
    submitLogin,
    loginThroughForm,
    queryOf,
    isRedirectTo,
    obtainTokens,
    tokenRequest,
    DEMO_PASSWORD,
} from './lib/flow.mjs';

const kBadCredentials = 'Identifiant ou mot de passe incorrect.';
const kThrottled = 'Trop de tentatives';
const kSessionCookie = '__Host-esc_session';

// Opens a fresh interaction for `client` and returns the login page response.
async function loginPage(idp, client, jar) {
    const res = await request(authorizeUrl(idp, codeRequest(client).params), { ca: idp.ca, jar });
    assert.equal(res.status, 303, `authorize → login page, got ${res.status}`);
    const page = await request(res.location, { ca: idp.ca, jar });
    page.url = res.location;
    assert.equal(page.status, 200);
    return page;
}

async function attempt(idp, client, login, password, options = {}) {
    const jar = options.jar ?? new CookieJar();
    const page = await loginPage(idp, client, jar);
    return submitLogin(idp, page, { login, password, jar, ...options });
}

function sessionCookie(res) {
    return res.setCookies.map(parseSetCookie).find((c) => c.name === kSessionCookie && c.value);
}

function assertRefused(res, what, { anyStatus = false } = {}) {
    if (!anyStatus) assert.ok(res.status >= 400, `${what}: expected an error status, got ${res.status}`);
    assert.equal(sessionCookie(res), undefined, `${what}: no session cookie`);
    assert.ok(!res.location?.includes('/protocol/openid-connect/auth'), `${what}: no way back to authorize`);
}

describe('login', { timeout: 180000 }, () => {
    let idp;
    let basic;
    before(async () => {
        idp = await startIdp();
        basic = idp.clients['rp-basic'];
    });
    after(() => idp?.stop());

    test('wrong password and unknown login get the same generic answer', async () => {
        const wrong = await attempt(idp, basic, 'medecin', 'pas-le-bon-mot-de-passe');
        const unknown = await attempt(idp, basic, 'personne-inconnue', 'pas-le-bon-mot-de-passe');
        for (const [what, res] of [
            ['wrong password', wrong],
            ['unknown login', unknown],
        ]) {
            assert.ok([200, 401].includes(res.status), `${what}: status ${res.status}`);
            assert.ok(res.body.includes(kBadCredentials), `${what}: generic message`);
            assert.equal(sessionCookie(res), undefined, `${what}: no session`);
            assert.ok(findLoginForm(res.body), `${what}: the form is shown again`);
        }
        assert.equal(wrong.status, unknown.status, 'same status for both');
    });

    test('CSRF missing, altered or of another interaction → refused even with the right password', async () => {
        assertRefused(await attempt(idp, basic, 'medecin', DEMO_PASSWORD, { dropFields: ['csrf'] }), 'missing csrf');
        assertRefused(
            await attempt(idp, basic, 'medecin', DEMO_PASSWORD, { override: { csrf: 'forged-token-value' } }),
            'bad csrf',
        );
        const other = findLoginForm((await loginPage(idp, basic, new CookieJar())).body).fields.csrf;
        assertRefused(
            await attempt(idp, basic, 'medecin', DEMO_PASSWORD, { override: { csrf: other } }),
            'csrf of another interaction',
        );
        assertRefused(
            await attempt(idp, basic, 'medecin', DEMO_PASSWORD, { dropFields: ['interaction'] }),
            'missing interaction',
        );
    });

    test('success: 303 to authorize and a __Host- session cookie: Secure, HttpOnly, SameSite=Lax', async () => {
        const jar = new CookieJar();
        const res = await attempt(idp, basic, 'medecin', DEMO_PASSWORD, { jar });
        assert.equal(res.status, 303, `303 after the credential POST, got ${res.status}`);
        assert.ok(res.location.startsWith(idp.endpoints.authorization), `back to authorize: ${res.location}`);
        const cookie = sessionCookie(res);
        assert.ok(cookie, 'session cookie set');
        assert.ok(cookie.value.length >= 32, 'session id is long');
        assert.equal(cookie.attrs.secure, true, 'Secure');
        assert.equal(cookie.attrs.httponly, true, 'HttpOnly');
        assert.equal(String(cookie.attrs.samesite).toLowerCase(), 'lax', 'SameSite=Lax');
        assert.equal(cookie.attrs.path, '/', '__Host- cookies need Path=/');
        assert.equal(cookie.attrs.domain, undefined, '__Host- cookies have no Domain');
        const back = await request(res.location, { ca: idp.ca, jar });
        assert.equal(back.status, 303);
        assert.ok(isRedirectTo(back.location, basic.redirect_uris[0]), back.location);
        assert.ok(queryOf(back.location).code);
    });

    test('a second client signs in without a password prompt (SSO)', async () => {
        const jar = new CookieJar();
        const first = await loginThroughForm(idp, basic, { jar });
        assert.ok(first.sawLoginPage);
        const post = idp.clients['rp-post'];
        const { params } = codeRequest(post);
        const res = await request(authorizeUrl(idp, params), { ca: idp.ca, jar });
        assert.equal(res.status, 303);
        assert.ok(isRedirectTo(res.location, post.redirect_uris[0]), `straight to the second client: ${res.location}`);
        assert.ok(queryOf(res.location).code);
    });

    test('an interaction cannot be replayed after it completed', async () => {
        const jar = new CookieJar();
        const page = await loginPage(idp, basic, jar);
        const ok = await submitLogin(idp, page, { login: 'medecin', jar });
        assert.equal(ok.status, 303);
        const done = await request(ok.location, { ca: idp.ca, jar });
        assert.ok(queryOf(done.location).code, 'the flow completed with a code');
        const again = await submitLogin(idp, page, { login: 'medecin', jar: new CookieJar() });
        assertRefused(again, 'replayed interaction', { anyStatus: true });
    });

    test('a new login in the same browser closes the session it replaces: its refresh token stops working', async () => {
        const jar = new CookieJar();
        const { tokens } = await obtainTokens(idp, basic, { jar });
        assert.ok(tokens.refresh_token, 'a refresh token to test with');
        const before = jar.clone();
        const again = await loginThroughForm(idp, basic, { jar, overrides: { prompt: 'login' } });
        assert.ok(again.sawLoginPage, 'prompt=login asked for the password again');
        const res = await tokenRequest(idp, basic, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
        assert.equal(res.status, 400, `the replaced session's refresh token is refused, got ${res.status} ${res.body}`);
        assert.equal(res.json().error, 'invalid_grant');
        const replay = await request(authorizeUrl(idp, codeRequest(basic).params), { ca: idp.ca, jar: before });
        assert.ok(replay.location.startsWith(idp.endpoints.login), `the old session cookie is dead: ${replay.location}`);
    });
});

describe('login throttling', { timeout: 180000 }, () => {
    test('per account: after max_failures_per_account failures, 429 "Trop de tentatives"', async () => {
        const idp = await startIdp({ login: { max_failures_per_account: 3, max_failures_per_address: 100 } });
        try {
            const basic = idp.clients['rp-basic'];
            for (let i = 0; i < 2; ++i) {
                const res = await attempt(idp, basic, 'pharmacien', `mauvais-${i}`);
                assert.notEqual(res.status, 429, `failure ${i + 1} is not throttled yet`);
                assert.ok(res.body.includes(kBadCredentials));
            }
            await attempt(idp, basic, 'pharmacien', 'mauvais-2');
            const locked = await attempt(idp, basic, 'pharmacien', DEMO_PASSWORD);
            assert.equal(locked.status, 429, 'the right password does not get through while the delay runs');
            assert.ok(locked.body.includes(kThrottled), 'French throttling message');
            const retryAfter = Number(locked.headers['retry-after']);
            assert.ok(retryAfter > 0 && retryAfter <= 900, `Retry-After while the delay runs: ${retryAfter}`);
            assert.equal(sessionCookie(locked), undefined);
            // Another account from the same address is not locked by per-account counting.
            const other = await attempt(idp, basic, 'infirmier', DEMO_PASSWORD);
            assert.equal(other.status, 303, `another account still signs in, got ${other.status}`);
        } finally {
            await idp.stop();
        }
    });

    test('a browser that logged in to the account before is not held back by its delay (device cookie)', async () => {
        const idp = await startIdp({ login: { max_failures_per_account: 2, max_failures_per_address: 100 } });
        try {
            const basic = idp.clients['rp-basic'];
            const device = new CookieJar();
            assert.equal((await attempt(idp, basic, 'sagefemme', DEMO_PASSWORD, { jar: device })).status, 303);
            // Someone else guesses: the account's delay starts.
            for (let i = 0; i < 2; ++i) await attempt(idp, basic, 'sagefemme', `mauvais-${i}`);
            const elsewhere = await attempt(idp, basic, 'sagefemme', DEMO_PASSWORD);
            assert.equal(elsewhere.status, 429, 'another browser waits');
            assert.ok(Number(elsewhere.headers['retry-after']) > 0, 'Retry-After');
            device.delete(kSessionCookie); // a later visit: the SSO session has ended, the device cookie stays
            const owner = await attempt(idp, basic, 'sagefemme', DEMO_PASSWORD, { jar: device });
            assert.equal(owner.status, 303, `the professional's own browser gets through, got ${owner.status}`);
            // The device cookie is per account: it does not help with another one.
            for (let i = 0; i < 2; ++i) await attempt(idp, basic, 'kine', `mauvais-${i}`);
            device.delete(kSessionCookie);
            assert.equal((await attempt(idp, basic, 'kine', DEMO_PASSWORD, { jar: device })).status, 429);
        } finally {
            await idp.stop();
        }
    });

    test('per address: failures spread over many logins end in 429', async () => {
        const idp = await startIdp({ login: { max_failures_per_account: 50, max_failures_per_address: 4 } });
        try {
            const basic = idp.clients['rp-basic'];
            const logins = ['kine', 'sagefemme', 'inconnu-1', 'dentiste'];
            for (const [i, login] of logins.slice(0, 3).entries()) {
                const res = await attempt(idp, basic, login, `mauvais-${i}`);
                assert.notEqual(res.status, 429, `failure ${i + 1} is not throttled yet`);
            }
            await attempt(idp, basic, logins[3], 'mauvais-3');
            const res = await attempt(idp, basic, 'medecin', DEMO_PASSWORD);
            assert.equal(res.status, 429, 'the address is throttled');
            assert.ok(res.body.includes(kThrottled));
        } finally {
            await idp.stop();
        }
    });
});
