// The self-service registration wizard over HTTPS, without a browser (the browser journey, its accessibility and
// screenshots are in test/e2e/registration.test.mjs): card → details → services → review → e-mail proof → account.
//   (a) the draft lives in the database: a restart between two steps loses nothing typed, and the wizard goes on
//       to the account, its two mails (login, set-password link) and a login with the chosen password;
//   (b) with a CPS-like TLS client certificate (test CA, CN = national id) the card is detected, and « Continuer
//       avec ma carte » prefills the details from the directory;
//   (c) the e-mail proof link works once: used again it is « Lien expiré ou déjà utilisé » (400);
//   (d) a national id that already has an account is refused at step 2.
// One idp (SQLite, [mail] to an SMTP server in this process, client certificates requested with a test CA) and
// a cookie jar per registration. The directory's two professionals without an account (conf/demo/professionals.json)
// are registered: Camille DURAND (RPPS 99700001011) without a card, Jean-Marc LEFEBVRE (99700001029) with one.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startIdp } from './lib/harness.mjs';
import { request, CookieJar } from './lib/http.mjs';
import { parseForms, parseAttributes, decodeHtml, obtainTokens, decodeJwt } from './lib/flow.mjs';
import { startMailbox } from './lib/mailbox.mjs';

const kProofSubject = 'Confirmez votre adresse e-mail pour créer votre compte Esculape';
const kLoginSubject = 'Votre identifiant Esculape';
const kPasswordSubject = 'Choisissez votre mot de passe Esculape';
const kPassword = 'Une longue phrase de passe secrète'; // neither her name nor her login
// The service a registration may request: a catalogue client with a portal tile (front_url).
// A service on approval (only those are offered at registration): the registration asks for it.
const kService = { id: 'dcc', name: 'Dossier communicant de cancérologie' };

// A CA and a client certificate shaped like a CPS card (SN+CN+GN multi-valued RDN, CN = national id).
function makeCard(dir, { family, given, nationalId }) {
    const run = (args) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
    run(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '2',
        '-subj', '/O=IGC-Sante TEST/CN=Cartes CPS TEST CA', '-keyout', 'ca.key', '-out', 'ca.crt']);
    run(['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-multivalue-rdn',
        '-subj', `/C=FR/O=TEST/SN=${family}+CN=${nationalId}+GN=${given}`, '-keyout', 'card.key', '-out', 'card.csr']);
    run(['x509', '-req', '-in', 'card.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '2',
        '-out', 'card.crt']);
    return {
        ca: path.join(dir, 'ca.crt'),
        cert: fs.readFileSync(path.join(dir, 'card.crt')),
        key: fs.readFileSync(path.join(dir, 'card.key')),
    };
}

// What step 2 posts for Camille DURAND (without a card).
function camille(email) {
    return {
        civility: 'MME',
        family_name: 'DURAND',
        given_name: 'Camille',
        profession: '60',
        national_id: '99700001011',
        establishment: 'Cabinet infirmier Durand',
        street: '12 rue de la République',
        postal_code: '25000',
        town: 'Besançon',
        phone: '03 81 00 00 00',
        email,
        email_confirmation: email,
        reason: 'Accès au dossier communicant de cancérologie du territoire.',
        visibility: 'professionals_only',
    };
}

// The values a page's form shows: inputs (radios and checkboxes only when checked; checkboxes as lists),
// selected options, textareas.
function shownValues(html) {
    const form = /<form\b[\s\S]*?<\/form>/i.exec(html)?.[0] ?? '';
    const values = {};
    for (const [tag] of form.matchAll(/<input\b[^>]*>/gi)) {
        const a = parseAttributes(tag);
        if (typeof a.name !== 'string' || a.name === 'csrf') continue;
        if (a.type === 'checkbox') {
            values[a.name] ??= [];
            if (a.checked) values[a.name].push(a.value);
        } else if (a.type === 'radio') {
            if (a.checked) values[a.name] = a.value;
        } else values[a.name] = typeof a.value === 'string' ? a.value : '';
    }
    for (const [, open, options] of form.matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/gi)) {
        const selected = [...options.matchAll(/<option\b[^>]*>/gi)].map((o) => parseAttributes(o[0])).find((o) => o.selected);
        values[parseAttributes(`<select ${open}>`).name] = selected?.value ?? '';
    }
    for (const [, open, text] of form.matchAll(/<textarea\b([^>]*)>([\s\S]*?)<\/textarea>/gi))
        values[parseAttributes(`<textarea ${open}>`).name] = decodeHtml(text);
    return values;
}

// The field error the page shows next to `field` (<p class="field-error" id="<field>-erreur">), or undefined.
function fieldError(html, field) {
    const m = new RegExp(`<p class="field-error" id="${field}-erreur">([^<]*)</p>`).exec(html);
    return m ? decodeHtml(m[1]) : undefined;
}

const h1Of = (html) => [...html.matchAll(/<h1\b[^>]*>([\s\S]*?)<\/h1>/gi)].map((m) => decodeHtml(m[1].replace(/<[^>]+>/g, '')).trim());
const mainText = (html) => decodeHtml((/<main\b[\s\S]*<\/main>/i.exec(html)?.[0] ?? html).replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ');

describe('registration wizard over HTTPS', { timeout: 120000 }, () => {
    let idp;
    let mailbox;
    let pkiDir;
    let card;
    before(async () => {
        pkiDir = fs.mkdtempSync(path.join(os.tmpdir(), 'esculape-card-'));
        card = makeCard(pkiDir, { family: 'LEFEBVRE', given: 'JEAN-MARC', nationalId: '899700001029' });
        mailbox = await startMailbox();
        idp = await startIdp({
            tls: { client_ca_file: card.ca },
            clientOverrides: { [kService.id]: { front_name: kService.name, front_url: 'https://rp.test/', access: 'approval' } },
            top: {
                mail: {
                    smtp_url: `smtp://127.0.0.1:${mailbox.port}`,
                    security: 'none',
                    from: 'Esculape <ne-pas-repondre@esculape.test>',
                },
            },
        });
    });
    after(async () => {
        await idp?.stop();
        await mailbox?.close();
        if (pkiDir) fs.rmSync(pkiDir, { recursive: true, force: true });
    });

    // One browser: a cookie jar, and the card (client certificate) it presents on every request, if any.
    function browser({ cert, key } = {}) {
        const jar = new CookieJar();
        const url = (p) => new URL(p, idp.base).toString();
        const get = (p) => request(url(p), { ca: idp.ca, jar, cert, key });
        const post = (p, form) => request(url(p), { method: 'POST', form, ca: idp.ca, jar, cert, key });
        // GET the step, then POST its form's hidden fields with `fields` over them.
        const submit = async (p, fields) => {
            const page = await get(p);
            assert.equal(page.status, 200, `GET ${p}: ${page.status} ${page.location ?? mainText(page.body).slice(0, 300)}`);
            const form = parseForms(page.body).find((f) => f.method === 'post' && f.fields.csrf);
            assert.ok(form, `a form with a csrf field on ${p}`);
            return post(form.action ?? p, { csrf: form.fields.csrf, ...fields });
        };
        return { jar, get, post, submit };
    }

    // Step 1 (the card page, then « Continuer … ») to step 2: the draft is created, its cookie set.
    async function startWizard(b, expectedButton = 'Continuer sans carte') {
        const page = await b.get('/register');
        assert.equal(page.status, 200);
        assert.deepEqual(h1Of(page.body), ['Créer un compte : carte CPS']);
        assert.match(page.body, new RegExp(`<button type="submit"[^>]*>${expectedButton}</button>`));
        assert.ok(b.jar.get('__Host-esc_login'), 'the pre-login cookie binds the csrf');
        const form = parseForms(page.body)[0];
        const started = await b.post(form.action, form.fields);
        assert.equal(started.status, 303, mainText(started.body));
        assert.equal(new URL(started.location).pathname, '/register/details');
        assert.ok(b.jar.get('__Host-esc_reg'), 'the registration cookie is set');
        assert.ok(started.setCookies.some((c) => /^__Host-esc_reg=[^;]+;.*Secure/.test(c) && /HttpOnly/.test(c)));
        return page;
    }

    // Steps 3 and 4 from a completed step 2: the service chosen, the review sent with the right answer.
    async function servicesAndReview(b, services = [kService.id]) {
        const chosen = await b.submit('/register/profile', { services });
        assert.equal(chosen.status, 303, mainText(chosen.body));
        assert.equal(new URL(chosen.location).pathname, '/register/review');
        const review = await b.get('/register/review');
        assert.equal(review.status, 200);
        const [, a, c] = /combien font (\d+) plus (\d+)/.exec(review.body) ?? [];
        assert.ok(a && c, 'the arithmetic question is asked');
        const form = parseForms(review.body)[0];
        const sent = await b.post(form.action, { ...form.fields, terms: 'yes', challenge: String(+a + +c), website: '' });
        assert.equal(sent.status, 303, mainText(sent.body));
        assert.equal(new URL(sent.location).pathname, '/register/sent');
        const page = await b.get('/register/sent');
        assert.equal(page.status, 200);
        assert.deepEqual(h1Of(page.body), ['Vérifiez votre messagerie']);
        return review;
    }

    const proofMail = (email) => mailbox.waitFor((m) => m.envelope.to.includes(email) && m.subject === kProofSubject);
    const proofLink = (mail) => {
        const link = mail.links.find((l) => l.includes('/register/verify?'));
        assert.ok(link, `a /register/verify link in: ${mail.text}`);
        assert.ok(link.startsWith(`${idp.base}/register/verify?r=`), `${link} leads to this idp`);
        return link;
    };

    // Opens the proof link and confirms: resolves the confirmation's response.
    async function confirm(b, link) {
        const page = await b.get(link);
        assert.equal(page.status, 200, mainText(page.body));
        assert.deepEqual(h1Of(page.body), ['Confirmer votre adresse e-mail']);
        const form = parseForms(page.body)[0];
        const u = new URL(link);
        assert.equal(form.fields.r, u.searchParams.get('r'));
        assert.equal(form.fields.token, u.searchParams.get('token'));
        return b.post(form.action, form.fields);
    }

    test('(a) the draft survives a restart, then the wizard goes on to the account and its first login', async () => {
        const email = 'camille.durand@exemple.fr';
        const b = browser();
        await startWizard(b);
        const typed = camille(email);
        const sent = await b.submit('/register/details', typed);
        assert.equal(sent.status, 303, `step 2 accepted: ${mainText(sent.body).slice(0, 500)}`);
        assert.equal(new URL(sent.location).pathname, '/register/profile');
        // A page displayed before the restart, sent after it (its csrf was made by the previous process).
        const earlier = await b.get('/register/profile');
        assert.equal(earlier.status, 200);
        const beforeForm = parseForms(earlier.body)[0];

        await idp.restartWith();

        const details = await b.get('/register/details');
        assert.equal(details.status, 200, `the draft is found again: ${details.location ?? ''}`);
        const shown = shownValues(details.body);
        for (const [name, value] of Object.entries(typed)) assert.equal(shown[name], value, `${name} kept after the restart`);
        assert.deepEqual(h1Of(details.body), ['Vos coordonnées']);

        const profile = await b.post(beforeForm.action, { csrf: beforeForm.fields.csrf, services: [kService.id] });
        assert.equal(profile.status, 303, `a form from before the restart is still accepted: ${mainText(profile.body).slice(0, 400)}`);
        const review = await servicesAndReview(b);
        assert.match(mainText(review.body), /Camille/);
        assert.match(mainText(review.body), /12 rue de la République, 25000 Besançon/);
        assert.match(mainText(review.body), new RegExp(kService.name));

        const link = proofLink(await proofMail(email));
        const created = await confirm(b, link);
        assert.equal(created.status, 200, mainText(created.body));
        assert.deepEqual(h1Of(created.body), ['Votre compte est créé']);
        assert.ok(!b.jar.get('__Host-esc_reg'), 'the registration cookie is cleared');

        const loginMail = await mailbox.waitFor((m) => m.envelope.to.includes(email) && m.subject === kLoginSubject);
        assert.match(loginMail.text, /Bonjour Camille DURAND/);
        assert.match(loginMail.text, /Votre identifiant est :\s+camille\.durand\s/);
        const passwordMail = await mailbox.waitFor((m) => m.envelope.to.includes(email) && m.subject === kPasswordSubject);
        const setLink = passwordMail.links.find((l) => l.includes('/password/reset?token='));
        assert.ok(setLink?.startsWith(idp.base), `a set-password link in: ${passwordMail.text}`);
        assert.ok(!passwordMail.text.includes('camille.durand'), 'the login and the password link travel apart');

        const jar = new CookieJar();
        const setPage = await request(setLink, { ca: idp.ca, jar });
        assert.equal(setPage.status, 200);
        assert.deepEqual(h1Of(setPage.body), ['Choisir votre mot de passe']);
        const setForm = parseForms(setPage.body)[0];
        const saved = await request(new URL(setForm.action, setLink).toString(), {
            method: 'POST',
            form: { ...setForm.fields, password: kPassword, confirmation: kPassword },
            jar,
            ca: idp.ca,
        });
        assert.equal(saved.status, 200, mainText(saved.body));

        const { tokens } = await obtainTokens(idp, idp.clients['rp-basic'], { login: 'camille.durand', password: kPassword });
        const claims = decodeJwt(tokens.id_token).payload;
        assert.ok(claims.sub, 'an id_token for the new account');
        const info = await request(idp.endpoints.userinfo, { ca: idp.ca, bearer: tokens.access_token });
        assert.equal(info.status, 200);
        assert.match(info.body, /DURAND/);
    });

    test('(b) with a CPS card: « Carte détectée », then the details prefilled from the directory', async () => {
        const b = browser(card);
        const page = await startWizard(b, 'Continuer avec ma carte');
        const text = mainText(page.body);
        assert.match(text, /Carte détectée : \S*899700001029/);
        assert.match(text, /LEFEBVRE/);
        assert.match(text, /reprises de l’annuaire national \(numéro 899700001029\)/);

        const details = await b.get('/register/details');
        assert.equal(details.status, 200);
        const shown = shownValues(details.body);
        assert.equal(shown.family_name, 'LEFEBVRE');
        assert.equal(shown.given_name, 'Jean-Marc');
        assert.equal(shown.civility, 'M');
        assert.equal(shown.profession, '10', 'médecin');
        assert.equal(shown.national_id, '99700001029', 'the RPPS of the card');
        assert.match(mainText(details.body), /viennent de l’annuaire national \(numéro 899700001029\)/);

        // The prefilled values are accepted as they are: the rest typed, the wizard goes on to the account.
        const email = 'jean-marc.lefebvre@exemple.fr';
        const sent = await b.submit('/register/details', {
            ...shown,
            street: '12 rue de la Gare',
            postal_code: '25300',
            town: 'Pontarlier',
            phone: '',
            establishment: '',
            email,
            email_confirmation: email,
            reason: 'Messagerie et dossier communicant.',
        });
        assert.equal(sent.status, 303, mainText(sent.body).slice(0, 500));
        await servicesAndReview(b, []);
        const created = await confirm(b, proofLink(await proofMail(email)));
        assert.equal(created.status, 200, mainText(created.body));
        const loginMail = await mailbox.waitFor((m) => m.envelope.to.includes(email) && m.subject === kLoginSubject);
        assert.match(loginMail.text, /Bonjour Jean-Marc LEFEBVRE/);
        assert.match(loginMail.text, /Votre identifiant est :\s+jean-marc\.lefebvre\s/);
    });

    test('(c) the e-mail proof link works once: « Lien expiré ou déjà utilisé » the second time', async (t) => {
        const email = 'alix.perrin@exemple.fr';
        const b = browser();
        await startWizard(b);
        const sent = await b.submit('/register/details', {
            civility: 'MME',
            family_name: 'Perrin',
            given_name: 'Alix',
            profession: 'autre',
            national_id: '',
            establishment: 'Centre de coordination en cancérologie',
            street: '3 place Victor Hugo',
            postal_code: '25000',
            town: 'Besançon',
            phone: '',
            email,
            email_confirmation: email,
            reason: 'Secrétariat des réunions de concertation pluridisciplinaire.',
            visibility: 'hidden',
        });
        assert.equal(sent.status, 303, mainText(sent.body).slice(0, 500));
        await servicesAndReview(b);
        // Back to the review (browser history) once sent: « Vérifiez votre messagerie », as the other steps do.
        await t.test('the review page, once sent, leads to « Vérifiez votre messagerie »', async () => {
            const back = await b.get('/register/review');
            assert.equal(back.status, 303);
            assert.equal(new URL(back.location).pathname, '/register/sent');
        });
        const details = await b.get('/register/details');
        assert.equal(new URL(details.location ?? idp.base).pathname, '/register/sent', 'step 2 once sent: the sent page');
        const link = proofLink(await proofMail(email));

        const first = await confirm(b, link);
        assert.equal(first.status, 200, mainText(first.body));
        assert.deepEqual(h1Of(first.body), ['Votre compte est créé']);

        // The same link again, in another browser (the mail opened twice): the page, then the form's POST.
        const other = browser();
        const again = await other.get(link);
        assert.equal(again.status, 400);
        assert.deepEqual(h1Of(again.body), ['Lien expiré ou déjà utilisé']);
        const u = new URL(link);
        const replay = await other.post('/register/verify', { r: u.searchParams.get('r'), token: u.searchParams.get('token') });
        assert.equal(replay.status, 400);
        assert.deepEqual(h1Of(replay.body), ['Lien expiré ou déjà utilisé']);
        // One account, one login mail.
        await mailbox.waitFor((m) => m.envelope.to.includes(email) && m.subject === kLoginSubject);
        await new Promise((r) => setTimeout(r, 1500)); // the outbox is polled every second
        assert.equal(mailbox.messages.filter((m) => m.envelope.to.includes(email) && m.subject === kLoginSubject).length, 1);
    });

    test('(d) a second registration with an RPPS that has an account is refused at step 2', async () => {
        // Camille DURAND's account was created by (a).
        const b = browser();
        await startWizard(b);
        const typed = camille('camille.durand.bis@exemple.fr');
        // First a number the directory does not know.
        const unknown = await b.submit('/register/details', { ...typed, national_id: '99700009999' });
        assert.equal(unknown.status, 400);
        assert.match(fieldError(unknown.body, 'national_id') ?? '', /ne figure pas dans l’annuaire national/);
        const refused = await b.submit('/register/details', typed);
        assert.equal(refused.status, 400);
        assert.deepEqual(h1Of(refused.body), ['Vos coordonnées']);
        const error = fieldError(refused.body, 'national_id');
        assert.match(error ?? '', /Un compte Esculape existe déjà/, `the message next to the RPPS field: ${mainText(refused.body).slice(0, 600)}`);
        assert.match(refused.body, /<input id="national_id"[^>]*aria-invalid="true"[^>]*aria-describedby="[^"]*national_id-erreur/);
        assert.deepEqual(shownValues(refused.body).national_id, typed.national_id, 'what was typed is kept');
        // Still at step 2: the next steps send back to it.
        const next = await b.get('/register/profile');
        assert.equal(next.status, 303);
        assert.equal(new URL(next.location).pathname, '/register/details');
    });
});
