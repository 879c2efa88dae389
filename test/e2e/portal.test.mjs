// The signed-in portal, « Mon compte » and the logout choice in a real browser (Debian's Chromium driven by
// playwright-core), every idp page screenshot (screenshots/portal-*.png), audited with axe-core against WCAG 2.1
// A/AA (lib/a11y.mjs), and checked for exactly one h1, a label on each visible input and error messages that say
// something:
//   a. signed in from the portal: the open service is a tile (« Vos services »), the one on approval is in
//      « Autres services »; « Demander l’accès » reached with Tab (each stop showing the focus) and Enter →
//      « Demande en cours d’examen depuis le JJ/MM/AAAA »;
//   b. two browsers signed in as medecin: « Mon compte » lists both sessions, « Déconnecter » the other one → the
//      other browser is signed out; a refused then an accepted phone number; a new e-mail address counted only once
//      the link mailed to it (real SMTP in this process) is followed; a wrong current password refused, then the
//      password changed, which ends the other browser's session again;
//   c. a relying party (the public client spa, its landing page in this process, a back-channel logout receiver):
//      « Quitter seulement … » → back to the service, nobody notified, the next authorization skips the login
//      page; « Me déconnecter partout » → one logout token (the ID token's sid, the back-channel event) and the
//      portal signed out.
// One idp (SQLite database, [mail] to the in-process mailbox), one mailbox, one Chromium; contexts per journey.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { startIdp, freePort } from '../integration/lib/harness.mjs';
import { startMailbox } from '../integration/lib/mailbox.mjs';
import { request } from '../integration/lib/http.mjs';
import { codeRequest, authorizeUrl, decodeJwt, DEMO_PASSWORD } from '../integration/lib/flow.mjs';
import { auditContext } from './lib/a11y.mjs';
import { chromiumSkip, launchChromium } from './lib/chromium.mjs';
import { startLanding } from './lib/landing.mjs';
import { kErrorMessages, pageVisitor } from './lib/page_checks.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const kOldEmail = 'claire.moreau@demo-esculape.example';
const kNewEmail = 'claire.moreau@cabinet-exemple.fr';
const kNewPassword = 'Encore une autre phrase secrète';
const kBackchannelEvent = 'http://schemas.openid.net/event/backchannel-logout';
// The portal's two services: one open to every professional, one on a referent's approval.
const kOpen = { id: 'rp-basic', name: 'Dossier communicant de cancérologie', url: 'https://rp.test/' };
const kApproval = { id: 'rp-post', name: 'Messagerie sécurisée de test', url: 'https://rp-post.test/' };

// Known axe violations of the idp's pages, by page name: the audit of that page is reported as a todo (the lead
// fixes the templates/CSS under idp/, which this test must not touch). Empty when every page passes.
const kA11yTodo = {};

// Today as the idp writes dates (JJ/MM/AAAA, Paris time).
function parisToday() {
    return new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', day: '2-digit', month: '2-digit', year: 'numeric' }).format(
        new Date(),
    );
}

// One idp page (lib/page_checks.mjs): screenshot, one h1, a label for every visible field, the axe audit and the
// error markup check, where the portal's status messages (role="status") must not be empty either.
const visit = pageVisitor({ prefix: 'portal', a11yTodo: kA11yTodo, messages: `${kErrorMessages}, [role="status"]` });

// The focused element, and whether it draws a visible focus (WCAG 2.4.7: an outline or a box-shadow).
async function focusState(page) {
    return page.evaluate(() => {
        const el = document.activeElement;
        const s = getComputedStyle(el);
        const text = (el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 60);
        return {
            what: `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.name ? `[name=${el.name}]` : ''} ${text}`.trim(),
            text,
            visible:
                (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) ||
                (s.boxShadow !== 'none' && s.boxShadow !== ''),
            outline: `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}`,
            boxShadow: s.boxShadow,
        };
    });
}

// Tabs from the top of the page until the focused element's text matches `re`, each stop showing the focus.
async function tabTo(page, re, maxStops = 20) {
    const stops = [];
    for (let i = 0; i < maxStops; ++i) {
        await page.keyboard.press('Tab');
        const focus = await focusState(page);
        stops.push(focus.what);
        assert.ok(focus.visible, `focus visible on ${focus.what} (outline ${focus.outline}, box-shadow ${focus.boxShadow})`);
        if (re.test(focus.text)) return stops;
    }
    assert.fail(`${re} never got the focus with Tab; stops: ${stops.join(' → ')}`);
}

async function loginWith(page, login, password = DEMO_PASSWORD) {
    await page.fill('input[name="login"]', login);
    await page.fill('input[name="password"]', password);
    const [response] = await Promise.all([
        page.waitForNavigation(),
        page.click('form:has(input[type="password"]) [type="submit"]'),
    ]);
    return response;
}

// Clicks and waits for the page it leads to; resolves the response.
async function clickThrough(page, selector) {
    const [response] = await Promise.all([page.waitForNavigation(), page.click(selector)]);
    return response;
}

// A relying party's back-channel logout endpoint on plain HTTP loopback (dev_mode allows it): records every POST.
function startReceiver() {
    const posts = [];
    const server = http.createServer((req, res) => {
        let body = '';
        req.on('data', (c) => (body += c));
        req.on('end', () => {
            if (req.method === 'POST') posts.push({ at: Date.now(), url: req.url, headers: req.headers, form: new URLSearchParams(body) });
            res.writeHead(req.method === 'POST' ? 200 : 405, { 'Cache-Control': 'no-store' }).end();
        });
    });
    return new Promise((resolve) => {
        server.listen(0, '127.0.0.1', () =>
            resolve({
                posts,
                uri: `http://127.0.0.1:${server.address().port}/backchannel-logout`,
                close: () => new Promise((r) => server.close(r)),
            }),
        );
    });
}

async function waitForPosts(receiver, count, ms) {
    const deadline = Date.now() + ms;
    while (receiver.posts.length < count) {
        if (Date.now() > deadline) assert.fail(`${receiver.posts.length} back-channel POST(s) after ${ms} ms, ${count} expected`);
        await sleep(100);
    }
    return receiver.posts;
}

// The signed-in portal, reached from « Se connecter » on the signed-out home.
async function signInFromPortal(idp, page, password = DEMO_PASSWORD) {
    await page.goto(`${idp.base}/`);
    await clickThrough(page, 'a:has-text("Se connecter")');
    assert.ok(page.url().startsWith(idp.endpoints.login), `login page, got ${page.url()}`);
    await loginWith(page, 'medecin', password);
    assert.equal(page.url(), `${idp.base}/`, 'back on the portal');
    assert.equal(await page.textContent('h1'), 'Bonjour Claire MOREAU');
}

// Ends the context's Esculape session with the portal's « Se déconnecter » when it is signed in, then closes it.
async function signOut(idp, context) {
    try {
        const page = await context.newPage();
        await page.goto(`${idp.base}/`);
        const button = await page.$('.page-head button:has-text("Se déconnecter")');
        if (button) await Promise.all([page.waitForNavigation(), button.click()]);
    } finally {
        await context.close();
    }
}

// The rows of « Sessions ouvertes »: the last cell's text and whether it has a « Déconnecter » button.
async function sessionRows(page) {
    return page.$$eval('section[aria-labelledby="sessions-titre"] tbody tr', (rows) =>
        rows.map((r) => ({
            cells: [...r.cells].map((c) => c.textContent.trim().replace(/\s+/g, ' ')),
            current: r.cells[r.cells.length - 1].textContent.trim() === 'Cette session',
            button: !!r.querySelector('button'),
        })),
    );
}

describe(
    'portal, « Mon compte » and the logout choice in the browser',
    { timeout: 120000, skip: chromiumSkip },
    () => {
        let idp;
        let mailbox;
        let receiver;
        let landing;
        let browser;
        let redirectUri;
        let loggedOutUri;
        // medecin's password as the journeys leave it (« Mon compte » changes it).
        let medecinPassword = DEMO_PASSWORD;
        before(async () => {
            mailbox = await startMailbox();
            receiver = await startReceiver();
            const port = await freePort();
            redirectUri = `https://127.0.0.1:${port}/callback`;
            loggedOutUri = `https://127.0.0.1:${port}/logged-out`;
            idp = await startIdp({
                extraRedirects: { spa: [redirectUri] },
                clientOverrides: {
                    [kOpen.id]: { front_name: kOpen.name, front_url: kOpen.url },
                    [kApproval.id]: { front_name: kApproval.name, front_url: kApproval.url, access: 'approval' },
                    spa: { backchannel_logout_uri: receiver.uri, post_logout_redirect_uris: [loggedOutUri] },
                },
                top: {
                    mail: {
                        smtp_url: `smtp://127.0.0.1:${mailbox.port}`,
                        security: 'none',
                        from: 'Esculape <ne-pas-repondre@esculape.test>',
                    },
                },
            });
            landing = await startLanding(port, idp.certDir);
            browser = await launchChromium();
        });
        after(async () => {
            await browser?.close();
            landing?.server.close();
            await idp?.stop();
            await receiver?.close();
            await mailbox?.close();
        });

        test('a. the portal: tiles, « Autres services », « Demander l’accès » with the keyboard', async (t) => {
            const context = await auditContext(browser);
            const page = await context.newPage();
            // Signed out whatever happens, so that the next journey sees only its own sessions.
            t.after(() => signOut(idp, context));
            await page.goto(`${idp.base}/`);
            assert.equal(await visit(t, page, 'home'), 'Bienvenue sur Esculape');
            await clickThrough(page, 'a:has-text("Se connecter")');
            assert.ok(page.url().startsWith(idp.endpoints.login), `login page, got ${page.url()}`);
            assert.equal(await visit(t, page, 'login'), 'Connexion');
            await loginWith(page, 'medecin');
            assert.equal(page.url(), `${idp.base}/`, 'back on the portal');
            assert.equal(await visit(t, page, 'services'), 'Bonjour Claire MOREAU');
            assert.ok(await page.$('.page-head a:has-text("Mon compte")'), '« Mon compte »');
            assert.ok(await page.$('.page-head button:has-text("Se déconnecter")'), '« Se déconnecter »');

            // « Vos services »: the open service as a link tile; the one on approval is not there.
            const tiles = await page.$$eval('section[aria-labelledby="services-titre"] .tile', (list) =>
                list.map((li) => ({
                    name: li.querySelector('.tile-name')?.textContent.trim(),
                    link: li.querySelector('a.tile-name')?.getAttribute('href'),
                })),
            );
            assert.deepEqual(tiles, [{ name: kOpen.name, link: kOpen.url }], 'one tile: the open service, a link');
            // « Autres services »: the one on approval, with its button.
            const others = page.locator('section[aria-labelledby="autres-services-titre"]');
            assert.equal(await others.locator('h2').textContent(), 'Autres services');
            const offers = (await others.locator('.tile').allTextContents()).map((o) => o.replace(/\s+/g, ' ').trim());
            assert.equal(offers.length, 1, `one offer, got ${JSON.stringify(offers)}`);
            assert.match(offers[0], new RegExp(`^${kApproval.name}\\s+Demander l’accès à ${kApproval.name}$`));
            assert.equal(await others.locator('input[name="client_id"]').getAttribute('value'), kApproval.id);
            assert.ok(await others.locator('input[name="csrf"]').getAttribute('value'), 'a CSRF field');

            // Keyboard only: Tab from the top to « Demander l’accès » (each stop showing the focus), then Enter.
            const stops = await tabTo(page, /^Demander l’accès/);
            t.diagnostic(`tab stops: ${stops.join(' → ')}`);
            const [sent] = await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
            assert.equal(sent.status(), 200);
            assert.equal(page.url(), `${idp.base}/`, 'back on the portal');
            assert.equal(await visit(t, page, 'access-requested'), 'Bonjour Claire MOREAU');
            const offer = (await others.locator('.tile').textContent()).replace(/\s+/g, ' ').trim();
            assert.equal(offer, `${kApproval.name} Demande en cours d’examen depuis le ${parisToday()}.`);
            assert.equal(await others.locator('button').count(), 0, 'no second request');
            assert.deepEqual(
                await page.$$eval('section[aria-labelledby="services-titre"] .tile-name', (l) => l.map((e) => e.textContent)),
                [kOpen.name],
                'still not a tile of « Vos services »',
            );

            // « Se déconnecter »: the signed-out home.
            await clickThrough(page, '.page-head button:has-text("Se déconnecter")');
            assert.equal(await page.textContent('h1'), 'Bienvenue sur Esculape');
        });

        test('b. « Mon compte »: sessions, phone, e-mail address, password', async (t) => {
            const contextA = await auditContext(browser);
            const contextB = await auditContext(browser);
            t.after(() => Promise.all([signOut(idp, contextA), signOut(idp, contextB)]));
            const a = await contextA.newPage();
            const b = await contextB.newPage();
            await signInFromPortal(idp, a);
            await signInFromPortal(idp, b);

            // « Mon compte » from the portal.
            await clickThrough(a, '.page-head a:has-text("Mon compte")');
            assert.equal(new URL(a.url()).pathname, '/account');
            assert.equal(await visit(t, a, 'account'), 'Mon compte');
            const identity = await a.$$eval('section[aria-labelledby="identite-titre"] dt', (list) =>
                Object.fromEntries(list.map((dt) => [dt.textContent.trim(), dt.nextElementSibling?.textContent.trim()])),
            );
            assert.equal(identity.Identifiant, 'medecin');
            assert.equal(identity.Nom, 'MOREAU');
            assert.equal(identity['Prénom'], 'Claire');
            assert.match(identity['Identifiant national'] ?? '', /^\d{11,12}$/);
            assert.match(
                await a.textContent('section[aria-labelledby="identite-titre"] .hint'),
                /annuaire national des professionnels de santé .* ne se modifient pas ici/,
            );
            assert.equal(await a.$('section[aria-labelledby="identite-titre"] input'), null, 'identity is read-only');
            assert.match(await a.textContent('#email-aide'), new RegExp(`Adresse actuelle : ${kOldEmail.replace(/\./g, '\\.')}\\.`));
            const logins = await a.$$eval('section[aria-labelledby="connexions-titre"] tbody tr', (rows) =>
                rows.map((r) => [...r.cells].map((c) => c.textContent.trim())),
            );
            assert.ok(logins.length >= 2, `the last logins, got ${JSON.stringify(logins)}`);
            for (const [date, method, address] of logins.slice(0, 2)) {
                assert.match(date, /^\d\d\/\d\d\/\d{4} à \d\d:\d\d$/);
                assert.equal(method, 'Mot de passe');
                assert.equal(address, '127.0.0.1');
            }

            // Two sessions: this one, and the other with « Déconnecter ».
            const rows = await sessionRows(a);
            assert.equal(rows.length, 2, `two open sessions, got ${JSON.stringify(rows)}`);
            assert.deepEqual(rows.map((r) => r.current).sort(), [false, true]);
            for (const r of rows) assert.equal(r.button, !r.current, `only the other session has a button: ${JSON.stringify(r)}`);
            const closed = await clickThrough(a, 'section[aria-labelledby="sessions-titre"] tbody button:has-text("Déconnecter")');
            assert.equal(closed.status(), 200);
            assert.equal(new URL(a.url()).pathname, '/account');
            await visit(t, a, 'account-session-closed');
            const left = await sessionRows(a);
            assert.equal(left.length, 1, `one session left, got ${JSON.stringify(left)}`);
            assert.ok(left[0].current, 'this one');
            // Context B's next page: signed out.
            await b.goto(`${idp.base}/`);
            assert.equal(await visit(t, b, 'signed-out-elsewhere'), 'Bienvenue sur Esculape');
            assert.ok(await b.$('a:has-text("Se connecter")'), '« Se connecter » on B');

            // Phone: refused (message next to the field, what was typed kept), then accepted and normalized.
            await a.fill('#phone', '12');
            const refused = await clickThrough(a, 'button:has-text("Enregistrer le téléphone")');
            assert.equal(refused.status(), 400);
            const error = await a.$eval('#phone', (input) => {
                const message = input.closest('.field')?.querySelector('.field-error');
                return {
                    value: input.value,
                    invalid: input.getAttribute('aria-invalid'),
                    describedBy: (input.getAttribute('aria-describedby') ?? '').split(/\s+/),
                    id: message?.id,
                    text: message?.textContent.trim(),
                };
            });
            assert.equal(error.value, '12', 'what was typed is kept');
            assert.equal(error.invalid, 'true');
            assert.match(error.text ?? '', /numéro français à 10 chiffres/, `the message is next to the field: ${JSON.stringify(error)}`);
            assert.ok(error.describedBy?.includes(error.id), `the field points at its error: ${JSON.stringify(error)}`);
            await visit(t, a, 'account-phone-error');
            await a.fill('#phone', '03 81 00 00 00');
            const saved = await clickThrough(a, 'button:has-text("Enregistrer le téléphone")');
            assert.equal(saved.status(), 200);
            assert.equal(new URL(a.url()).pathname, '/account');
            const phone = await a.inputValue('#phone');
            t.diagnostic(`phone shown after saving: « ${phone} »`);
            assert.equal(phone.replace(/\D/g, ''), '0381000000');
            assert.equal(await a.getAttribute('#phone', 'aria-invalid'), null);
            await visit(t, a, 'account-phone-saved');

            // E-mail: a link to the new address; the account keeps the old one until it is followed.
            await a.fill('#email', kNewEmail);
            const asked = await clickThrough(a, 'button:has-text("Changer d’adresse e-mail")');
            assert.equal(asked.status(), 200);
            assert.match(await a.textContent('main .alert'), new RegExp(`Un lien de confirmation a été envoyé à ${kNewEmail.replace(/\./g, '\\.')}`));
            assert.match(await a.textContent('#email-aide'), new RegExp(`Adresse actuelle : ${kOldEmail.replace(/\./g, '\\.')}\\.`));
            await visit(t, a, 'account-email-sent');
            const mail = await mailbox.waitFor((m) => m.envelope.to.includes(kNewEmail));
            assert.equal(mail.subject, 'Confirmez votre nouvelle adresse e-mail Esculape');
            const link = mail.links.find((l) => l.includes('/account/email/verify?token='));
            assert.ok(link?.startsWith(`${idp.base}/account/email/verify?token=`), `a link to this idp in: ${mail.text}`);
            await a.goto(link);
            assert.equal(await visit(t, a, 'email-verify'), 'Confirmer votre nouvelle adresse');
            assert.match(await a.textContent('main'), new RegExp(kNewEmail.replace(/\./g, '\\.')));
            // Not yet: « Mon compte » in another tab still shows the old address.
            const tab = await contextA.newPage();
            await tab.goto(`${idp.base}/account`);
            assert.match(await tab.textContent('#email-aide'), new RegExp(`Adresse actuelle : ${kOldEmail.replace(/\./g, '\\.')}\\.`));
            await tab.close();
            await clickThrough(a, 'button:has-text("Confirmer cette adresse")');
            assert.equal(new URL(a.url()).pathname, '/account');
            assert.equal(await visit(t, a, 'account-email-done'), 'Mon compte');
            assert.match(await a.textContent('main .alert'), /Votre nouvelle adresse e-mail est enregistrée/);
            assert.match(await a.textContent('#email-aide'), new RegExp(`Adresse actuelle : ${kNewEmail.replace(/\./g, '\\.')}\\.`));
            // The link works once.
            const again = await a.goto(link);
            assert.equal(again.status(), 400);
            assert.equal(await visit(t, a, 'email-verify-used'), 'Lien expiré ou déjà utilisé');

            // Password: B signs in again; a wrong current password is refused next to its field; the right one
            // changes it, and B's session ends.
            await signInFromPortal(idp, b, medecinPassword);
            await a.goto(`${idp.base}/account`);
            assert.equal((await sessionRows(a)).length, 2, 'B is back');
            await a.fill('#current', 'pas le bon mot de passe');
            await a.fill('#password', kNewPassword);
            await a.fill('#confirmation', kNewPassword);
            const wrong = await clickThrough(a, 'button:has-text("Changer le mot de passe")');
            assert.equal(wrong.status(), 400);
            assert.equal(await a.getAttribute('#current', 'aria-invalid'), 'true');
            assert.match(await a.textContent('#current-erreur'), /Le mot de passe actuel est incorrect/);
            assert.equal(await a.inputValue('#password'), '', 'passwords are not echoed back');
            await visit(t, a, 'account-password-error');
            await a.fill('#current', medecinPassword);
            await a.fill('#password', kNewPassword);
            await a.fill('#confirmation', kNewPassword);
            const changed = await clickThrough(a, 'button:has-text("Changer le mot de passe")');
            assert.equal(changed.status(), 200);
            medecinPassword = kNewPassword;
            assert.match(await a.textContent('main .alert'), /Votre mot de passe est modifié\. Vos autres sessions ont été fermées\./);
            await visit(t, a, 'account-password-changed');
            const after = await sessionRows(a);
            assert.equal(after.length, 1, `only this session, got ${JSON.stringify(after)}`);
            assert.ok(after[0].current);
            await b.goto(`${idp.base}/`);
            assert.equal(await b.textContent('h1'), 'Bienvenue sur Esculape', 'B signed out by the password change');
        });

        test('c. leaving a service: « Quitter seulement », then « Me déconnecter partout » with back-channel logout', async (t) => {
            const spa = idp.clients.spa;
            const context = await auditContext(browser);
            t.after(() => signOut(idp, context));
            const page = await context.newPage();
            // Every page the browser loads in the main frame.
            const loaded = [];
            page.on('framenavigated', (f) => {
                if (f === page.mainFrame()) loaded.push(f.url());
            });

            // Authorization with the relying party, the code exchanged for an ID token.
            async function authorize({ expectLogin }) {
                const { params, pkce } = codeRequest(spa, { redirect_uri: redirectUri });
                const before = loaded.length;
                await page.goto(authorizeUrl(idp, params));
                if (expectLogin) {
                    assert.ok(page.url().startsWith(idp.endpoints.login), `login page, got ${page.url()}`);
                    await loginWith(page, 'medecin', medecinPassword);
                }
                await page.waitForURL((u) => u.toString().startsWith(redirectUri), { timeout: 15000 });
                assert.equal(await page.textContent('#statut'), 'Code reçu');
                const cb = landing.received.at(-1);
                assert.equal(cb.state, params.state);
                const sawLogin = loaded.slice(before).some((u) => u.startsWith(idp.endpoints.login));
                assert.equal(sawLogin, expectLogin, `login page ${expectLogin ? '' : 'not '}shown: ${loaded.slice(before).join(' → ')}`);
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
                const idToken = token.json().id_token;
                const { payload } = decodeJwt(idToken);
                assert.ok(payload.sid, 'the ID token names its session');
                return { idToken, claims: payload };
            }

            // The logout URL with the ID token; resolves the choice page's two buttons' texts.
            async function logoutChoice(idToken, state, name) {
                const url = new URL(idp.endpoints.logout);
                url.searchParams.set('id_token_hint', idToken);
                url.searchParams.set('post_logout_redirect_uri', loggedOutUri);
                url.searchParams.set('state', state);
                const shown = await page.goto(url.toString());
                assert.equal(shown.status(), 200);
                assert.equal(await visit(t, page, name), 'Se déconnecter ?');
                return page.$$eval('main form button', (list) => list.map((b) => b.textContent.trim()));
            }

            const first = await authorize({ expectLogin: true });
            const buttons = await logoutChoice(first.idToken, 'quitter', 'logout-choice');
            const serviceName = `Client de test ${spa.id}`;
            assert.deepEqual(buttons, ['Me déconnecter partout', `Quitter seulement ${serviceName}`]);
            assert.match(await page.textContent('main'), new RegExp(`Vous quittez le service ${serviceName}`));

            // « Quitter seulement »: back to the service with its state, nobody notified, the SSO session stays.
            await Promise.all([
                page.waitForURL((u) => u.toString().startsWith(loggedOutUri), { timeout: 15000 }),
                page.click(`button:has-text("Quitter seulement ${serviceName}")`),
            ]);
            assert.equal(new URL(page.url()).searchParams.get('state'), 'quitter');
            await sleep(1500);
            assert.equal(receiver.posts.length, 0, 'leaving one service notifies nobody');
            await page.goto(`${idp.base}/`);
            assert.equal(await visit(t, page, 'after-leaving-service'), 'Bonjour Claire MOREAU');

            // Another authorization: no login page, same SSO session.
            const second = await authorize({ expectLogin: false });
            assert.equal(second.claims.sid, first.claims.sid, 'the same SSO session');

            // « Me déconnecter partout »: back to the service, one logout token for the session's sid.
            await logoutChoice(second.idToken, 'partout', 'logout-choice-again');
            const started = Date.now();
            await Promise.all([
                page.waitForURL((u) => u.toString().startsWith(loggedOutUri), { timeout: 15000 }),
                page.click('button:has-text("Me déconnecter partout")'),
            ]);
            assert.equal(new URL(page.url()).searchParams.get('state'), 'partout');
            const [post] = await waitForPosts(receiver, 1, 10000);
            t.diagnostic(`back-channel POST ${post.at - started} ms after the click`);
            assert.equal(post.url, '/backchannel-logout');
            assert.match(post.headers['content-type'], /^application\/x-www-form-urlencoded/);
            assert.deepEqual([...post.form.keys()], ['logout_token']);
            const { header, payload } = decodeJwt(post.form.get('logout_token'));
            assert.equal(header.typ, 'logout+jwt');
            assert.equal(payload.sid, first.claims.sid, 'the ID token’s sid');
            assert.equal(payload.sub, first.claims.sub);
            assert.equal(payload.iss, idp.issuer);
            assert.equal(payload.aud, spa.id);
            assert.deepEqual(payload.events, { [kBackchannelEvent]: {} });
            assert.equal(payload.nonce, undefined, 'no nonce in a logout token');
            await sleep(1000);
            assert.equal(receiver.posts.length, 1, 'exactly one POST');

            // The portal: signed out.
            await page.goto(`${idp.base}/`);
            assert.equal(await visit(t, page, 'signed-out-everywhere'), 'Bienvenue sur Esculape');
            assert.ok(await page.$('a:has-text("Se connecter")'), '« Se connecter »');
        });
    },
);
