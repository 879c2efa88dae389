// Passkeys (WebAuthn) in a real browser (Debian's Chromium driven by playwright-core), with Chromium's virtual
// authenticator (CDP WebAuthn domain: a CTAP2 platform authenticator with resident keys and user verification) in
// place of a phone or a laptop's fingerprint reader. The idp's issuer is on https://localhost:<port> (the harness's
// `issuerHost`): WebAuthn takes the host as relying party id and refuses an IP address, and so does the idp's
// `[passkey] enabled = true`. medecin's CPS calculator (RFC 6287's test seed) is provisioned with `idp ocra import`
// and played by `idp-authenticator ocra`, for the eidas2 session a registration needs. Journeys:
//   a. the audited journey, in one page (the virtual authenticator belongs to it):
//      1. signed in from the portal by « Calculette CPS » (eidas2);
//      2. « Mon compte » › « Moyens de connexion » › « Clés d’accès »: none yet; a name typed, « Enregistrer une clé
//         d’accès » → the authenticator creates a resident credential (CDP WebAuthn.getCredentials: one, rpId
//         localhost, an opaque 16-byte user handle) → « La clé d’accès « … » est enregistrée » and the key listed;
//         a second registration on the same authenticator is refused by Chromium (excludeCredentials);
//      3. signed out; a relying party that requires eidas2 (min_acr): the login page's « Clé d’accès » (a
//         discoverable login: nothing typed, no allowCredentials), « Se connecter avec une clé d’accès » → a code,
//         exchanged for an ID token acr eidas2 / amr hwk user mfa / authMode MOBILE; the signature counter moved;
//         then a step-up from a password session: allowCredentials names the key, amr pwd hwk user mfa;
//      4. signed out; the authenticator no longer verifies the user (WebAuthn.setUserVerified false): Chromium
//         refuses the ceremony and the page says « La clé d’accès n’a pas été utilisée… » without posting
//         anything; if a Chromium ever sends the assertion with UV = 0 instead, the idp must answer 401
//         « … cette vérification est obligatoire ». Verified again, the same page logs in;
//      5. « Retirer » on « Clés d’accès » → « La clé d’accès a été retirée… », none listed; signed out, the same
//         credential (still in the authenticator) → 401 « … n’est enregistrée pour aucun compte actif ».
//   b. the Content-Security-Policy as sent (a context that enforces it): the inline passkey script of « Clés
//      d’accès » and of the login page is allowed by the hash in script-src (sha256 of the script's text), a key is
//      registered and used to sign in at the portal with no CSP violation in the console; a script the page did not
//      ship is still refused (the listener does see violations).
// Every idp page of journey a is screenshot (screenshots/passkey-*.png), has exactly one h1, a label on each visible
// field, no empty error message, and is audited by axe-core against WCAG 2.1 A/AA (lib/a11y.mjs,
// lib/page_checks.mjs). One idp, one landing server and one Chromium for the file; a browser context per journey.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startIdp, runIdp, freePort, repoRoot } from '../integration/lib/harness.mjs';
import { codeRequest, authorizeUrl, tokenRequest, DEMO_PASSWORD } from '../integration/lib/flow.mjs';
import { verifyJwt } from '../integration/lib/jwt.mjs';
import { auditContext } from './lib/a11y.mjs';
import { chromiumSkip, launchChromium } from './lib/chromium.mjs';
import { startLanding } from './lib/landing.mjs';
import { kErrorMessages, pageVisitor } from './lib/page_checks.mjs';

const kMedecin = '899700000112'; // Claire MOREAU, demo login `medecin`
const kSecret = '3132333435363738393031323334353637383930'; // RFC 6287's test seed, the demo calculator's
const kStrongClient = 'rp-pk'; // a relying party with min_acr eidas2

// The idp's words (idp/portal/passkeys.cpp, passkey_login.cpp, passkey_ceremony.cpp).
const registered = (name) =>
    `La clé d’accès « ${name} » est enregistrée : vous pouvez l’utiliser dès votre prochaine connexion.`;
const kRevoked = 'La clé d’accès a été retirée : elle ne permet plus de se connecter.';
const kNoKey = 'Aucune clé d’accès n’est enregistrée.';
const kCancelled =
    'La clé d’accès n’a pas été utilisée (opération annulée, délai dépassé, clé absente de cet appareil ou déjà ' +
    'enregistrée). ' +
    'Réessayez ou choisissez un autre moyen de connexion.';
const kNotVerified =
    'Votre clé d’accès n’a pas vérifié votre identité (code PIN, empreinte ou visage) : cette vérification est ' +
    'obligatoire.';
const kUnknownPasskey =
    'Cette clé d’accès n’est enregistrée pour aucun compte actif. Enregistrez-la depuis « Mon compte » après une ' +
    'connexion renforcée.';

const kPasskeySection = 'section[aria-labelledby="cle-titre"]';
const kPasskeyButton = `${kPasskeySection} button:has-text("Se connecter avec une clé d’accès")`;
const kRegisterButton = 'button:has-text("Enregistrer une clé d’accès")';
const kSignOut = '.page-head button:has-text("Se déconnecter")';

// Known axe violations of the idp's pages, by page name: the audit of that page is reported as a todo (the lead
// fixes the templates/CSS under idp/, which this test must not touch). Empty when every page passes.
const kA11yTodo = {};

// The passkey forms' status line (<p class="field-error" data-passkey-status aria-live="polite">) is a live region:
// it must be in the page, empty, before the script writes into it, or screen readers would not announce the
// message. The error check skips it while it is empty; the journey asserts its text where it has one.
const kMessages = `${kErrorMessages.replace('.field-error', '.field-error:not([data-passkey-status]:empty)')}, [role="status"]`;

// One idp page (lib/page_checks.mjs): screenshot, one h1, a label for every visible field, the axe audit and the
// error markup check, where status messages (role="status") must not be empty either.
const visit = pageVisitor({ prefix: 'passkey', a11yTodo: kA11yTodo, messages: kMessages });

function authenticatorBin() {
    return process.env.AUTHENTICATOR_BIN || path.join(repoRoot, 'build/authenticator/idp-authenticator');
}

// The pocket reader: the reference CLI's response to the challenge as the page shows it (« 1234 5678 »).
function reader(shown) {
    const challenge = shown.replace(/\s/g, '');
    return new Promise((resolve, reject) => {
        execFile(
            authenticatorBin(),
            ['ocra', '--secret', kSecret, '--challenge', challenge],
            { timeout: 15000 },
            (err, stdout, stderr) =>
                err ? reject(new Error(`idp-authenticator ocra ${challenge}: ${stderr}`)) : resolve(stdout.trim()),
        );
    });
}

// Today as the idp writes dates (JJ/MM/AAAA, Paris time).
function parisToday() {
    return new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', day: '2-digit', month: '2-digit', year: 'numeric' }).format(
        new Date(),
    );
}

// Clicks and waits for the page it leads to; resolves the response.
async function clickThrough(page, selector) {
    const [response] = await Promise.all([page.waitForNavigation(), page.click(selector)]);
    return response;
}

const squash = (s) => (s ?? '').replace(/\s+/g, ' ').trim();

// Chromium's virtual authenticator for `page` (CDP WebAuthn domain): a platform authenticator (CTAP2, internal
// transport) that keeps resident credentials and verifies its user until told otherwise.
async function virtualAuthenticator(context, page) {
    const cdp = await context.newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
        options: {
            protocol: 'ctap2',
            transport: 'internal',
            hasResidentKey: true,
            hasUserVerification: true,
            isUserVerified: true,
        },
    });
    return {
        credentials: async () => (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials,
        setUserVerified: (isUserVerified) => cdp.send('WebAuthn.setUserVerified', { authenticatorId, isUserVerified }),
    };
}

// The JSON of a passkey form's data-passkey attribute (the ceremony's options, as the script reads them).
async function passkeyOptions(page, form = 'form[data-passkey]') {
    return JSON.parse(await page.getAttribute(form, 'data-passkey'));
}

// The CSP's script-src sources of a response, and the sha256 source of the page's one inline script.
function scriptSources(response) {
    const csp = response.headers()['content-security-policy'] ?? '';
    const directive = csp.split(';').map((d) => d.trim()).find((d) => d.startsWith('script-src ')) ?? '';
    return directive.split(/\s+/).slice(1);
}
async function inlineScriptHash(page) {
    const scripts = await page.$$eval('script', (list) => list.map((s) => ({ src: s.src, text: s.textContent })));
    assert.equal(scripts.length, 1, `one script in ${page.url()}`);
    assert.equal(scripts[0].src, '', 'an inline script');
    return `'sha256-${crypto.createHash('sha256').update(scripts[0].text, 'utf8').digest('base64')}'`;
}

describe('passkeys (WebAuthn) in the browser', { timeout: 180000, skip: chromiumSkip }, () => {
    let tmp;
    let idp;
    let landing;
    let browser;
    let redirectUri;
    before(async () => {
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'esculape-passkey-e2e-'));
        const port = await freePort();
        redirectUri = `https://127.0.0.1:${port}/callback`;
        idp = await startIdp({
            issuerHost: 'localhost',
            top: { passkey: { enabled: true }, ocra: { enabled: true } },
            clientOverrides: {
                [kStrongClient]: {
                    redirect_uris: [redirectUri],
                    grant_types: ['authorization_code'],
                    min_acr: 'eidas2',
                },
            },
        });
        assert.equal(new URL(idp.issuer).hostname, 'localhost');
        const file = path.join(tmp, 'ocra-tokens.csv');
        fs.writeFileSync(file, `serial;account;secret\nE2E-CALC-0001;medecin;${kSecret}\n`);
        const imported = await runIdp(['ocra', 'import', file, '--config', idp.configPath]);
        assert.equal(imported.code, 0, `idp ocra import: ${imported.stderr}`);
        landing = await startLanding(port, idp.certDir);
        browser = await launchChromium();
    });
    after(async () => {
        await browser?.close();
        landing?.server.close();
        await idp?.stop();
        if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
    });

    // Opens an authorization request of the eidas2 relying party to the landing page; resolves { params, pkce }.
    async function authorize(page) {
        const request = codeRequest(idp.clients[kStrongClient], { redirect_uri: redirectUri });
        await page.goto(authorizeUrl(idp, request.params));
        assert.ok(page.url().startsWith(idp.endpoints.login), `login page, got ${page.url()}`);
        return request;
    }

    // Waits for the landing page, checks what it received, and exchanges the code: resolves the ID token's claims.
    async function codeAtService(page, { params, pkce }) {
        const client = idp.clients[kStrongClient];
        await page.waitForURL((u) => u.toString().startsWith(redirectUri), { timeout: 15000 });
        assert.equal(await page.textContent('#statut'), 'Code reçu');
        const cb = landing.received.at(-1);
        assert.equal(cb.state, params.state);
        assert.equal(cb.iss, idp.issuer);
        const res = await tokenRequest(idp, client, {
            grant_type: 'authorization_code',
            code: cb.code,
            redirect_uri: redirectUri,
            code_verifier: pkce.verifier,
        });
        assert.equal(res.status, 200, res.body);
        const { payload } = await verifyJwt(idp, res.json().id_token, { audience: client.id });
        assert.equal(payload.nonce, params.nonce);
        return payload;
    }

    // From the signed-out portal home, « Se connecter »: the login page (no relying party).
    async function portalLogin(page) {
        await page.goto(`${idp.base}/`);
        assert.equal(await page.textContent('h1'), 'Bienvenue sur Esculape');
        await clickThrough(page, 'a:has-text("Se connecter")');
        assert.ok(page.url().startsWith(idp.endpoints.login), `login page, got ${page.url()}`);
    }

    // The portal signed in at eidas2 by « Calculette CPS » (the challenge, the reader's response, « Valider »).
    async function signInByCalculator(page) {
        await portalLogin(page);
        const section = page.locator('section[aria-labelledby="calculette-titre"]');
        await section.getByLabel('Identifiant ou numéro RPPS').fill('medecin');
        await clickThrough(page, 'section[aria-labelledby="calculette-titre"] button:has-text("Afficher un défi")');
        assert.equal((await page.textContent('h1')).trim(), 'Calculette CPS');
        const shown = (await page.textContent('#defi')).trim();
        await page.getByLabel('Réponse du lecteur').fill(await reader(shown));
        await clickThrough(page, 'button:has-text("Valider")');
        assert.equal(page.url(), `${idp.base}/`, 'back on the portal');
        assert.equal(await page.textContent('h1'), 'Bonjour Claire MOREAU');
    }

    // « Se déconnecter » on the portal: the signed-out home.
    async function signOut(page) {
        await page.goto(`${idp.base}/`);
        await clickThrough(page, kSignOut);
        assert.equal(await page.textContent('h1'), 'Bienvenue sur Esculape');
    }

    // « Mon compte » › « Moyens de connexion » › « Clés d’accès », from the signed-in portal.
    async function openPasskeys(t, page, accountName) {
        await page.goto(`${idp.base}/`);
        await clickThrough(page, '.page-head a:has-text("Mon compte")');
        assert.equal(new URL(page.url()).pathname, '/account');
        if (accountName) assert.equal(await visit(t, page, accountName), 'Mon compte');
        const methods = page.locator('section[aria-labelledby="moyens-titre"]');
        assert.equal(await methods.locator('h2').textContent(), 'Moyens de connexion');
        assert.deepEqual((await methods.locator('a').allTextContents()).map(squash), ['Clés d’accès']);
        const response = await clickThrough(page, 'section[aria-labelledby="moyens-titre"] a:has-text("Clés d’accès")');
        assert.equal(response.status(), 200);
        assert.equal(new URL(page.url()).pathname, '/account/passkeys');
        return response;
    }

    // The rows of « Vos clés d’accès »: each cell's text.
    async function keyRows(page) {
        return page.$$eval('section[aria-labelledby="cles-titre"] tbody tr', (rows) =>
            rows.map((r) => [...r.cells].map((c) => c.textContent.replace(/\s+/g, ' ').trim())),
        );
    }

    // Types the key's name and clicks « Enregistrer une clé d’accès »: the script runs the ceremony and posts.
    async function registerKey(page, name) {
        await page.getByLabel('Nom de la clé').fill(name);
        const response = await clickThrough(page, kRegisterButton);
        assert.equal(response.status(), 200, `registration: ${squash(await page.textContent('main'))}`);
        assert.equal(new URL(page.url()).pathname, '/account/passkeys');
        assert.equal(squash(await page.textContent('.alert-success[role="status"]')), registered(name));
        return response;
    }

    test('a. registration from « Mon compte », login at eidas2, no user verification, revocation', async (t) => {
        const context = await auditContext(browser);
        t.after(() => context.close());
        const page = await context.newPage();
        const authenticator = await virtualAuthenticator(context, page);

        // 1. An eidas2 session by CPS calculator.
        await signInByCalculator(page);

        // 2. « Mon compte » › « Clés d’accès »: none yet, then one registered.
        await openPasskeys(t, page, 'account');
        assert.equal(await visit(t, page, 'passkeys-none'), 'Clés d’accès');
        assert.equal(squash(await page.textContent('section[aria-labelledby="cles-titre"] p')), kNoKey);
        assert.equal(await page.$('section[aria-labelledby="cles-titre"] table'), null, 'no table without a key');
        const createOptions = await passkeyOptions(page);
        assert.equal(createOptions.mode, 'create');
        assert.equal(createOptions.rpId, 'localhost');
        assert.deepEqual(createOptions.exclude, []);
        assert.equal(Buffer.from(createOptions.userId, 'base64url').length, 16, 'a 16-byte user handle');
        assert.equal(squash(await page.textContent('[data-passkey-status]')), '', 'no status yet');
        assert.deepEqual(await authenticator.credentials(), [], 'the authenticator is empty');

        const name = 'Ordinateur du cabinet';
        await registerKey(page, name);
        assert.equal(await visit(t, page, 'passkeys-registered'), 'Clés d’accès');
        const rows = await keyRows(page);
        assert.equal(rows.length, 1, `one key listed, got ${JSON.stringify(rows)}`);
        const [listedName, created, lastUsed, action] = rows[0];
        assert.equal(listedName, name);
        assert.match(created, /^\d\d\/\d\d\/\d{4} à \d\d:\d\d$/);
        assert.ok(created.startsWith(parisToday()), `registered today, got ${created}`);
        assert.equal(lastUsed, 'jamais');
        assert.equal(action, `Retirer la clé ${name}`);

        // The authenticator now holds one resident credential for localhost, the one the page lists, under the
        // opaque user handle of the ceremony.
        const created1 = await authenticator.credentials();
        assert.equal(created1.length, 1, `one credential, got ${JSON.stringify(created1.map((c) => c.rpId))}`);
        const [credential] = created1;
        assert.equal(credential.isResidentCredential, true);
        assert.equal(credential.rpId, 'localhost');
        assert.equal(Buffer.from(credential.userHandle, 'base64').toString('base64url'), createOptions.userId);
        const credentialId = Buffer.from(credential.credentialId, 'base64').toString('base64url');
        assert.equal(
            await page.getAttribute('section[aria-labelledby="cles-titre"] input[name="credential"]', 'value'),
            credentialId,
            'the listed key is the authenticator’s credential',
        );
        const afterRegistration = credential.signCount;
        assert.deepEqual((await passkeyOptions(page)).exclude, [credentialId], 'the new key is excluded from the next');

        // A second key on the same authenticator: excludeCredentials names the first, Chromium refuses the ceremony
        // (InvalidStateError) and the script shows the page's « cancelled » message; nothing is posted.
        const registrations = [];
        const onRegistration = (r) => {
            if (r.method() === 'POST' && new URL(r.url()).pathname === '/account/passkeys') registrations.push(r.url());
        };
        page.on('request', onRegistration);
        await page.getByLabel('Nom de la clé').fill('Encore le même ordinateur');
        await page.click(kRegisterButton);
        const registrationStatus = page.locator('section[aria-labelledby="ajout-titre"] [data-passkey-status]');
        await registrationStatus.filter({ hasText: /\S/ }).waitFor({ timeout: 15000 });
        assert.equal(squash(await registrationStatus.textContent()), kCancelled);
        page.off('request', onRegistration);
        assert.deepEqual(registrations, [], 'nothing posted');
        assert.equal((await authenticator.credentials()).length, 1, 'still one credential');
        assert.equal((await keyRows(page)).length, 1, 'still one key listed');

        // 3. Signed out; a relying party that requires eidas2: « Se connecter avec une clé d’accès ».
        await signOut(page);
        const request = await authorize(page);
        assert.equal(await visit(t, page, 'login'), 'Connexion');
        assert.equal(
            squash(await page.textContent('#niveau-requis')),
            `Client de test ${kStrongClient} demande une authentification renforcée (carte CPS ou second facteur).`,
        );
        assert.equal(squash(await page.textContent(`${kPasskeySection} h2`)), 'Clé d’accès');
        assert.equal(await page.$('form:has(input[type="password"])'), null, 'no password form for eidas2');
        const getOptions = await passkeyOptions(page, `${kPasskeySection} form`);
        assert.equal(getOptions.mode, 'get');
        assert.equal(getOptions.rpId, 'localhost');
        assert.deepEqual(getOptions.allow, [], 'a discoverable login: no allowCredentials');
        assert.equal(squash(await page.textContent(`${kPasskeySection} [data-passkey-status]`)), '');
        await page.click(kPasskeyButton);
        const claims = await codeAtService(page, request);
        assert.equal(claims.sub, kMedecin);
        assert.equal(claims.acr, 'eidas2');
        assert.deepEqual(claims.amr, ['hwk', 'user', 'mfa']);
        assert.equal(claims.authMode, 'MOBILE');
        assert.equal(claims.auth_level, 2);
        const [used] = await authenticator.credentials();
        assert.ok(used.signCount > afterRegistration, `the counter moved: ${afterRegistration} → ${used.signCount}`);

        // 3b. Step-up: signed in by password (eidas1), the same relying party asks for the passkey, now named in
        // allowCredentials (only the signed-in professional's passkeys may answer).
        await signOut(page);
        await portalLogin(page);
        await page.fill('#login', 'medecin');
        await page.fill('#password', DEMO_PASSWORD);
        await clickThrough(page, 'form:has(input[type="password"]) [type="submit"]');
        assert.equal(await page.textContent('h1'), 'Bonjour Claire MOREAU');
        const stepUp = await authorize(page);
        assert.match(squash(await page.textContent('#niveau-requis')), /^Vous êtes déjà connecté·e\. /);
        assert.equal(await page.$('form:has(input[type="password"])'), null, 'no password form in the step-up');
        assert.deepEqual((await passkeyOptions(page, `${kPasskeySection} form`)).allow, [credentialId]);
        await page.click(kPasskeyButton);
        const raised = await codeAtService(page, stepUp);
        assert.equal(raised.sub, kMedecin);
        assert.equal(raised.acr, 'eidas2');
        assert.deepEqual(raised.amr, ['pwd', 'hwk', 'user', 'mfa']);
        const [stepped] = await authenticator.credentials();
        assert.ok(stepped.signCount > used.signCount, `the counter moved: ${used.signCount} → ${stepped.signCount}`);

        // 4. The authenticator no longer verifies its user.
        await signOut(page);
        const second = await authorize(page);
        await authenticator.setUserVerified(false);
        const posted = [];
        const onRequest = (r) => {
            if (r.method() === 'POST' && r.url() === `${idp.issuer}/login/passkey`) posted.push(r);
        };
        page.on('request', onRequest);
        const status = page.locator(`${kPasskeySection} [data-passkey-status]`);
        const navigated = page.waitForNavigation({ timeout: 15000 }).catch(() => null);
        await page.click(kPasskeyButton);
        const outcome = await Promise.race([
            navigated.then((response) => (response ? { response } : null)),
            status.filter({ hasText: /\S/ }).waitFor({ timeout: 15000 }).then(() => ({ refused: true })),
        ]);
        assert.ok(outcome, 'the ceremony ended: a page or a status message');
        if (outcome.refused) {
            // Chromium refused the ceremony (NotAllowedError): the script says so, nothing was posted.
            t.diagnostic('UV false: Chromium refused the ceremony (nothing posted)');
            assert.equal(squash(await status.textContent()), kCancelled);
            assert.deepEqual(posted.map((r) => r.url()), [], 'nothing posted');
            assert.ok(page.url().startsWith(idp.endpoints.login), `still on the login page: ${page.url()}`);
            assert.equal(await visit(t, page, 'not-verified'), 'Connexion');
        } else {
            // The assertion went with UV = 0: the idp refuses it.
            t.diagnostic('UV false: Chromium sent the assertion; the idp must refuse it');
            assert.equal(outcome.response.status(), 401);
            assert.equal(squash(await page.textContent('#erreur-formulaire')), kNotVerified);
            assert.equal(await visit(t, page, 'not-verified'), 'Connexion');
        }
        page.off('request', onRequest);
        // Verified again: the same login page (or the one the refusal showed) logs in.
        await authenticator.setUserVerified(true);
        await page.click(kPasskeyButton);
        const again = await codeAtService(page, second);
        assert.equal(again.sub, kMedecin);
        assert.equal(again.acr, 'eidas2');

        // « Mon compte » names the method of the session and of the last login: a passkey, not the e-CPS app
        // (which this server does not even offer).
        await page.goto(`${idp.base}/account`);
        const methods = await page.evaluate(() => ({
            session: [...document.querySelectorAll('section[aria-labelledby="sessions-titre"] tbody tr')]
                .find((r) => r.cells[r.cells.length - 1].textContent.trim() === 'Cette session')
                ?.cells[2].textContent.trim(),
            lastLogin: document.querySelector('section[aria-labelledby="connexions-titre"] tbody tr')?.cells[1].textContent.trim(),
        }));
        await t.test('« Mon compte » names a passkey login « Clé d’accès »', () => {
            assert.deepEqual(methods, { session: 'Clé d’accès', lastLogin: 'Clé d’accès' });
        });

        // 5. « Retirer »; then the same credential signs nobody in.
        await openPasskeys(t, page, null);
        const [usedRow] = await keyRows(page);
        assert.equal(usedRow[0], name);
        assert.match(usedRow[2], /^\d\d\/\d\d\/\d{4} à \d\d:\d\d$/, `« Dernière utilisation » set, got ${usedRow[2]}`);
        const revoked = await clickThrough(page, `section[aria-labelledby="cles-titre"] button:has-text("Retirer")`);
        assert.equal(revoked.status(), 200);
        assert.equal(squash(await page.textContent('.alert-success[role="status"]')), kRevoked);
        assert.equal(squash(await page.textContent('section[aria-labelledby="cles-titre"] p')), kNoKey);
        assert.deepEqual(await keyRows(page), []);
        assert.deepEqual((await passkeyOptions(page)).exclude, [], 'a revoked key is no longer excluded');
        assert.equal(await visit(t, page, 'passkeys-revoked'), 'Clés d’accès');
        assert.equal((await authenticator.credentials()).length, 1, 'the authenticator still holds the credential');

        await signOut(page);
        await portalLogin(page);
        const refused = await clickThrough(page, kPasskeyButton);
        assert.equal(refused.status(), 401);
        assert.ok(page.url().startsWith(idp.endpoints.login), `still on the idp: ${page.url()}`);
        assert.equal(await visit(t, page, 'unknown-passkey'), 'Connexion');
        assert.equal(squash(await page.textContent('#erreur-formulaire')), kUnknownPasskey);
        await t.test('the passkey’s refusal does not mark the password fields invalid', async () => {
            const invalid = await page.$$eval('[aria-invalid="true"]', (list) => list.map((e) => `#${e.id}`));
            assert.deepEqual(invalid, [], 'fields marked aria-invalid="true" after a passkey refusal');
        });
        await page.goto(`${idp.base}/`);
        assert.equal(await page.textContent('h1'), 'Bienvenue sur Esculape', 'nobody signed in');
    });

    test('b. the CSP as sent: the passkey script runs by its hash, no violation', async (t) => {
        // No bypassCSP here (not an auditContext): the page runs under the idp's Content-Security-Policy.
        const context = await browser.newContext({ ignoreHTTPSErrors: true, locale: 'fr-FR' });
        t.after(() => context.close());
        const page = await context.newPage();
        const violations = [];
        page.on('console', (m) => {
            if (/Content Security Policy/i.test(m.text())) violations.push(`${page.url()}: ${m.text()}`);
        });
        const authenticator = await virtualAuthenticator(context, page);

        await signInByCalculator(page);
        const passkeys = await openPasskeys(t, page, null);
        const registrationHash = await inlineScriptHash(page);
        assert.deepEqual(scriptSources(passkeys), [registrationHash], '« Clés d’accès »: script-src is the script’s hash');
        await registerKey(page, 'Téléphone');
        assert.equal((await authenticator.credentials()).length, 1);

        await signOut(page);
        const login = await page.goto(idp.endpoints.login);
        assert.equal(login.status(), 200);
        const loginHash = await inlineScriptHash(page);
        assert.equal(loginHash, registrationHash, 'one script for both pages');
        assert.deepEqual(scriptSources(login), [loginHash], 'login page: script-src is the script’s hash');
        await clickThrough(page, kPasskeyButton);
        assert.equal(page.url(), `${idp.base}/`, 'back on the portal');
        assert.equal(await page.textContent('h1'), 'Bonjour Claire MOREAU');

        // Leave no key behind.
        await openPasskeys(t, page, null);
        await clickThrough(page, `section[aria-labelledby="cles-titre"] button:has-text("Retirer")`);
        assert.equal(squash(await page.textContent('.alert-success[role="status"]')), kRevoked);
        assert.deepEqual(violations, [], 'no CSP violation');

        // The listener does see a violation: a script the page did not ship is refused.
        await page.addScriptTag({ content: 'window.injected = true;' }).catch(() => {});
        assert.equal(await page.evaluate(() => window.injected), undefined);
        await page.waitForTimeout(100);
        assert.ok(violations.length > 0, 'the injected script was reported as a CSP violation');
        await signOut(page);
    });
});
