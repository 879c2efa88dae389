// Access on a referent's approval (issue 9) in a real browser (Debian's Chromium driven by playwright-core), the
// relying party « DCC » (confidential client dcc, access = "approval", referents by department: coordo-nantes 44 and
// 85, coordo-rennes 35, admin by default), its front door and callback served by this process. Journeys:
//   a. Émilie BERNARD (sagefemme, Rennes 35000) signs in at the portal, finds DCC in « Autres services », « Demander
//      l’accès » → exactly one mail, to 3C Rennes (not Nantes, not the default referent); the referent opens its link
//      in another browser → the login page → coordo-rennes → the request's record → « Accepter la demande »; Émilie's
//      mail « Votre accès à DCC est ouvert »; her portal now has the DCC tile, which runs the relying party's code flow
//      without a password (SSO) → an ID token for Émilie, and a refresh token kept for c;
//   b. refusal: Nicolas ROUX (kine, Dijon 21000, no referent there) asks for DCC → one mail, to admin only, flagged
//      « aucun référent ne couvre ses lieux d’exercice »; admin refuses with a motif → kine's mail carries it; the
//      authorization request for dcc answers the 403 page « Accès à DCC » with the motif and « Demander à nouveau
//      l’accès », and access_denied with prompt=none;
//   c. revocation while Émilie holds tokens: introspection says active; coordo-rennes finds her in the console's list
//      (kine's out-of-territory request is not there) and « Retirer l’accès » with a motif → at once introspection
//      active=false, refresh_token grant invalid_grant, userinfo 401; her mail « … a été retiré »; her next
//      authorization for dcc is the 403 page;
//   d. the administrator's console, in browsers of its own (independent of a–c): admin signs in at the portal, its
//      « Console » button → the access list and its menu → « Services et référents »: kine (Dijon 21000) added as a
//      referent of the DCC for « 21 99 » → 400, « « 99 » n’est pas un département … » at the field, the typed values
//      kept; then « 21 71 » → added (origin « console »); kine's console, in a fresh browser (the login page, then
//      back), now answers with the DCC in its service filter; « Accorder un accès »: the directory's Camille DURAND
//      (RPPS 99700001011, no account) found, the DCC ticked, an address typed → her three mails (login, password
//      link, the DCC open); last, kine « Retirer » → gone from the table, and its console closed at once (403).
// Every idp page is screenshot (screenshots/access-*.png), has exactly one h1, a label on each visible field, no
// empty error or status message, and is audited by axe-core against WCAG 2.1 A/AA (lib/a11y.mjs,
// lib/page_checks.mjs). One idp ([mail] to the in-process SMTP mailbox), one mailbox, one relying party, one
// Chromium; a browser context per person, kept across journeys (c acts on a's sessions); d opens its own and
// leaves the referents as it found them.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { startIdp, freePort } from '../integration/lib/harness.mjs';
import { request } from '../integration/lib/http.mjs';
import { codeRequest, authorizeUrl, tokenRequest, clientPost, DEMO_PASSWORD } from '../integration/lib/flow.mjs';
import { verifyJwt } from '../integration/lib/jwt.mjs';
import { startMailbox } from '../integration/lib/mailbox.mjs';
import { auditContext } from './lib/a11y.mjs';
import { chromiumSkip, launchChromium } from './lib/chromium.mjs';
import { kErrorMessages, pageVisitor } from './lib/page_checks.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const kDcc = { id: 'dcc', name: 'Dossier Communicant de Cancérologie', front: 'DCC' };
const kEmilie = {
    login: 'sagefemme',
    sub: '899700000575',
    name: 'Émilie BERNARD',
    mail: 'emilie.bernard@demo-esculape.example',
};
const kNicolas = { login: 'kine', name: 'Nicolas ROUX', mail: 'nicolas.roux@demo-esculape.example' };
const kReferentMail = { rennes: '3c-rennes@demo-esculape.example', admin: 'admin@demo-esculape.example' };
// Without a directory entry or a profile: the portal greets the login.
const kAdmin = { login: 'admin', name: 'admin' };
// In the demo directory, without an account: the console opens one.
const kCamille = {
    rpps: '99700001011',
    nationalId: '899700001011',
    name: 'Camille DURAND',
    mail: 'camille.durand@example.test',
};
const kRefusal = 'Le DCC de Bourgogne-Franche-Comté vous est ouvert par le 3C de Dijon.';
const kRevocation = 'Vous avez quitté le réseau de Rennes.';
const kPasswordButton = 'form:has(input[type="password"]) [type="submit"]';
// The outbox is sent every second: a mail to someone else would have come by then.
const kOtherMailsWait = 1200;

// Known axe violations of the idp's pages, by page name: the audit of that page is reported as a todo (the lead
// fixes the templates/CSS under idp/, which this test must not touch). Empty when every page passes.
const kA11yTodo = {};

// One idp page (lib/page_checks.mjs): screenshot, one h1, a label for every visible field, the axe audit and the
// error markup check, where the status messages (role="status") must not be empty either.
const visit = pageVisitor({ prefix: 'access', a11yTodo: kA11yTodo, messages: `${kErrorMessages}, [role="status"]` });

// Today as the idp writes dates (JJ/MM/AAAA, Paris time).
function parisToday() {
    const format = { timeZone: 'Europe/Paris', day: '2-digit', month: '2-digit', year: 'numeric' };
    return new Intl.DateTimeFormat('fr-FR', format).format(new Date());
}

// The text of an element, white space collapsed.
const textOf = async (page, selector) => (await page.textContent(selector)).replace(/\s+/g, ' ').trim();

async function loginWith(page, login) {
    await page.fill('input[name="login"]', login);
    await page.fill('input[name="password"]', DEMO_PASSWORD);
    const [response] = await Promise.all([page.waitForNavigation(), page.click(kPasswordButton)]);
    return response;
}

// Clicks and waits for the page it leads to; resolves the response.
async function clickThrough(page, selector) {
    const [response] = await Promise.all([page.waitForNavigation(), page.click(selector)]);
    return response;
}

// The DCC as a relying party would run it: its front door (the portal tile's link) starts a code flow with a fresh
// state, nonce and PKCE pair remembered by state, as a server-side application keeps them in its session; /callback
// records what comes back with the request it answers. HTTPS with the idp's test certificate.
function startRelyingParty(port, certDir, authorize) {
    const base = `https://127.0.0.1:${port}`;
    const pending = new Map();
    const received = [];
    const server = https.createServer(
        {
            cert: fs.readFileSync(path.join(certDir, 'server.crt')),
            key: fs.readFileSync(path.join(certDir, 'server.key')),
        },
        (req, res) => {
            const url = new URL(req.url, base);
            if (url.pathname === '/dcc/') {
                const flow = authorize();
                pending.set(flow.params.state, flow);
                res.writeHead(303, { location: flow.url, 'cache-control': 'no-store' }).end();
                return;
            }
            if (url.pathname === '/callback') {
                const params = Object.fromEntries(url.searchParams);
                received.push({ params, flow: pending.get(params.state) });
            }
            res.writeHead(url.pathname === '/callback' ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
            res.end(
                '<!DOCTYPE html><html lang="fr"><head><title>DCC</title></head>' +
                    '<body><h1>Dossier communicant de test</h1><p id="statut">Retour reçu</p></body></html>',
            );
        },
    );
    return new Promise((resolve) =>
        server.listen(port, '127.0.0.1', () =>
            resolve({ frontUrl: `${base}/dcc/`, callback: `${base}/callback`, received, close: () => server.close() }),
        ),
    );
}

// The <dl> of a section as { term: definition }.
function detailsOf(page, scope) {
    return page.$$eval(`${scope} dt`, (list) =>
        Object.fromEntries(
            list.map((dt) => [dt.textContent.trim(), dt.nextElementSibling?.textContent.trim().replace(/\s+/g, ' ')]),
        ),
    );
}

// The professional's section (a request's record, « Accorder un accès »).
const recordDetails = (page) => detailsOf(page, 'section[aria-labelledby="pro-titre"]');

// The record's history rows: [date, change, by, motif].
function historyRows(page) {
    return page.$$eval('section[aria-labelledby="historique-titre"] tbody tr', (rows) =>
        rows.map((r) => [...r.cells].map((c) => c.textContent.trim())),
    );
}

const buttonsOf = (page, scope) => page.$$eval(`${scope} button`, (list) => list.map((b) => b.textContent.trim()));

describe('access on a referent’s approval in the browser', { timeout: 120000, skip: chromiumSkip }, () => {
    let idp;
    let mailbox;
    let rp;
    let browser;
    let dcc;
    // Who the idp calls the service in the referents' mails and the console (its `name`).
    let serviceName;
    // A browser context per person, kept across the journeys.
    const contexts = {};
    // Émilie's tokens from journey a, revoked in c.
    let emilieTokens;

    before(async () => {
        mailbox = await startMailbox();
        const port = await freePort();
        const rpBase = `https://127.0.0.1:${port}`;
        idp = await startIdp({
            clientOverrides: {
                [kDcc.id]: {
                    name: kDcc.name,
                    front_name: kDcc.front,
                    front_url: `${rpBase}/dcc/`,
                    description: 'Le dossier des patients atteints de cancer partagé entre les équipes des 3C.',
                    redirect_uris: [`${rpBase}/callback`],
                    grant_types: ['authorization_code', 'refresh_token'],
                    access: 'approval',
                    referents: [
                        { login: 'coordo-nantes', departments: ['44', '85'] },
                        { login: 'coordo-rennes', departments: ['35'] },
                        { login: 'admin', default: true },
                    ],
                },
            },
            top: {
                mail: {
                    smtp_url: `smtp://127.0.0.1:${mailbox.port}`,
                    security: 'none',
                    from: 'Esculape <ne-pas-repondre@esculape.test>',
                },
                console: { administrators: ['admin'] },
            },
        });
        dcc = idp.clients[kDcc.id];
        // The harness names its clients itself unless it passes `name` through: follow what the config says.
        serviceName = idp.config.clients[kDcc.id].name;
        rp = await startRelyingParty(port, idp.certDir, () => {
            const flow = codeRequest(dcc, { redirect_uri: `${rpBase}/callback` });
            return { ...flow, url: authorizeUrl(idp, flow.params) };
        });
        browser = await launchChromium();
        for (const who of ['emilie', 'rennes', 'nicolas', 'admin']) contexts[who] = await auditContext(browser);
    });
    after(async () => {
        await browser?.close();
        rp?.close();
        await idp?.stop();
        await mailbox?.close();
    });

    // The mails received since `mark` (an index in mailbox.messages) whose subject matches.
    const mailsSince = (mark, re) => mailbox.messages.slice(mark).filter((m) => re.test(m.subject));

    // The one mail a request sends: waits for it, then a little longer in case another referent gets one too.
    async function requestMails(mark, professional) {
        const subject = new RegExp(`^Demande d’accès à .* : ${professional}$`);
        await mailbox.waitFor((m) => mailbox.messages.indexOf(m) >= mark && subject.test(m.subject), { timeout: 5000 });
        await sleep(kOtherMailsWait);
        return mailsSince(mark, subject);
    }

    // Signed-out home → « Se connecter » → the login page → the portal, signed in as `who`.
    async function signInAtPortal(t, page, who, names) {
        await page.goto(`${idp.base}/`);
        if (names.home) assert.equal(await visit(t, page, names.home), 'Bienvenue sur Esculape');
        await clickThrough(page, 'a:has-text("Se connecter")');
        assert.ok(page.url().startsWith(idp.endpoints.login), `login page, got ${page.url()}`);
        assert.equal(await visit(t, page, names.login), 'Connexion');
        await loginWith(page, who.login);
        assert.equal(page.url(), `${idp.base}/`, 'back on the portal');
        assert.equal(await visit(t, page, names.portal), `Bonjour ${who.name}`);
    }

    // « Autres services »: the offers' texts.
    function offers(page) {
        return page.$$eval('section[aria-labelledby="autres-services-titre"] .tile', (tiles) =>
            tiles.map((li) => li.textContent.replace(/\s+/g, ' ').trim()),
        );
    }

    // « Demander l’accès » for DCC on the portal; resolves the mailbox mark taken just before.
    async function askFromPortal(t, page, name) {
        const mark = mailbox.messages.length;
        const sent = await clickThrough(
            page,
            `section[aria-labelledby="autres-services-titre"] li:has(.tile-name:text-is("${kDcc.front}")) button`,
        );
        assert.equal(sent.status(), 200);
        assert.equal(page.url(), `${idp.base}/`, 'back on the portal');
        await visit(t, page, name);
        assert.deepEqual(await offers(page), [`${kDcc.front} Demande en cours d’examen depuis le ${parisToday()}.`]);
        return mark;
    }

    // The referent's side of a mail: the link in a browser without a session → the login page → the record.
    async function openRecordFromMail(t, page, mail, login, names) {
        const link = mail.links.find((l) => l.includes('/console/access/request?'));
        assert.ok(link, `a link to the request in: ${mail.text}`);
        const url = new URL(link);
        assert.equal(url.origin, idp.base, 'the link points at this idp');
        assert.equal(url.searchParams.get('service'), kDcc.id);
        assert.match(url.searchParams.get('account') ?? '', /^\d+$/);
        await page.goto(link);
        assert.ok(page.url().startsWith(idp.endpoints.login), `the login page first, got ${page.url()}`);
        assert.equal(await visit(t, page, names.login), 'Connexion');
        await loginWith(page, login);
        assert.equal(page.url(), link, 'back on the request after the login');
        assert.equal(await visit(t, page, names.record), `Demande d’accès à ${serviceName}`);
        return link;
    }

    // An authorization request of dcc opened in `page`: { params, shown } (the navigation's response, a promise).
    function authorizeDcc(page, extra = {}) {
        const { params } = codeRequest(dcc, { redirect_uri: rp.callback, ...extra });
        return { params, shown: page.goto(authorizeUrl(idp, params)) };
    }

    // The console's menu (administrators only): [text, path].
    const consoleMenu = (page) =>
        page.$$eval('nav[aria-label="Console"] a', (list) =>
            list.map((a) => [a.textContent.trim(), new URL(a.href).pathname]),
        );

    // The DCC's section of « Services et référents »: its settings ({ term: definition }) and referents table.
    const dccSection = `section:has(> h2#service-${kDcc.id})`;
    const serviceSettings = (page) => detailsOf(page, dccSection);
    const referentRows = (page) =>
        page.$$eval(`${dccSection} tbody tr`, (rows) =>
            rows.map((r) => [...r.cells].map((c) => c.textContent.replace(/\s+/g, ' ').trim())),
        );
    const sorted = (rows) => [...rows].sort((x, y) => x[0].localeCompare(y[0]));

    // « Ajouter un référent », filled for the DCC (not submitted).
    async function addReferent(page, login, departments) {
        await page.selectOption('#ajout-service', kDcc.id);
        await page.fill('#ajout-login', login);
        await page.fill('#ajout-departements', departments);
        await page.fill('#ajout-prefixes', '');
        await page.setChecked('section[aria-labelledby="ajout-titre"] input[name="default"]', false);
    }

    // « Accorder un accès »: the services offered, [id, name, ticked].
    const grantServices = (page) =>
        page.$$eval('input[name="services"]', (list) =>
            list.map((i) => [i.value, i.closest('label').textContent.trim(), i.checked]),
        );

    test('a. a request from the portal, the Rennes referent accepts it from the mail, DCC opens by SSO', async (t) => {
        const page = await contexts.emilie.newPage();
        await signInAtPortal(t, page, kEmilie, { home: 'home', login: 'login', portal: 'portal' });
        assert.equal(
            await textOf(page, 'section[aria-labelledby="services-titre"]'),
            'Vos services Aucun service n’est encore ouvert pour votre compte.',
        );
        assert.deepEqual(await offers(page), [`${kDcc.front} Demander l’accès à ${kDcc.front}`]);

        const mark = await askFromPortal(t, page, 'portal-requested');
        const mails = await requestMails(mark, kEmilie.name);
        assert.deepEqual(
            mails.map((m) => m.envelope.to),
            [[kReferentMail.rennes]],
            'one mail, to the 3C of Rennes only (not Nantes, not the default referent)',
        );
        const [notice] = mails;
        assert.equal(notice.subject, `Demande d’accès à ${serviceName} : ${kEmilie.name}`);
        assert.match(notice.text, /Émilie BERNARD \(Sage-femme\) demande l’accès au service/);
        assert.match(notice.text, /Lieux d’exercice : 35000 Rennes/);
        assert.doesNotMatch(notice.text, /aucun référent ne couvre/);

        // The referent, in another browser.
        const referent = await contexts.rennes.newPage();
        await openRecordFromMail(t, referent, notice, 'coordo-rennes', { login: 'referent-login', record: 'record' });
        const details = await recordDetails(referent);
        assert.equal(await textOf(referent, '#pro-titre'), kEmilie.name);
        assert.equal(details['Profession'], 'Sage-femme');
        assert.equal(details['Adresse électronique'], kEmilie.mail);
        assert.equal(details['Lieux d’exercice'], '35000 Rennes');
        assert.equal(details['État de l’accès'], 'À traiter');
        assert.deepEqual(await buttonsOf(referent, 'section[aria-labelledby="decision-titre"]'), [
            'Accepter la demande',
            'Refuser la demande',
        ]);
        assert.deepEqual(
            (await historyRows(referent)).map((r) => r.slice(1)),
            [['Demande', kEmilie.login, '—']],
        );

        const decisionMark = mailbox.messages.length;
        const accepted = await clickThrough(referent, 'button:has-text("Accepter la demande")');
        assert.equal(accepted.status(), 200);
        assert.equal(new URL(referent.url()).searchParams.get('done'), 'accepted');
        assert.equal(await visit(t, referent, 'record-accepted'), `Demande d’accès à ${serviceName}`);
        assert.equal(
            await textOf(referent, '[role="status"]'),
            'La demande est acceptée : le professionnel en est informé par e-mail.',
        );
        assert.equal((await recordDetails(referent))['État de l’accès'], 'Acceptée');
        assert.deepEqual(await buttonsOf(referent, 'section[aria-labelledby="decision-titre"]'), ['Retirer l’accès']);

        const opened = await mailbox.waitFor(
            (m) => mailbox.messages.indexOf(m) >= decisionMark && m.envelope.to.includes(kEmilie.mail),
        );
        assert.equal(opened.subject, `Votre accès à ${kDcc.front} est ouvert`);
        assert.ok(opened.links.includes(rp.frontUrl), `the service's address in: ${opened.text}`);

        // Émilie's portal: the tile, a link to the DCC's front door, and nothing left to ask for.
        await page.reload();
        assert.equal(await visit(t, page, 'portal-open'), `Bonjour ${kEmilie.name}`);
        const tiles = await page.$$eval('section[aria-labelledby="services-titre"] a.tile-name', (list) =>
            list.map((a) => [a.textContent.trim(), a.getAttribute('href')]),
        );
        assert.deepEqual(tiles, [[kDcc.front, rp.frontUrl]]);
        assert.equal(await page.$('section[aria-labelledby="autres-services-titre"]'), null, 'no « Autres services »');

        // The tile: the DCC's own login, answered from the SSO session without any idp page.
        const documents = [];
        page.on('request', (r) => {
            if (r.isNavigationRequest() && r.frame() === page.mainFrame()) documents.push(r.url());
        });
        await Promise.all([
            page.waitForURL((u) => u.toString().startsWith(rp.callback), { timeout: 15000 }),
            page.click(`a.tile-name:text-is("${kDcc.front}")`),
        ]);
        const chain = documents.join(' → ');
        assert.ok(documents.some((u) => u.startsWith(idp.endpoints.authorization)), `through the idp: ${chain}`);
        assert.ok(!documents.some((u) => u.startsWith(idp.endpoints.login)), `no login page: ${chain}`);
        const back = rp.received.at(-1);
        assert.ok(back.flow, 'the callback answers the DCC’s own request');
        assert.equal(back.params.iss, idp.issuer);
        assert.ok(back.params.code, `a code, got ${JSON.stringify(back.params)}`);
        const res = await tokenRequest(idp, dcc, {
            grant_type: 'authorization_code',
            code: back.params.code,
            redirect_uri: rp.callback,
            code_verifier: back.flow.pkce.verifier,
        });
        assert.equal(res.status, 200, res.body);
        emilieTokens = res.json();
        const { payload } = await verifyJwt(idp, emilieTokens.id_token, { audience: dcc.id });
        assert.equal(payload.sub, kEmilie.sub);
        assert.equal(payload.nonce, back.flow.params.nonce);
        assert.ok(emilieTokens.refresh_token, 'a refresh token, for journey c');
        await page.close();
        await referent.close();
    });

    test('b. a request nobody covers goes to the default referent, who refuses it with a motif', async (t) => {
        const page = await contexts.nicolas.newPage();
        await signInAtPortal(t, page, kNicolas, { login: 'kine-login', portal: 'kine-portal' });
        const mark = await askFromPortal(t, page, 'kine-portal-requested');
        const mails = await requestMails(mark, kNicolas.name);
        assert.deepEqual(mails.map((m) => m.envelope.to), [[kReferentMail.admin]], 'one mail, to the default referent');
        const [notice] = mails;
        assert.match(notice.text, /aucun référent ne couvre ses lieux d’exercice/);
        assert.match(notice.text, /Lieux d’exercice : 21000 Dijon/);

        const referent = await contexts.admin.newPage();
        await openRecordFromMail(t, referent, notice, 'admin', { login: 'admin-login', record: 'kine-record' });
        assert.equal(
            (await recordDetails(referent))['État de l’accès'],
            'À traiter — demande faite hors de tout territoire de référent, reçue par les référents par défaut',
        );
        await referent.fill('#motif', kRefusal);
        const decisionMark = mailbox.messages.length;
        const refused = await clickThrough(referent, 'button:has-text("Refuser la demande")');
        assert.equal(refused.status(), 200);
        assert.equal(await visit(t, referent, 'kine-record-refused'), `Demande d’accès à ${serviceName}`);
        assert.equal(
            await textOf(referent, '[role="status"]'),
            'La demande est refusée : le professionnel en est informé par e-mail.',
        );
        assert.deepEqual(
            (await historyRows(referent)).map((r) => r.slice(1)),
            [
                ['Demande', kNicolas.login, '—'],
                ['Refusée', 'admin', kRefusal],
            ],
        );
        const buttons = await buttonsOf(referent, 'section[aria-labelledby="decision-titre"]');
        assert.deepEqual(buttons, ['Accepter finalement']);

        const answer = await mailbox.waitFor(
            (m) => mailbox.messages.indexOf(m) >= decisionMark && m.envelope.to.includes(kNicolas.mail),
        );
        assert.equal(answer.subject, `Votre demande d’accès à ${kDcc.front} n’a pas été acceptée`);
        assert.ok(answer.text.includes(`Motif indiqué : ${kRefusal}`), answer.text);

        // The DCC's login for him: the page that says why, and that he may ask again.
        const { shown } = authorizeDcc(page);
        assert.equal((await shown).status(), 403);
        assert.equal(await visit(t, page, 'kine-service-refused'), `Accès à ${kDcc.front}`);
        const text = await textOf(page, 'main');
        assert.match(text, new RegExp(`n’a pas été acceptée \\(décision du ${parisToday()}\\)`));
        assert.ok(text.includes(`Motif indiqué par le référent : ${kRefusal}`), text);
        assert.deepEqual(await buttonsOf(page, 'main'), ['Demander à nouveau l’accès']);
        // Without a page to show (prompt=none): access_denied at the relying party.
        const silent = authorizeDcc(page, { prompt: 'none' });
        await silent.shown;
        assert.ok(page.url().startsWith(rp.callback), `back at the DCC, got ${page.url()}`);
        assert.equal(rp.received.at(-1).params.error, 'access_denied');
        assert.equal(rp.received.at(-1).params.state, silent.params.state);
        await page.close();
        await referent.close();
    });

    test('c. the access withdrawn while Émilie holds tokens: all of them refused at once', async (t) => {
        assert.ok(emilieTokens, 'journey a left Émilie’s tokens');
        const introspect = async () => {
            const res = await clientPost(idp, idp.endpoints.introspection, dcc, { token: emilieTokens.access_token });
            assert.equal(res.status, 200, res.body);
            return res.json();
        };
        const before = await introspect();
        assert.equal(before.active, true);
        assert.equal(before.sub, kEmilie.sub);

        // The referent finds her in the list of accepted requests (the out-of-territory one is not theirs).
        const referent = await contexts.rennes.newPage();
        await referent.goto(`${idp.base}/console/access?service=${kDcc.id}&state=accepted`);
        assert.equal(await visit(t, referent, 'list-accepted'), 'Demandes d’accès aux services');
        const rows = await referent.$$eval('main tbody tr', (list) =>
            list.map((r) => [...r.cells].map((c) => c.textContent.replace(/\s+/g, ' ').trim())),
        );
        assert.equal(rows.length, 1, JSON.stringify(rows));
        const [who, profession, places, , state] = rows[0];
        assert.deepEqual([who, profession, places, state], [kEmilie.name, 'Sage-femme', '35000 Rennes', 'Acceptée']);
        await referent.selectOption('#filtre-etat', 'all');
        await clickThrough(referent, 'button:has-text("Afficher")');
        assert.equal(await visit(t, referent, 'list-all'), 'Demandes d’accès aux services');
        const all = await referent.$$eval('main tbody tr td:first-child', (l) => l.map((c) => c.textContent.trim()));
        assert.deepEqual(all, [kEmilie.name], 'nothing from outside the referent’s territory');

        await clickThrough(referent, `main tbody a:text-is("${kEmilie.name}")`);
        assert.equal(await visit(t, referent, 'record-before-withdrawal'), `Demande d’accès à ${serviceName}`);
        await referent.fill('#motif', kRevocation);
        const decisionMark = mailbox.messages.length;
        const withdrawn = await clickThrough(referent, 'button:has-text("Retirer l’accès")');
        assert.equal(withdrawn.status(), 200);

        // At once, before anything else: every token of hers is refused.
        const after = await introspect();
        assert.equal(after.active, false, JSON.stringify(after));
        const refresh = await tokenRequest(idp, dcc, {
            grant_type: 'refresh_token',
            refresh_token: emilieTokens.refresh_token,
        });
        assert.equal(refresh.status, 400, refresh.body);
        assert.equal(refresh.json().error, 'invalid_grant');
        const userinfo = await request(idp.endpoints.userinfo, { ca: idp.ca, bearer: emilieTokens.access_token });
        assert.equal(userinfo.status, 401, userinfo.body);

        assert.equal(await visit(t, referent, 'record-withdrawn'), `Demande d’accès à ${serviceName}`);
        assert.equal(
            await textOf(referent, '[role="status"]'),
            'L’accès est retiré : ses connexions au service sont fermées.',
        );
        assert.deepEqual(
            (await historyRows(referent)).map((r) => r.slice(1)),
            [
                ['Demande', kEmilie.login, '—'],
                ['Acceptée', 'coordo-rennes', '—'],
                ['Accès retiré', 'coordo-rennes', kRevocation],
            ],
        );
        const mail = await mailbox.waitFor(
            (m) => mailbox.messages.indexOf(m) >= decisionMark && m.envelope.to.includes(kEmilie.mail),
        );
        assert.equal(mail.subject, `Votre accès à ${kDcc.front} a été retiré`);
        assert.ok(mail.text.includes(`Motif indiqué : ${kRevocation}`), mail.text);

        // Her browser is still signed in to Esculape, but the DCC is closed to her.
        const page = await contexts.emilie.newPage();
        const { shown } = authorizeDcc(page);
        assert.equal((await shown).status(), 403);
        assert.equal(await visit(t, page, 'service-withdrawn'), `Accès à ${kDcc.front}`);
        assert.deepEqual(await buttonsOf(page, 'main'), ['Demander à nouveau l’accès']);
        await page.close();
        await referent.close();
    });

    test('d. the administrator adds a referent, grants an access directly, then removes the referent', async (t) => {
        // Browsers of its own: nothing from a–c's sessions (admin's of b, kine's).
        contexts.console = await auditContext(browser);
        contexts.kineConsole = await auditContext(browser);
        const page = await contexts.console.newPage();
        await signInAtPortal(t, page, kAdmin, { login: 'console-login', portal: 'console-portal' });
        await clickThrough(page, '.page-head a:text-is("Console")');
        assert.equal(page.url(), `${idp.base}/console/access`);
        assert.equal(await visit(t, page, 'console-list'), 'Demandes d’accès aux services');
        assert.deepEqual(await consoleMenu(page), [
            ['Accorder un accès', '/console/access/grant'],
            ['Services et référents', '/console/services'],
            ['Journal d’audit', '/console/audit'],
        ]);

        // « Services et référents »: the DCC as configured, its referents from the client file.
        await clickThrough(page, 'nav[aria-label="Console"] a:text-is("Services et référents")');
        assert.equal(page.url(), `${idp.base}/console/services`);
        assert.equal(await visit(t, page, 'services'), 'Services et référents');
        const settings = await serviceSettings(page);
        assert.equal(settings['Identifiant'], `${kDcc.id} — défini dans la configuration`);
        assert.equal(settings['Accès'], 'sur accord d’un référent');
        assert.equal(settings['Adresse du service'], rp.frontUrl);
        const fromFile = [
            ['coordo-nantes', 'Départements 44 85', 'fichier de configuration', '—'],
            ['coordo-rennes', 'Départements 35', 'fichier de configuration', '—'],
            ['admin', 'aucun (référent par défaut)', 'fichier de configuration', '—'],
        ];
        assert.deepEqual(sorted(await referentRows(page)), sorted(fromFile));

        // A department that does not exist: the form again, the error at its field, what was typed kept.
        await addReferent(page, kNicolas.login, '21 99');
        const refused = await clickThrough(page, 'button:has-text("Ajouter le référent")');
        assert.equal(refused.status(), 400);
        assert.equal(await visit(t, page, 'services-bad-department'), 'Services et référents');
        assert.equal(
            await textOf(page, '#ajout-territoire-erreur'),
            '« 99 » n’est pas un département (par exemple 44, 2A, 971).',
        );
        const departments = page.locator('#ajout-departements');
        assert.equal(await departments.inputValue(), '21 99');
        assert.equal(await departments.getAttribute('aria-invalid'), 'true');
        assert.match(await departments.getAttribute('aria-describedby'), /\bajout-territoire-erreur\b/);
        assert.equal(await page.inputValue('#ajout-login'), kNicolas.login);
        assert.equal(await page.inputValue('#ajout-service'), kDcc.id);
        assert.deepEqual(sorted(await referentRows(page)), sorted(fromFile), 'nobody added');

        await departments.fill('21 71');
        const added = await clickThrough(page, 'button:has-text("Ajouter le référent")');
        assert.equal(added.status(), 200);
        assert.equal(page.url(), `${idp.base}/console/services?done=added`);
        assert.equal(await visit(t, page, 'services-added'), 'Services et référents');
        assert.equal(
            await textOf(page, '[role="status"]'),
            'Le référent est ajouté ; il voit dès maintenant ses demandes.',
        );
        const kineRow = [kNicolas.login, 'Départements 21 71', 'console', `Retirer ${kNicolas.login}`];
        assert.deepEqual(sorted(await referentRows(page)), sorted([...fromFile, kineRow]));

        // kine's console, at once: its first visit goes through the login page and comes back.
        const kine = await contexts.kineConsole.newPage();
        await kine.goto(`${idp.base}/console/access`);
        assert.ok(kine.url().startsWith(idp.endpoints.login), `the login page first, got ${kine.url()}`);
        assert.equal(await visit(t, kine, 'kine-console-login'), 'Connexion');
        const opened = await loginWith(kine, kNicolas.login);
        assert.equal(opened.status(), 200);
        assert.equal(kine.url(), `${idp.base}/console/access`, 'back on the console after the login');
        assert.equal(await visit(t, kine, 'kine-console'), 'Demandes d’accès aux services');
        assert.match(await textOf(kine, 'main .lead'), new RegExp(`en tant que ${kNicolas.login} \\(référent\\)`));
        const filter = await kine.$$eval('#filtre-service option', (list) =>
            list.map((o) => [o.value, o.textContent.trim(), o.selected]),
        );
        assert.deepEqual(filter, [[kDcc.id, serviceName, true]]);
        assert.deepEqual(await consoleMenu(kine), [], 'no administration menu for a referent');

        // « Accorder un accès », from the console's menu.
        await page.goto(`${idp.base}/console/access`);
        assert.equal(await visit(t, page, 'console-list-again'), 'Demandes d’accès aux services');
        await clickThrough(page, 'nav[aria-label="Console"] a:text-is("Accorder un accès")');
        assert.equal(page.url(), `${idp.base}/console/access/grant`);
        assert.equal(await visit(t, page, 'grant'), 'Accorder un accès directement');
        await page.fill('#recherche', kCamille.rpps);
        const searched = await clickThrough(page, 'button:has-text("Chercher dans l’annuaire")');
        assert.equal(searched.status(), 200);
        assert.equal(new URL(page.url()).searchParams.get('national_id'), kCamille.rpps);
        assert.equal(await visit(t, page, 'grant-found'), 'Accorder un accès directement');
        assert.equal(await textOf(page, '#pro-titre'), kCamille.name);
        const found = await recordDetails(page);
        assert.equal(found['Profession'], 'Infirmier');
        assert.equal(found['Lieux d’exercice'], '25000 Besançon');
        assert.equal(found['Compte Esculape'], 'pas encore de compte : il sera créé');
        assert.deepEqual(await grantServices(page), [[kDcc.id, serviceName, false]]);
        assert.equal(await page.inputValue('#courriel'), '', 'no MSSanté address in the directory to propose');

        await page.check(`input[name="services"][value="${kDcc.id}"]`);
        await page.fill('#courriel', kCamille.mail);
        const mark = mailbox.messages.length;
        const granted = await clickThrough(page, 'button:has-text("Accorder l’accès")');
        assert.equal(granted.status(), 200);
        const grantedUrl = new URL(page.url());
        assert.equal(grantedUrl.pathname, '/console/access/grant');
        assert.equal(grantedUrl.searchParams.get('done'), '1');
        assert.equal(grantedUrl.searchParams.get('national_id'), kCamille.nationalId, 'her record, by national id');
        assert.equal(await visit(t, page, 'grant-done'), 'Accorder un accès directement');
        assert.equal(await textOf(page, '[role="status"]'), 'C’est fait : le professionnel est prévenu par e-mail.');
        const done = await recordDetails(page);
        const login = done['Compte Esculape'].match(/^identifiant (\S+)$/)?.[1];
        assert.ok(login, `the new account's login, got ${done['Compte Esculape']}`);
        assert.equal(done['Services déjà ouverts'], serviceName);
        assert.deepEqual(await grantServices(page), [], 'nothing left to open');
        assert.equal(await page.inputValue('#courriel'), kCamille.mail);

        // Her three mails, and nobody else's.
        const subjects = [
            'Choisissez votre mot de passe Esculape',
            `Votre accès à ${kDcc.front} est ouvert`,
            'Votre identifiant Esculape',
        ];
        const hers = (m) => mailbox.messages.indexOf(m) >= mark && m.envelope.to.includes(kCamille.mail);
        await mailbox.waitFor((m) => hers(m) && mailbox.messages.filter(hers).length >= subjects.length);
        await sleep(kOtherMailsWait);
        const mails = mailbox.messages.slice(mark);
        assert.deepEqual(mails.map((m) => m.envelope.to), subjects.map(() => [kCamille.mail]), 'to her only');
        assert.deepEqual(mails.map((m) => m.subject).sort(), subjects);
        const bySubject = Object.fromEntries(mails.map((m) => [m.subject, m]));
        const loginMail = bySubject['Votre identifiant Esculape'];
        assert.ok(loginMail.text.includes(`Bonjour ${kCamille.name}`), loginMail.text);
        assert.ok(new RegExp(`^\\s+${login}$`, 'm').test(loginMail.text), `her login in: ${loginMail.text}`);
        const passwordMail = bySubject['Choisissez votre mot de passe Esculape'];
        assert.ok(
            passwordMail.links.some((l) => l.startsWith(idp.base)),
            `a link to this idp in: ${passwordMail.text}`,
        );
        assert.ok(bySubject[subjects[1]].links.includes(rp.frontUrl), bySubject[subjects[1]].text);

        // Last, kine is no longer a referent: gone from the table, its console closed at once.
        await page.goto(`${idp.base}/console/services`);
        assert.equal(await visit(t, page, 'services-before-removal'), 'Services et référents');
        const removed = await clickThrough(page, `main tbody tr:has(td:text-is("${kNicolas.login}")) button`);
        assert.equal(removed.status(), 200);
        assert.equal(page.url(), `${idp.base}/console/services?done=removed`);
        assert.equal(await visit(t, page, 'services-removed'), 'Services et référents');
        assert.equal(await textOf(page, '[role="status"]'), 'Le référent est retiré.');
        assert.deepEqual(sorted(await referentRows(page)), sorted(fromFile));

        const closed = await kine.reload();
        assert.equal(closed.status(), 403);
        assert.equal(await visit(t, kine, 'kine-console-closed'), 'Accès réservé');
        await kine.close();
        await page.close();
    });
});
