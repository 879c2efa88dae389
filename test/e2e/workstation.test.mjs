// Workstation certificates in a real browser (Debian's Chromium driven by playwright-core), the whole journey:
//   1. medecin, signed in at the portal by password: « Mon compte » › « Moyens de connexion » › « Certificats de poste
//      de travail » (none yet); a name refused (accents: the field's error), then « CABINET-PC2 » asked for, listed
//      « en attente d’approbation »;
//   2. pharmacien, the [console] administrator, in another browser context: /console/certificates lists the request
//      for medecin; « Approuver » → the message, the request now among the certificates in force;
//   3. the two mails (a real SMTP server in this process): the link, then the 8-digit code;
//   4. on « the workstation » (a context without any session): the link opened, a wrong code (400, the message next
//      to the field), then the right code and a password for the file: « Télécharger le certificat » downloads
//      esculape-CABINET-PC2.p12 (playwright's download event), a PKCS#12 that Node's TLS stack opens with that
//      password; medecin's list then says « installé », with « Révoquer »;
//   5. a NEW context presenting that PKCS#12 (playwright's `clientCertificates`: pfx + passphrase; playwright presents
//      it from its own TLS proxy) opens the login page of a relying party with min_acr eidas2: « Ordinateur
//      « CABINET-PC2 » reconnu », the login pre-filled with `medecin`; the password typed → back at the relying
//      party with a code: ID token acr eidas2, amr pwd/swk/mfa, authMode CERTIFICATE. A context without the
//      certificate gets no password form for that service.
// Every idp page of the journey is screenshot (screenshots/workstation-*.png), has exactly one h1, a label on each
// visible field, no empty error or status message, and is audited by axe-core against WCAG 2.1 A/AA (lib/a11y.mjs,
// lib/page_checks.mjs). One idp, one SMTP mailbox, one landing server and one Chromium for the file.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { startIdp, freePort } from '../integration/lib/harness.mjs';
import { codeRequest, authorizeUrl, tokenRequest, DEMO_PASSWORD } from '../integration/lib/flow.mjs';
import { verifyJwt } from '../integration/lib/jwt.mjs';
import { startMailbox } from '../integration/lib/mailbox.mjs';
import { auditContext } from './lib/a11y.mjs';
import { chromiumSkip, launchChromium } from './lib/chromium.mjs';
import { startLanding } from './lib/landing.mjs';
import { kErrorMessages, pageVisitor } from './lib/page_checks.mjs';

const kMedecin = '899700000112'; // Claire MOREAU, demo login `medecin`
const kMedecinMail = 'claire.moreau@demo-esculape.example';
const kStrongClient = 'rp-ws'; // a relying party with min_acr eidas2
const kWorkstation = 'CABINET-PC2';
const kFilePassword = 'mot-de-passe-du-fichier';
const kLinkSubject = 'Votre certificat de poste de travail est prêt';
const kCodeSubject = 'Code de retrait de votre certificat de poste';
const kPasswordButton = 'form:has(input[type="password"]) [type="submit"]';

// The idp's words (idp/portal/workstation_certificates.cpp, certificate_withdrawal.cpp, admin/console_certificates.cpp,
// portal/login.cpp).
const kRequested =
    `Votre demande pour « ${kWorkstation} » est transmise à un administrateur. Vous recevrez le lien et le code de ` +
    'retrait par e-mail dès qu’elle sera approuvée.';
const kApproved = `Demande approuvée : le lien puis le code de retrait partent à ${kMedecinMail}.`;
const kWrongCode = 'Ce code ne correspond pas : recopiez le code de retrait reçu dans le second message.';
const kRecognised =
    `Ordinateur « ${kWorkstation} » reconnu : votre mot de passe sur ce poste vaut une authentification renforcée.`;

// Known axe violations of the idp's pages, by page name: the audit of that page is reported as a todo (the lead
// fixes the templates/CSS under idp/, which this test must not touch). Empty when every page passes.
const kA11yTodo = {};

// One idp page (lib/page_checks.mjs): screenshot, one h1, a label for every visible field, the axe audit and the
// error markup check, where status messages (role="status") must not be empty either.
const visit = pageVisitor({
    prefix: 'workstation',
    a11yTodo: kA11yTodo,
    messages: `${kErrorMessages}, [role="status"]`,
});

// Clicks and waits for the page it leads to; resolves the response.
async function clickThrough(page, selector) {
    const [response] = await Promise.all([page.waitForNavigation(), page.click(selector)]);
    return response;
}

const squash = (s) => (s ?? '').replace(/\s+/g, ' ').trim();

// The rows of the table in `section` (a CSS selector): each cell's text.
async function rows(page, section) {
    return page.$$eval(`${section} tbody tr`, (list) =>
        list.map((r) => [...r.cells].map((c) => c.textContent.replace(/\s+/g, ' ').trim())),
    );
}

describe('workstation certificates in the browser', { timeout: 120000, skip: chromiumSkip }, () => {
    let tmp;
    let idp;
    let mailbox;
    let landing;
    let browser;
    let redirectUri;
    before(async () => {
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'esculape-workstation-e2e-'));
        mailbox = await startMailbox();
        const port = await freePort();
        redirectUri = `https://127.0.0.1:${port}/callback`;
        idp = await startIdp({
            top: {
                workstation: { enabled: true },
                console: { administrators: ['pharmacien'], min_acr: 'eidas1' },
                mail: {
                    smtp_url: `smtp://127.0.0.1:${mailbox.port}`,
                    security: 'none',
                    from: 'Esculape <ne-pas-repondre@esculape.test>',
                },
            },
            clientOverrides: {
                [kStrongClient]: {
                    redirect_uris: [redirectUri],
                    grant_types: ['authorization_code'],
                    min_acr: 'eidas2',
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
        await mailbox?.close();
        if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
    });

    // The portal signed in by password: « Se connecter » on the signed-out home, the login form, back on the portal.
    async function signIn(page, login, greeting) {
        await page.goto(`${idp.base}/`);
        await clickThrough(page, 'a:has-text("Se connecter")');
        assert.ok(page.url().startsWith(idp.endpoints.login), `login page, got ${page.url()}`);
        await page.fill('#login', login);
        await page.fill('#password', DEMO_PASSWORD);
        await clickThrough(page, kPasswordButton);
        assert.equal(page.url(), `${idp.base}/`, 'back on the portal');
        assert.equal(await page.textContent('h1'), greeting);
    }

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

    test('request, approval, withdrawal in the browser, then an eidas2 login on the recognised computer', async (t) => {
        // 1. medecin asks for a certificate from « Mon compte ».
        const mine = await auditContext(browser);
        t.after(() => mine.close());
        const page = await mine.newPage();
        await signIn(page, 'medecin', 'Bonjour Claire MOREAU');
        await clickThrough(page, '.page-head a:has-text("Mon compte")');
        const methods = page.locator('section[aria-labelledby="moyens-titre"]');
        assert.deepEqual((await methods.locator('a').allTextContents()).map(squash), [
            'Certificats de poste de travail',
        ]);
        await clickThrough(
            page,
            'section[aria-labelledby="moyens-titre"] a:has-text("Certificats de poste de travail")',
        );
        assert.equal(new URL(page.url()).pathname, '/account/certificates');
        assert.equal(await visit(t, page, 'certificates-empty'), 'Certificats de poste de travail');
        assert.equal(
            squash(await page.textContent('section[aria-labelledby="certificats-titre"] p')),
            'Vous n’avez demandé aucun certificat de poste.',
        );

        await page.getByLabel('Nom de l’ordinateur').fill('poste à accents');
        const refused = await clickThrough(page, 'button:has-text("Demander le certificat")');
        assert.equal(refused.status(), 400);
        assert.equal(await page.getAttribute('#poste', 'aria-invalid'), 'true');
        assert.ok(squash(await page.textContent('#poste-erreur')), 'the field says why');
        assert.equal(await page.inputValue('#poste'), 'poste à accents', 'what was typed is kept');
        assert.equal(await visit(t, page, 'certificates-invalid'), 'Certificats de poste de travail');

        await page.getByLabel('Nom de l’ordinateur').fill(kWorkstation);
        const asked = await clickThrough(page, 'button:has-text("Demander le certificat")');
        assert.equal(asked.status(), 200);
        assert.equal(squash(await page.textContent('.alert-success[role="status"]')), kRequested);
        const listed = await rows(page, 'section[aria-labelledby="certificats-titre"]');
        assert.equal(listed.length, 1, JSON.stringify(listed));
        assert.equal(listed[0][0], kWorkstation);
        assert.equal(listed[0][1], 'en attente d’approbation');
        assert.equal(listed[0][3], '—', 'no validity yet');
        assert.equal(await visit(t, page, 'certificates-requested'), 'Certificats de poste de travail');
        const mailsBefore = mailbox.messages.length;

        // 2. pharmacien approves it on the console, in his own browser.
        const admin = await auditContext(browser);
        t.after(() => admin.close());
        const board = await admin.newPage();
        await signIn(board, 'pharmacien', 'Bonjour Thomas GIRARD');
        const opened = await board.goto(`${idp.base}/console/certificates`);
        assert.equal(opened.status(), 200);
        assert.equal(await visit(t, board, 'console'), 'Certificats de poste de travail');
        const queue = await rows(board, 'section[aria-labelledby="attente-titre"]');
        assert.equal(queue.length, 1, JSON.stringify(queue));
        assert.deepEqual(queue[0].slice(0, 2), [kWorkstation, 'medecin']);
        assert.equal(mailbox.messages.length, mailsBefore, 'no mail before the approval');
        const approved = await clickThrough(
            board,
            `section[aria-labelledby="attente-titre"] button:has-text("Approuver le certificat de ${kWorkstation}")`,
        );
        assert.equal(approved.status(), 200);
        assert.equal(squash(await board.textContent('.alert-success[role="status"]')), kApproved);
        assert.equal(
            squash(await board.textContent('section[aria-labelledby="attente-titre"] p')),
            'Aucune demande en attente.',
        );
        const active = await rows(board, 'section[aria-labelledby="actifs-titre"]');
        assert.deepEqual(active[0].slice(0, 3), [kWorkstation, 'medecin', 'approuvé, à retirer']);
        assert.equal(await visit(t, board, 'console-approved'), 'Certificats de poste de travail');

        // 3. The two mails: the link, then the code.
        const fresh = (subject) => (m) =>
            mailbox.messages.indexOf(m) >= mailsBefore && m.envelope.to.includes(kMedecinMail) && m.subject === subject;
        const linkMail = await mailbox.waitFor(fresh(kLinkSubject));
        const codeMail = await mailbox.waitFor(fresh(kCodeSubject));
        assert.ok(mailbox.messages.indexOf(linkMail) < mailbox.messages.indexOf(codeMail), 'the link first');
        const link = linkMail.links.find((l) => l.startsWith(`${idp.base}/certificates/withdraw?token=`));
        assert.ok(link, `the withdrawal link in: ${linkMail.text}`);
        const code = /\n {4}(\d{8})\r?\n/.exec(codeMail.text)?.[1];
        assert.ok(code, `the code in: ${codeMail.text}`);

        // 4. On the workstation (no session there): the withdrawal page, a wrong code, then the file.
        const workstation = await auditContext(browser, { acceptDownloads: true });
        t.after(() => workstation.close());
        const desk = await workstation.newPage();
        const withdrawal = await desk.goto(link);
        assert.equal(withdrawal.status(), 200);
        assert.equal(await visit(t, desk, 'withdrawal'), 'Retrait du certificat de poste');
        const lead = squash(await desk.textContent('main .lead'));
        assert.match(lead, new RegExp(`^Certificat de l’ordinateur ${kWorkstation}\\.`));
        const fill = async (typed) => {
            await desk.getByLabel('Code de retrait').fill(typed);
            await desk.getByLabel('Mot de passe du fichier').fill(kFilePassword);
            await desk.getByLabel('Confirmez le mot de passe').fill(kFilePassword);
        };
        await fill(code === '00000000' ? '11111111' : '00000000');
        const wrong = await clickThrough(desk, 'button:has-text("Télécharger le certificat")');
        assert.equal(wrong.status(), 400);
        assert.equal(squash(await desk.textContent('#code-erreur')), kWrongCode);
        assert.equal(await desk.getAttribute('#code', 'aria-invalid'), 'true');
        assert.equal(await visit(t, desk, 'withdrawal-wrong-code'), 'Retrait du certificat de poste');

        await fill(code);
        const [download] = await Promise.all([
            desk.waitForEvent('download'),
            desk.click('button:has-text("Télécharger le certificat")'),
        ]);
        assert.equal(download.suggestedFilename(), `esculape-${kWorkstation}.p12`);
        const pfxPath = path.join(tmp, download.suggestedFilename());
        await download.saveAs(pfxPath);
        const pfx = fs.readFileSync(pfxPath);
        tls.createSecureContext({ pfx, passphrase: kFilePassword }); // a PKCS#12 that opens with the chosen password

        // medecin's list now says it is installed.
        await page.reload();
        const installed = await rows(page, 'section[aria-labelledby="certificats-titre"]');
        assert.equal(installed[0][1], 'installé');
        assert.match(installed[0][3], /^\d\d\/\d\d\/\d{4} à \d\d:\d\d$/, 'valid until a date');
        assert.ok(await page.$(`button:has-text("Révoquer le certificat de ${kWorkstation}")`), 'revocable');
        assert.equal(await visit(t, page, 'certificates-installed'), 'Certificats de poste de travail');

        // 5. A new browser presenting the certificate: the eidas2 service's login page recognises the computer.
        const recognised = await auditContext(browser, {
            clientCertificates: [{ origin: idp.base, pfxPath, passphrase: kFilePassword }],
        });
        t.after(() => recognised.close());
        const pc = await recognised.newPage();
        const request = await authorize(pc);
        assert.equal(await visit(t, pc, 'login'), 'Connexion');
        assert.equal(squash(await pc.textContent('#poste-reconnu')), kRecognised);
        assert.equal(await pc.inputValue('#login'), 'medecin', 'the login pre-filled');
        await pc.fill('#password', DEMO_PASSWORD);
        await pc.click(kPasswordButton);
        const claims = await codeAtService(pc, request);
        assert.equal(claims.sub, kMedecin);
        assert.equal(claims.acr, 'eidas2');
        assert.deepEqual(claims.amr, ['pwd', 'swk', 'mfa']);
        assert.equal(claims.authMode, 'CERTIFICATE');

        // Without the certificate, the same service offers no password form.
        const elsewhere = await auditContext(browser);
        t.after(() => elsewhere.close());
        const other = await elsewhere.newPage();
        await authorize(other);
        assert.equal(await other.$('#poste-reconnu'), null);
        assert.equal(await other.$('input[type="password"]'), null, 'no password form for eidas2 without it');
    });
});
