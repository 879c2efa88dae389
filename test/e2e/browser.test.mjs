// End to end in a real browser (Debian's Chromium driven by playwright-core): a public SPA-style client with PKCE,
// the login form filled like a person would, the code delivered to the client's page, then the portal greeting.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { startIdp, freePort } from '../integration/lib/harness.mjs';
import { request, CookieJar } from '../integration/lib/http.mjs';
import { codeRequest, authorizeUrl, findLoginForm, DEMO_PASSWORD } from '../integration/lib/flow.mjs';
import { chromiumSkip, launchChromium, screenshots } from './lib/chromium.mjs';
import { startLanding } from './lib/landing.mjs';

describe(
    'browser',
    { timeout: 180000, skip: chromiumSkip },
    () => {
        let idp;
        let landing;
        let browser;
        let redirectUri;
        before(async () => {
            const port = await freePort();
            redirectUri = `https://127.0.0.1:${port}/callback`;
            idp = await startIdp({ extraRedirects: { spa: [redirectUri] } });
            landing = await startLanding(port, idp.certDir);
            browser = await launchChromium();
        });
        after(async () => {
            await browser?.close();
            landing?.server.close();
            await idp?.stop();
        });

        test('log in through the form, the code reaches the client, the portal greets the professional', async () => {
            const context = await browser.newContext({ ignoreHTTPSErrors: true, locale: 'fr-FR' });
            const page = await context.newPage();
            const spa = idp.clients.spa;
            const { params, pkce } = codeRequest(spa, { redirect_uri: redirectUri });

            await page.goto(authorizeUrl(idp, params));
            assert.ok(page.url().startsWith(idp.endpoints.login), `login page, got ${page.url()}`);
            assert.equal(await page.getAttribute('html', 'lang'), 'fr');
            await page.screenshot({ path: path.join(screenshots, 'login.png'), fullPage: true });

            await page.fill('input[name="login"]', 'medecin');
            await page.fill('input[name="password"]', DEMO_PASSWORD);
            await Promise.all([
                page.waitForURL((u) => u.toString().startsWith(redirectUri), { timeout: 15000 }),
                page.click('form:has(input[type="password"]) [type="submit"]'),
            ]);
            await page.screenshot({ path: path.join(screenshots, 'callback.png'), fullPage: true });
            assert.equal(await page.textContent('#statut'), 'Code reçu');
            assert.equal(landing.received.length, 1, 'the client received exactly one callback');
            const cb = landing.received[0];
            assert.ok(cb.code, 'code delivered');
            assert.equal(cb.state, params.state);
            assert.equal(cb.iss, idp.issuer);

            const cookies = await context.cookies(idp.base);
            const session = cookies.find((c) => c.name === '__Host-esc_session');
            assert.ok(session, 'session cookie in the browser');
            assert.equal(session.httpOnly, true);
            assert.equal(session.secure, true);
            assert.equal(session.sameSite, 'Lax');

            // The code is real: the public client redeems it with its PKCE verifier.
            const token = await request(idp.endpoints.token, {
                method: 'POST',
                ca: idp.ca,
                form: {
                    grant_type: 'authorization_code',
                    code: cb.code,
                    redirect_uri: redirectUri,
                    client_id: spa.id,
                    code_verifier: pkce.verifier,
                },
            });
            assert.equal(token.status, 200, token.body);
            const info = (
                await request(idp.endpoints.userinfo, { ca: idp.ca, bearer: token.json().access_token })
            ).json();
            assert.ok(info.family_name, 'userinfo names the professional');

            await page.goto(`${idp.base}/`);
            await page.screenshot({ path: path.join(screenshots, 'portal.png'), fullPage: true });
            const text = await page.textContent('body');
            assert.ok(text.includes(info.family_name), `the portal names ${info.family_name}`);
            assert.ok(text.includes(info.given_name), `the portal names ${info.given_name}`);
            assert.ok(!(await page.$('input[type="password"]')), 'signed in: no password prompt on the portal');

            // Portal sign-out (POST /logout with its CSRF field): the SSO cookie goes and the portal forgets the user.
            await Promise.all([page.waitForNavigation(), page.click('text=Se déconnecter')]);
            await page.screenshot({ path: path.join(screenshots, 'portal-logout.png'), fullPage: true });
            assert.equal(
                (await context.cookies(idp.base)).find((c) => c.name === '__Host-esc_session'),
                undefined,
            );
            await page.goto(`${idp.base}/`);
            assert.ok(
                !(await page.textContent('body')).includes(info.family_name),
                'signed out: the portal no longer names anyone',
            );
            await context.close();
        });

        test('a second authorization in the same browser needs no password', async () => {
            const context = await browser.newContext({ ignoreHTTPSErrors: true });
            const page = await context.newPage();
            const spa = idp.clients.spa;
            await page.goto(authorizeUrl(idp, codeRequest(spa, { redirect_uri: redirectUri }).params));
            await page.fill('input[name="login"]', 'infirmier');
            await page.fill('input[name="password"]', DEMO_PASSWORD);
            await Promise.all([
                page.waitForURL((u) => u.toString().startsWith(redirectUri)),
                page.click('form:has(input[type="password"]) [type="submit"]'),
            ]);
            const before = landing.received.length;
            const second = codeRequest(spa, { redirect_uri: redirectUri }).params;
            await page.goto(authorizeUrl(idp, second));
            assert.ok(page.url().startsWith(redirectUri), `straight back to the client: ${page.url()}`);
            assert.equal(landing.received.length, before + 1);
            assert.equal(landing.received.at(-1).state, second.state);
            await context.close();
        });

        test('response_mode=form_post submits itself: the CSP lets exactly its script run', async () => {
            const context = await browser.newContext({ ignoreHTTPSErrors: true });
            const page = await context.newPage();
            const violations = [];
            page.on('console', (m) => {
                if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
            });
            const params = codeRequest(idp.clients.spa, { redirect_uri: redirectUri, response_mode: 'form_post' }).params;
            await page.goto(authorizeUrl(idp, params));
            await page.fill('input[name="login"]', 'dentiste');
            await page.fill('input[name="password"]', DEMO_PASSWORD);
            const [callback] = await Promise.all([
                page.waitForRequest((r) => r.url().startsWith(redirectUri) && r.method() === 'POST', { timeout: 15000 }),
                page.click('form:has(input[type="password"]) [type="submit"]'),
            ]);
            const body = new URLSearchParams(callback.postData() ?? '');
            assert.ok(body.get('code'), 'the code was posted to the client without a click');
            assert.equal(body.get('state'), params.state);
            assert.deepEqual(violations, [], 'no CSP violation');
            await context.close();
        });

        test("login CSRF: a form auto-submitted from another site does not log the browser in", async () => {
            // The attacker opens a login form in their own client and copies its fields (token included).
            const jar = new CookieJar();
            const start = await request(authorizeUrl(idp, codeRequest(idp.clients.spa, { redirect_uri: redirectUri }).params), {
                ca: idp.ca,
                jar,
            });
            const form = findLoginForm((await request(start.location, { ca: idp.ca, jar })).body);
            const fields = { ...form.fields, login: 'medecin', password: DEMO_PASSWORD };
            const inputs = Object.entries(fields)
                .map(([k, v]) => `<input type="hidden" name="${k}" value="${String(v).replace(/"/g, '&quot;')}">`)
                .join('');
            const context = await browser.newContext({ ignoreHTTPSErrors: true });
            const page = await context.newPage();
            await page.route('https://attacker.test/', (route) =>
                route.fulfill({
                    contentType: 'text/html',
                    body: `<form method="post" action="${idp.endpoints.login}">${inputs}</form>` +
                        '<script>document.forms[0].submit()</script>',
                }),
            );
            const [posted] = await Promise.all([
                page.waitForResponse((r) => r.url() === idp.endpoints.login && r.request().method() === 'POST'),
                page.goto('https://attacker.test/'),
            ]);
            assert.equal(posted.status(), 403, `cross-site login refused, got ${posted.status()}`);
            const cookies = await context.cookies(idp.base);
            assert.equal(cookies.find((c) => c.name === '__Host-esc_session'), undefined, 'no session in the browser');
            await context.close();
        });

        test('a wrong password shows the French error, in the page', async () => {
            const context = await browser.newContext({ ignoreHTTPSErrors: true });
            const page = await context.newPage();
            await page.goto(authorizeUrl(idp, codeRequest(idp.clients.spa, { redirect_uri: redirectUri }).params));
            await page.fill('input[name="login"]', 'kine');
            await page.fill('input[name="password"]', 'pas-le-bon');
            await Promise.all([
                page.waitForLoadState(),
                page.click('form:has(input[type="password"]) [type="submit"]'),
            ]);
            await page.waitForSelector('text=Identifiant ou mot de passe incorrect.');
            await page.screenshot({ path: path.join(screenshots, 'login-error.png'), fullPage: true });
            assert.ok(!page.url().startsWith(redirectUri));
            await context.close();
        });
    },
);
