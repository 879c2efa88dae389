// Authorization endpoint (RFC 6749 §4.1.1, §4.1.2.1; OIDC Core §3.1.2; RFC 9700; RFC 9207): ordered checks,
// HTML error page until client and redirect URI are verified, redirected errors with state and iss afterwards.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { startIdp } from './lib/harness.mjs';
import { request, CookieJar } from './lib/http.mjs';
import {
    authorizeUrl,
    codeRequest,
    loginThroughForm,
    findLoginForm,
    parseForms,
    queryOf,
    isRedirectTo,
    randomToken,
    tokenRequest,
} from './lib/flow.mjs';

function assertErrorPage(res, what) {
    assert.equal(res.status, 400, `${what}: expected a 400 page, got ${res.status} ${res.location ?? ''}`);
    assert.equal(res.location, undefined, `${what}: must not redirect`);
    assert.match(res.headers['content-type'] ?? '', /^text\/html/, `${what}: HTML page`);
    assertNotFramable(res, what);
}

// Every page carries anti-framing headers (psc-profile.md, security baseline).
function assertNotFramable(res, what) {
    const xfo = res.headers['x-frame-options'] ?? '';
    const csp = res.headers['content-security-policy'] ?? '';
    assert.ok(/deny/i.test(xfo) || /frame-ancestors 'none'/.test(csp), `${what}: anti-framing header`);
}

function assertRedirectError(idp, res, redirectUri, error, state) {
    assert.equal(res.status, 303, `expected 303 to the client, got ${res.status}: ${res.body.slice(0, 200)}`);
    assert.ok(isRedirectTo(res.location, redirectUri), `redirects to ${redirectUri}, got ${res.location}`);
    const q = queryOf(res.location);
    assert.equal(q.error, error, `error in ${res.location}`);
    assert.equal(q.state, state, 'state echoed');
    assert.equal(q.iss, idp.issuer, 'iss present (RFC 9207)');
    assert.equal(q.code, undefined, 'no code with an error');
    return q;
}

function assertLoginRedirect(idp, res) {
    assert.equal(
        res.status,
        303,
        `expected 303 to the login page, got ${res.status} ${res.location ?? res.body.slice(0, 200)}`,
    );
    const u = new URL(res.location);
    assert.equal(u.origin + u.pathname, idp.endpoints.login, `redirected to the login page, got ${res.location}`);
    assert.ok(u.searchParams.get('interaction'), 'login URL carries an interaction id');
}

describe('authorize', { timeout: 180000 }, () => {
    let idp;
    let basic;
    let spa;
    const get = (params, jar) => request(authorizeUrl(idp, params), { ca: idp.ca, jar });
    before(async () => {
        idp = await startIdp();
        basic = idp.clients['rp-basic'];
        spa = idp.clients.spa;
    });
    after(() => idp?.stop());

    test('a valid request without session goes to the login page (GET and POST)', async () => {
        const { params } = codeRequest(basic);
        assertLoginRedirect(idp, await get(params));
        const posted = await request(idp.endpoints.authorization, { method: 'POST', form: params, ca: idp.ca });
        assertLoginRedirect(idp, posted);
    });

    test('unknown client → HTML 400 page, never a redirect', async () => {
        const { params } = codeRequest(basic, { client_id: 'no-such-client' });
        assertErrorPage(await get(params), 'unknown client');
        const { params: p2 } = codeRequest(basic, { client_id: undefined });
        assertErrorPage(await get(p2), 'missing client_id');
    });

    test('missing or unregistered redirect_uri → page', async () => {
        assertErrorPage(await get(codeRequest(basic, { redirect_uri: undefined }).params), 'missing redirect_uri');
        assertErrorPage(await get(codeRequest(basic, { redirect_uri: 'https://evil.test/cb' }).params), 'unregistered');
        // Another client's registered URI is not this client's.
        assertErrorPage(
            await get(codeRequest(basic, { redirect_uri: 'https://rp-post.test/cb' }).params),
            'other client',
        );
    });

    test('open-redirect variants of the registered URI → page (exact match, RFC 9700 §4.1.3)', async () => {
        const variants = [
            'https://rp.test/c',
            'https://rp.test/cbx',
            'https://rp.test/cb/',
            'https://rp.test/cb/extra',
            'https://rp.test/cb/../cb',
            'https://rp.test/CB',
            'https://RP.test/cb',
            'http://rp.test/cb',
            'https://rp.test.evil.test/cb',
            'https://evil.test/rp.test/cb',
            'https://user@rp.test/cb',
            'https://rp.test@evil.test/cb',
            'https://rp.test/cb#frag',
            'https://rp.test/cb?next=https://evil.test',
            'https://rp.test/cb%2F..%2Fevil',
            ' https://rp.test/cb',
            'https://rp.test/cb ',
        ];
        for (const v of variants) {
            const res = await get(codeRequest(basic, { redirect_uri: v }).params);
            assertErrorPage(res, `redirect_uri ${JSON.stringify(v)}`);
            assert.ok(!/href="[^"]*evil\.test/.test(res.body), `no link to the attacker's URI on the page for ${v}`);
        }
    });

    test('response_type=token → unsupported_response_type redirected with state and iss', async () => {
        const { params } = codeRequest(basic, { response_type: 'token' });
        assertRedirectError(idp, await get(params), basic.redirect_uris[0], 'unsupported_response_type', params.state);
        const { params: p3 } = codeRequest(basic, { response_type: undefined });
        const missing = await get(p3);
        assert.ok(['invalid_request', 'unsupported_response_type'].includes(queryOf(missing.location).error));
    });

    test('without the openid scope no ID token is ever issued', async () => {
        const { params } = codeRequest(basic, { scope: 'scope_all' });
        const res = await get(params);
        if (res.status === 303 && isRedirectTo(res.location, params.redirect_uri)) {
            const q = assertRedirectError(idp, res, params.redirect_uri, queryOf(res.location).error, params.state);
            assert.ok(['invalid_scope', 'invalid_request'].includes(q.error), `error ${q.error}`);
            return;
        }
        // Plain OAuth 2.0 request: allowed, but the token response must not contain an ID token.
        const flow = await loginThroughForm(idp, basic, { overrides: { scope: 'scope_all', state: params.state } });
        const token = await tokenRequest(idp, basic, {
            grant_type: 'authorization_code',
            code: flow.code,
            redirect_uri: params.redirect_uri,
            code_verifier: flow.pkce.verifier,
        });
        assert.equal(token.status, 200, token.body);
        assert.equal(token.json().id_token, undefined, 'no id_token without openid');
    });

    test('an unknown scope value is refused with invalid_scope or ignored', async () => {
        const { params } = codeRequest(basic, { scope: 'openid admin:everything' });
        const res = await get(params);
        if (isRedirectTo(res.location, params.redirect_uri)) {
            assert.equal(queryOf(res.location).error, 'invalid_scope');
            return;
        }
        assertLoginRedirect(idp, res);
        const flow = await loginThroughForm(idp, basic, { overrides: { scope: params.scope } });
        const token = await tokenRequest(idp, basic, {
            grant_type: 'authorization_code',
            code: flow.code,
            redirect_uri: params.redirect_uri,
            code_verifier: flow.pkce.verifier,
        });
        assert.equal(token.status, 200, token.body);
        assert.ok(!token.json().scope.split(' ').includes('admin:everything'), `granted scope: ${token.json().scope}`);
    });

    test('PSC scope names are accepted', async () => {
        const scope = 'openid scope_all profile identity interop referentiel rpps email eidas1 offline_access';
        assertLoginRedirect(idp, await get(codeRequest(basic, { scope }).params));
    });

    test('public client without PKCE → invalid_request', async () => {
        const { params } = codeRequest(spa, { code_challenge: undefined, code_challenge_method: undefined });
        assertRedirectError(idp, await get(params), spa.redirect_uris[0], 'invalid_request', params.state);
    });

    test('plain PKCE is refused unless the client opted in; unknown methods are refused', async () => {
        const plain = { code_challenge: randomToken(32), code_challenge_method: 'plain' };
        const { params } = codeRequest(basic, plain);
        assertRedirectError(idp, await get(params), basic.redirect_uris[0], 'invalid_request', params.state);
        const { params: p2 } = codeRequest(spa, plain);
        assertRedirectError(idp, await get(p2), spa.redirect_uris[0], 'invalid_request', p2.state);
        assertLoginRedirect(idp, await get(codeRequest(idp.clients['rp-plain'], plain).params));
        const { params: p3 } = codeRequest(basic, { code_challenge_method: 'S512' });
        assertRedirectError(idp, await get(p3), basic.redirect_uris[0], 'invalid_request', p3.state);
        const { params: p4 } = codeRequest(basic, { code_challenge: 'short' });
        assertRedirectError(idp, await get(p4), basic.redirect_uris[0], 'invalid_request', p4.state);
    });

    test('prompt=none without a session → login_required', async () => {
        const { params } = codeRequest(basic, { prompt: 'none' });
        assertRedirectError(idp, await get(params), basic.redirect_uris[0], 'login_required', params.state);
    });

    describe('with an SSO session', () => {
        let jar;
        before(async () => {
            jar = new CookieJar();
            await loginThroughForm(idp, basic, { jar });
        });

        test('a new request returns a code directly, with state and iss', async () => {
            const { params } = codeRequest(basic);
            const res = await get(params, jar);
            assert.equal(res.status, 303);
            assert.ok(isRedirectTo(res.location, params.redirect_uri), res.location);
            const q = queryOf(res.location);
            assert.ok(q.code && q.code.length >= 20, 'code is long and random');
            assert.equal(q.state, params.state);
            assert.equal(q.iss, idp.issuer);
            // prompt=none succeeds with a session.
            const none = await get(codeRequest(basic, { prompt: 'none' }).params, jar);
            assert.ok(queryOf(none.location).code, `prompt=none with a session gives a code: ${none.location}`);
        });

        test('prompt=login forces the login page', async () => {
            assertLoginRedirect(idp, await get(codeRequest(basic, { prompt: 'login' }).params, jar));
        });

        test('max_age=0 forces re-authentication', async () => {
            assertLoginRedirect(idp, await get(codeRequest(basic, { max_age: '0' }).params, jar));
        });

        test('response_mode=form_post renders an auto-submitting form to the redirect URI', async () => {
            const { params } = codeRequest(basic, { response_mode: 'form_post' });
            const res = await get(params, jar);
            assert.equal(res.status, 200, `form_post page, got ${res.status} ${res.location ?? ''}`);
            assert.match(res.headers['content-type'], /^text\/html/);
            const form = parseForms(res.body).find((f) => f.action === params.redirect_uri);
            assert.ok(form, `a form posting to ${params.redirect_uri}`);
            assert.equal(form.method, 'post');
            assert.ok(form.fields.code, 'hidden code');
            assert.equal(form.fields.state, params.state);
            assert.equal(form.fields.iss, idp.issuer);
            assert.match(res.headers['cache-control'] ?? '', /no-store/, 'the page holding a code is not cached');
            assertNotFramable(res, 'form_post page');
        });

        test('form_post submits itself: its one script is allowed by a CSP hash, the button stays', async () => {
            const { params } = codeRequest(basic, { response_mode: 'form_post' });
            const res = await get(params, jar);
            assert.equal(res.status, 200);
            const scripts = [...res.body.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
            assert.equal(scripts.length, 1, 'one inline script');
            assert.match(scripts[0], /submit\(\)/, 'it submits the form');
            const csp = res.headers['content-security-policy'];
            const scriptSrc = /(?:^|;)\s*script-src ([^;]*)/.exec(csp)?.[1] ?? '';
            const hash = crypto.createHash('sha256').update(scripts[0], 'utf8').digest('base64');
            assert.ok(scriptSrc.split(' ').includes(`'sha256-${hash}'`), `CSP allows the script by hash: ${csp}`);
            assert.ok(!/unsafe-inline/.test(scriptSrc), 'no unsafe-inline');
            assert.match(res.body, /<button type="submit"[^>]*>Continuer<\/button>/, 'button for browsers without script');
        });

        test('unknown parameters are ignored', async () => {
            const { params } = codeRequest(basic, { foo: 'bar', ui_locales: 'fr', claims_locales: 'fr' });
            const res = await get(params, jar);
            assert.ok(queryOf(res.location).code, `code despite unknown parameters: ${res.location}`);
        });

        test('a duplicated parameter → invalid_request (RFC 6749 §3.1)', async () => {
            const { params } = codeRequest(basic);
            const res = await get({ ...params, scope: [params.scope, 'openid'] }, jar);
            assertRedirectError(idp, res, params.redirect_uri, 'invalid_request', params.state);
            // A duplicated redirect_uri cannot be trusted: page, not redirect.
            assertErrorPage(
                await get({ ...params, redirect_uri: [params.redirect_uri, basic.redirect_uris[1]] }, jar),
                'dup redirect_uri',
            );
        });
    });

    test('the login page is French, framed by nobody, and carries csrf + interaction', async () => {
        const res = await get(codeRequest(basic).params);
        const page = await request(res.location, { ca: idp.ca });
        assert.equal(page.status, 200);
        assert.match(page.body, /<html[^>]*lang="fr"/);
        const form = findLoginForm(page.body);
        assert.ok(form, 'login form');
        assert.ok(form.fields.csrf, 'csrf hidden field');
        assert.equal(form.fields.interaction, new URL(res.location).searchParams.get('interaction'));
        assertNotFramable(page, 'login page');
    });
});
