// Workstation certificates over real TLS (the in-process journey with a fake TLS layer is
// test/unit/portal/workstation_certificate_test.cpp): the idp's own CA issues them, `idp serve` trusts it for client
// certificates, and this file presents the PKCS#12 it downloaded through Node's TLS stack (`pfx` + `passphrase`).
//   1. medecin asks for « CABINET-PC2 » on /account/certificates (CSRF of her session; one per computer: 409; a
//      forged CSRF token: 400) → pharmacien approves on /console/certificates (twice: 409) → two mails by SMTP to her
//      address, the link then the 8-digit code, never both in one → the withdrawal page (no-referrer, no-store, the
//      token kept out of the access log; a short or mismatched file password: 400) → a PKCS#12 (application/x-pkcs12,
//      attachment, no-store) holding her certificate (CN the workstation, O Esculape, OU « Poste de medecin », one
//      year, issued by « Esculape AC postes de travail ») and that CA (the one in the database) → over TLS the login
//      page says « Ordinateur « CABINET-PC2 » reconnu » with `medecin` pre-filled, and for a service with min_acr
//      eidas2 offers the password form (without the certificate it does not) → ID token acr eidas2, amr
//      pwd/swk/mfa, authMode CERTIFICATE; UserInfo palier 2 / CERTIFICATE; introspection eidas2 / CERTIFICATE;
//      another professional's password on that computer is a plain eidas1 login;
//  1b. a step-up from an eidas1 session on her own recognised computer: « Confirmer avec le certificat de ce poste »
//      raises the same session to eidas2 (pwd swk mfa);
//   2. the link is one use (410, the page and the form); on another approval the form posted from another site is
//      403, a wrong code is 400 next to the field (aria-invalid), five of them lock the withdrawal (429, even with
//      the right code);
//   3. a CPS card of the test PKI (certs/make-test-pki) is not taken for a workstation certificate; nor is a forged
//      certificate that copies the CA's name and her serial (signed by another key); the workstation certificate
//      posted to the card login is refused (401 « … pas une carte CPS »), no session;
//   4. revocation from /account/certificates (again: 409; by someone else: 404; an approved certificate not yet
//      withdrawn too, its link then 410): the same certificate over TLS is no longer recognised (no notice, no
//      password form for the eidas2 service); <issuer>/certificates/crl lists its serial, is signed by the CA
//      (`openssl crl -CAfile` → verify OK; not with another CA), nextUpdate in the future (one day);
//   5. a collective certificate created on the console (invalid fields: 400 with each field's error; workstation,
//      site, mail_to) → its two mails → its PKCS#12 (OU « Poste partagé ») → over TLS « Poste partagé « ACCUEIL-01 »
//      (Accueil des urgences) », nothing pre-filled, a password login is eidas1, no password form for eidas2;
//   6. the audit log (no page yet: SQLite read with the `sqlite3` CLI): request / approve / issue / revoke with actor,
//      address, session (the sids of the sessions that acted; none for the withdrawal) and before/after states (the
//      serial and not_after of the issued certificate); UPDATE and DELETE refused « append-only »;
//   7. the console: a non-administrator gets 403 « Accès réservé » (page and form); restarted with [console] min_acr
//      eidas2 (the CA is kept: the collective certificate is still recognised), pharmacien's password session gets
//      403 « Authentification renforcée requise », his card session (eidas3) the console, where revoking the
//      collective certificate ends its recognition, adds it to the CRL and is audited.
// One idp (SQLite; [workstation], [console] administrators = ["pharmacien"] at min_acr eidas1, [card] with the test
// PKI, [mail] to an SMTP server in this process) and one PKI (temp dir) for the file.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { startIdp, repoRoot } from './lib/harness.mjs';
import { toToml } from './lib/toml.mjs';
import { request, CookieJar } from './lib/http.mjs';
import {
    authorizeUrl,
    codeRequest,
    decodeHtml,
    exchangeVerified,
    findLoginForm,
    isRedirectTo,
    obtainTokens,
    parseForms,
    queryOf,
    DEMO_PASSWORD,
} from './lib/flow.mjs';
import { introspect } from './lib/asserts.mjs';
import { startMailbox } from './lib/mailbox.mjs';

const kStrong = 'rp-strong'; // a service with min_acr eidas2
const kMedecin = '899700000112'; // Claire MOREAU, demo login `medecin`
const kPharmacien = '899700000252'; // Thomas GIRARD, demo login `pharmacien`
const kMedecinMail = 'claire.moreau@demo-esculape.example';
const kSharedMail = 'accueil@ch-demo.example';
const kPalier2 = 'APPPRIP2^1.2.250.1.213.1.5.1.1.1';
const kFilePassword = 'mot-de-passe-du-fichier';
const kCaSubject = 'Esculape AC postes de travail';
const kLinkSubject = 'Votre certificat de poste de travail est prêt';
const kCodeSubject = 'Code de retrait de votre certificat de poste';
const kNotCard =
    'Ce certificat est un certificat de poste de travail, pas une carte CPS : identifiez-vous avec votre mot de ' +
    'passe sur ce poste.';

// The text of <main>, tags removed and entities decoded (for messages).
const mainText = (html) =>
    decodeHtml((/<main\b[\s\S]*<\/main>/i.exec(html)?.[0] ?? html).replace(/<[^>]+>/g, ' '))
        .replace(/\s+/g, ' ')
        .trim();
const h1Of = (html) => decodeHtml(/<h1\b[^>]*>([\s\S]*?)<\/h1>/i.exec(html)?.[1] ?? '').trim();
const alertText = (html) => mainText(/<div[^>]*role="alert"[^>]*>[\s\S]*?<\/div>/.exec(html)?.[0] ?? '');
const statusText = (html) => mainText(/<div[^>]*role="status"[^>]*>[\s\S]*?<\/div>/.exec(html)?.[0] ?? '');
const noticeText = (html) => mainText(/<div[^>]*id="poste-reconnu"[^>]*>[\s\S]*?<\/div>/.exec(html)?.[0] ?? '');
const cardForm = (html) => parseForms(html).find((f) => f.action?.endsWith('/login/card'));

// The rows of the first table of `html` whose first cell is `workstation`: { cells, certificate (its id) }.
function rowsOf(html, workstation) {
    const rows = [];
    for (const [tr] of html.matchAll(/<tr>[\s\S]*?<\/tr>/g)) {
        const cells = [...tr.matchAll(/<td>([\s\S]*?)<\/td>/g)].map((m) =>
            decodeHtml(m[1].replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ').trim(),
        );
        if (cells[0] !== workstation) continue;
        const id = /name="certificate" value="([^"]+)"/.exec(tr)?.[1];
        rows.push({ cells, certificate: id });
    }
    return rows;
}

// Hex serials compared as numbers (openssl prints upper case, some tools drop leading zeros).
const sameSerial = (a, b) => BigInt(`0x${a}`) === BigInt(`0x${b}`);

describe('workstation certificates over real TLS', { timeout: 120000 }, () => {
    let tmp; // the card PKI, the PKCS#12 files, the CRL
    let pki;
    let idp;
    let mailbox;
    let basic;
    let strong;
    // Shared between the tests, in order: medecin's personal certificate (and the sids of the sessions that asked
    // for it, approved it and revoked it), the collective one.
    const personal = {};
    const collective = {};

    before(async () => {
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'esculape-workstation-'));
        pki = path.join(tmp, 'pki');
        execFileSync(path.join(repoRoot, 'certs/make-test-pki'), [pki], { stdio: 'pipe' });
        mailbox = await startMailbox();
        idp = await startIdp({
            tls: { client_ca_file: path.join(pki, 'client-ca.pem') },
            top: {
                card: {
                    crl_files: [path.join(pki, 'crl/ac-fort-personnes.crl.pem'), path.join(pki, 'crl/root.crl.pem')],
                },
                workstation: { enabled: true },
                console: { administrators: ['pharmacien'], min_acr: 'eidas1' },
                mail: {
                    smtp_url: `smtp://127.0.0.1:${mailbox.port}`,
                    security: 'none',
                    from: 'Esculape <ne-pas-repondre@esculape.test>',
                },
            },
            clientOverrides: {
                [kStrong]: {
                    redirect_uris: ['https://rp-strong.test/cb'],
                    grant_types: ['authorization_code', 'refresh_token'],
                    min_acr: 'eidas2',
                },
            },
        });
        basic = idp.clients['rp-basic'];
        strong = idp.clients[kStrong];
    });
    after(async () => {
        await idp?.stop();
        await mailbox?.close();
        if (tmp && !process.env.IDP_KEEP_TMP) fs.rmSync(tmp, { recursive: true, force: true });
    });

    const accountUrl = () => `${idp.base}/account/certificates`;
    const consoleUrl = () => `${idp.base}/console/certificates`;
    const withdrawUrl = () => `${idp.base}/certificates/withdraw`;

    // A password session of `login` (code flow of rp-basic): its cookie jar, with its sid (from the ID token) as
    // `jar.sid`.
    async function signIn(login) {
        const jar = new CookieJar();
        const { tokens } = await obtainTokens(idp, basic, { login, jar });
        jar.sid = JSON.parse(Buffer.from(tokens.id_token.split('.')[1], 'base64url')).sid;
        assert.ok(jar.sid, `a sid for ${login}`);
        return jar;
    }

    // GETs `url` with the session, then POSTs `fields` with the CSRF token of the page's first form.
    async function postWithCsrf(url, jar, fields) {
        const page = await request(url, { ca: idp.ca, jar });
        assert.equal(page.status, 200, `${url}: ${page.status} ${mainText(page.body).slice(0, 200)}`);
        const csrf = parseForms(page.body).find((f) => f.fields.csrf)?.fields.csrf;
        assert.ok(csrf, `a CSRF token on ${url}`);
        return request(url, { method: 'POST', form: { csrf, ...fields }, jar, ca: idp.ca });
    }

    // A professional's request for `workstation`, listed « en attente d’approbation » (without an action: the id of
    // the request is read from the console’s queue, queued()).
    async function requestCertificate(jar, workstation) {
        const asked = await postWithCsrf(accountUrl(), jar, { action: 'request', workstation });
        assert.equal(asked.status, 200, mainText(asked.body).slice(0, 300));
        assert.equal(
            statusText(asked.body),
            `Votre demande pour « ${workstation} » est transmise à un administrateur. Vous recevrez le lien et le ` +
                'code de retrait par e-mail dès qu’elle sera approuvée.',
        );
        const [row] = rowsOf(asked.body, workstation);
        assert.ok(row, `« ${workstation} » listed: ${mainText(asked.body).slice(0, 400)}`);
        assert.equal(row.cells[1], 'en attente d’approbation');
        assert.equal(row.certificate, undefined, 'nothing to revoke yet');
    }

    // The id of the request for `workstation` in the console's queue (« Demandes à traiter »), and its row.
    async function queued(admin, workstation) {
        const queue = await request(consoleUrl(), { ca: idp.ca, jar: admin });
        assert.equal(queue.status, 200, mainText(queue.body).slice(0, 200));
        const pending = /<section aria-labelledby="attente-titre">[\s\S]*?<\/section>/.exec(queue.body)?.[0] ?? '';
        const [row] = rowsOf(pending, workstation);
        assert.ok(row?.certificate, `« ${workstation} » in the queue: ${mainText(pending).slice(0, 400)}`);
        return { id: row.certificate, row, page: queue };
    }

    // pharmacien approves `id` on the console; resolves the two mails' { token, code, link, linkMail, codeMail }.
    async function approve(admin, id, recipient) {
        const start = mailbox.messages.length;
        const approved = await postWithCsrf(consoleUrl(), admin, { action: 'approve', certificate: id });
        assert.equal(approved.status, 200, mainText(approved.body).slice(0, 300));
        assert.equal(
            statusText(approved.body),
            `Demande approuvée : le lien puis le code de retrait partent à ${recipient}.`,
        );
        return withdrawalMails(recipient, start);
    }

    // The link mail, then the code mail, to `recipient` among the messages received from index `start` on.
    async function withdrawalMails(recipient, start) {
        const fresh = (subject) => (m) =>
            mailbox.messages.indexOf(m) >= start && m.envelope.to.includes(recipient) && m.subject === subject;
        const linkMail = await mailbox.waitFor(fresh(kLinkSubject));
        const codeMail = await mailbox.waitFor(fresh(kCodeSubject));
        assert.ok(
            mailbox.messages.indexOf(linkMail) < mailbox.messages.indexOf(codeMail),
            'the link arrives before the code',
        );
        const link = linkMail.links.find((l) => l.includes('/certificates/withdraw?token='));
        assert.ok(link, `a withdrawal link in: ${linkMail.text}`);
        assert.ok(link.startsWith(`${idp.base}/certificates/withdraw?token=`), `${link} leads to this idp`);
        const token = new URL(link).searchParams.get('token');
        const code = /\n {4}(\d{8})\r?\n/.exec(codeMail.text)?.[1];
        assert.ok(code, `an 8-digit code in: ${codeMail.text}`);
        assert.ok(!linkMail.text.includes(code) && !linkMail.html.includes(code), 'no code in the link mail');
        assert.ok(!codeMail.text.includes(token) && !codeMail.html.includes(token), 'no link in the code mail');
        return { token, code, link, linkMail, codeMail };
    }

    // POSTs the withdrawal form (as the page's form: token, code, password, confirmation).
    const withdraw = (token, code, password = kFilePassword, confirmation = password) =>
        request(withdrawUrl(), { method: 'POST', form: { token, code, password, confirmation }, ca: idp.ca });

    // The certificate and the CA certificate of a PKCS#12, by `openssl pkcs12` (PEM), and as X509Certificate.
    function unpack(file, passphrase = kFilePassword) {
        const run = (what) =>
            execFileSync('openssl', ['pkcs12', '-in', file, '-passin', `pass:${passphrase}`, '-nokeys', what], {
                encoding: 'utf8',
                stdio: 'pipe',
            });
        const certPem = run('-clcerts');
        const caPem = run('-cacerts');
        return { certPem, caPem, cert: new crypto.X509Certificate(certPem), ca: new crypto.X509Certificate(caPem) };
    }

    // A withdrawal that succeeds: the PKCS#12 checked, written to tmp/<name>.p12; resolves { pfx, file, cert, ca… }.
    async function download(token, code, name) {
        const file = await withdraw(token, code);
        assert.equal(file.status, 200, `withdrawal: ${file.status} ${mainText(file.body).slice(0, 300)}`);
        assert.equal(file.headers['content-type'], 'application/x-pkcs12');
        assert.equal(file.headers['content-disposition'], `attachment; filename="esculape-${name}.p12"`);
        assert.match(file.headers['cache-control'] ?? '', /no-store/);
        const pfx = file.bytes;
        const out = path.join(tmp, `${name}.p12`);
        fs.writeFileSync(out, pfx);
        // Node's TLS stack reads it with the password chosen on the page, and not without it.
        tls.createSecureContext({ pfx, passphrase: kFilePassword });
        assert.throws(() => tls.createSecureContext({ pfx, passphrase: 'pas-le-bon-mot-de-passe' }));
        return { pfx, file: out, ...unpack(out) };
    }

    // The TLS client identity of a downloaded certificate, as request() options.
    const presenting = (certificate) => (certificate ? { pfx: certificate.pfx, passphrase: kFilePassword } : {});
    // A card of the test PKI (cards/<national id>.crt and .key).
    const card = (nationalId) => ({
        cert: fs.readFileSync(path.join(pki, 'cards', `${nationalId}.crt`)),
        key: fs.readFileSync(path.join(pki, 'cards', `${nationalId}.key`)),
    });

    // A certificate for `workstation` with the serial of `genuine` and an issuer named like the workstation CA, made by
    // another key (openssl): as request() options.
    function forge(genuine, workstation) {
        const dir = fs.mkdtempSync(path.join(tmp, 'forged-'));
        const run = (args) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
        const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
        run(['req', '-x509', ...ec, '-days', '2', '-subj', `/C=FR/O=Esculape/CN=${kCaSubject}`, '-keyout', 'ca.key',
            '-out', 'ca.crt', '-addext', 'basicConstraints=critical,CA:TRUE',
            '-addext', 'keyUsage=keyCertSign,cRLSign']);
        run(['req', ...ec, '-subj', `/O=Esculape/OU=Poste de medecin/CN=${workstation}`, '-keyout', 'ws.key', '-out',
            'ws.csr']);
        run(['x509', '-req', '-in', 'ws.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-set_serial',
            `0x${genuine.cert.serialNumber}`, '-days', '2', '-out', 'ws.crt']);
        const cert = fs.readFileSync(path.join(dir, 'ws.crt'));
        const x = new crypto.X509Certificate(cert);
        assert.equal(x.issuer, genuine.cert.issuer, 'the same issuer name');
        assert.ok(sameSerial(x.serialNumber, genuine.cert.serialNumber), 'the same serial');
        return { cert, key: fs.readFileSync(path.join(dir, 'ws.key')) };
    }

    // GETs <issuer>/certificates/crl into tmp/<name>: { openssl(...args) (`openssl crl` on it), listing (its -text),
    // serials (the revoked ones, hex) }.
    async function fetchCrl(name) {
        const crl = await request(`${idp.issuer}/certificates/crl`, { ca: idp.ca });
        assert.equal(crl.status, 200);
        assert.equal(crl.headers['content-type'], 'application/pkix-crl');
        assert.match(crl.headers['cache-control'] ?? '', /no-cache/);
        const file = path.join(tmp, name);
        fs.writeFileSync(file, crl.bytes);
        const inform = crl.bytes.subarray(0, 10).toString('latin1').startsWith('-----BEGIN') ? 'PEM' : 'DER';
        const openssl = (...args) =>
            spawnSync('openssl', ['crl', '-inform', inform, '-in', file, ...args], { encoding: 'utf8' });
        const text = openssl('-noout', '-text');
        assert.equal(text.status, 0, text.stderr);
        const serials = [...text.stdout.matchAll(/Serial Number: ([0-9A-Fa-f]+)/g)].map((m) => m[1]);
        return { openssl, listing: text.stdout, serials };
    }

    // A query on the idp's SQLite database with the `sqlite3` CLI (JSON rows; the server keeps running).
    const sqlite = (query) =>
        spawnSync('sqlite3', ['-cmd', '.timeout 5000', '-json', idp.config.storage.path, query], { encoding: 'utf8' });

    // The audit log's entries about certificate `id`, oldest first.
    function auditOf(id) {
        const read = sqlite(
            'SELECT id, at, actor, action, target, before, after, address, session FROM audit_log ' +
                `WHERE target = 'workstation_certificate:${id}' ORDER BY id`,
        );
        assert.equal(read.status, 0, read.stderr);
        return JSON.parse(read.stdout || '[]');
    }

    // authorize → the login page, both over connections presenting `identity` (a browser presents its certificate on
    // every connection); resolves { page, flow: { request, pkce }, jar }.
    async function openLogin(client, identity = {}, jar = new CookieJar()) {
        const { params, pkce } = codeRequest(client);
        const res = await request(authorizeUrl(idp, params), { ca: idp.ca, jar, ...identity });
        assert.equal(res.status, 303, `authorize → login page, got ${res.status}: ${res.body.slice(0, 200)}`);
        assert.ok(res.location.startsWith(idp.endpoints.login), `the login page: ${res.location}`);
        const page = await request(res.location, { ca: idp.ca, jar, ...identity });
        page.url = res.location;
        assert.equal(page.status, 200);
        return { page, flow: { request: params, pkce }, jar };
    }

    // Submits the login page's password form as `login`, over `identity`, and follows back to the client: the
    // verified ID token, the tokens.
    async function passwordLogin(client, opened, login, identity = {}) {
        const { page, flow, jar } = opened;
        const form = findLoginForm(page.body);
        assert.ok(form, `a password form: ${mainText(page.body).slice(0, 300)}`);
        const posted = await request(new URL(form.action, page.url).toString(), {
            method: 'POST',
            form: { ...form.fields, login, password: DEMO_PASSWORD },
            jar,
            ca: idp.ca,
            ...identity,
        });
        assert.equal(posted.status, 303, `login accepted, got ${posted.status}: ${alertText(posted.body)}`);
        const back = await request(posted.location, { ca: idp.ca, jar, ...identity });
        assert.equal(back.status, 303);
        assert.ok(isRedirectTo(back.location, client.redirect_uris[0]), `on to the client: ${back.location}`);
        const params = queryOf(back.location);
        assert.equal(params.state, flow.request.state);
        return exchangeVerified(idp, client, flow, params.code);
    }

    test('1. request, approval, two mails, withdrawal; over TLS the login is pre-filled, eidas2', async () => {
        const medecin = await signIn('medecin');
        const empty = await request(accountUrl(), { ca: idp.ca, jar: medecin });
        assert.equal(empty.status, 200);
        assert.equal(h1Of(empty.body), 'Certificats de poste de travail');
        assert.match(mainText(empty.body), /Vous n’avez demandé aucun certificat de poste\./);
        // Without a session: to the login page.
        const anonymous = await request(accountUrl(), { ca: idp.ca });
        assert.equal(anonymous.status, 303);
        assert.ok(anonymous.location.startsWith(idp.endpoints.login), anonymous.location);

        personal.requestedBy = medecin.sid;
        const before = mailbox.messages.length;
        await requestCertificate(medecin, 'CABINET-PC2');
        // One per computer.
        const twice = await postWithCsrf(accountUrl(), medecin, { action: 'request', workstation: 'CABINET-PC2' });
        assert.equal(twice.status, 409);
        assert.match(mainText(twice.body), /Un certificat est déjà demandé ou en vigueur pour cet ordinateur/);
        // A form without the session's CSRF token is refused.
        const forged = await request(accountUrl(), {
            method: 'POST',
            form: { csrf: 'pas-un-jeton', action: 'request', workstation: 'CABINET-PC9' },
            jar: medecin,
            ca: idp.ca,
        });
        assert.equal(forged.status, 400);
        assert.match(mainText(forged.body), /Le formulaire a expiré/);

        const admin = await signIn('pharmacien');
        personal.approvedBy = admin.sid;
        const { id, row, page: queue } = await queued(admin, 'CABINET-PC2');
        personal.id = id;
        assert.equal(h1Of(queue.body), 'Certificats de poste de travail');
        assert.equal(row.cells[1], 'medecin');
        assert.equal(mailbox.messages.length, before, 'no mail before the approval');

        const mails = await approve(admin, personal.id, kMedecinMail);
        assert.match(mails.linkMail.text, /Bonjour Claire MOREAU/);
        assert.match(mails.linkMail.text, /l’ordinateur « CABINET-PC2 » a été approuvé/);
        assert.match(mails.codeMail.text, /Bonjour Claire MOREAU/);
        assert.equal(mails.linkMail.envelope.from, 'ne-pas-repondre@esculape.test');
        personal.mails = mails;
        const decided = await postWithCsrf(consoleUrl(), admin, { action: 'approve', certificate: personal.id });
        assert.equal(decided.status, 409, 'decided already');

        const page = await request(mails.link, { ca: idp.ca });
        assert.equal(page.status, 200);
        assert.equal(h1Of(page.body), 'Retrait du certificat de poste');
        assert.match(mainText(page.body), new RegExp(
                'Certificat de l’ordinateur CABINET-PC2 \\. .* Ce lien est valable jusqu’au ' +
                    '\\d\\d/\\d\\d/\\d{4} à \\d\\d:\\d\\d\\.',
            ));
        assert.equal(page.headers['referrer-policy'], 'no-referrer', 'the token must not leak to other sites');
        assert.match(page.headers['cache-control'] ?? '', /no-store/);
        const logs = idp.logs();
        assert.ok(!`${logs.stdout}${logs.stderr}`.includes(mails.token), 'the token is not in the access log');
        const form = parseForms(page.body)[0];
        assert.equal(form.method, 'post');
        assert.equal(form.fields.token, mails.token);
        assert.deepEqual(Object.keys(form.fields).sort(), ['code', 'confirmation', 'password', 'token']);
        // Bad passwords for the file: 400, the withdrawal still available.
        const short = await withdraw(mails.token, mails.code, 'court');
        assert.equal(short.status, 400);
        assert.match(mainText(short.body), /au moins 10 caractères/);
        const mismatch = await withdraw(mails.token, mails.code, kFilePassword, 'autre-mot-de-passe');
        assert.equal(mismatch.status, 400);
        assert.match(mainText(mismatch.body), /Les deux mots de passe sont différents/);

        Object.assign(personal, await download(mails.token, mails.code, 'CABINET-PC2'));
        const { cert, ca } = personal;
        assert.match(cert.subject, /^CN=CABINET-PC2$/m);
        assert.match(cert.subject, /^O=Esculape$/m);
        assert.match(cert.subject, /^OU=Poste de medecin$/m);
        assert.match(cert.issuer, new RegExp(`^CN=${kCaSubject}$`, 'm'));
        assert.ok(cert.verify(ca.publicKey), 'signed by the CA of the file');
        assert.ok(cert.checkIssued(ca));
        assert.equal(ca.subject, ca.issuer, 'the CA is self-signed');
        assert.ok(ca.ca, 'basicConstraints CA:TRUE');
        assert.ok(!cert.ca, 'the workstation certificate is not a CA');
        const days = (Date.parse(cert.validTo) - Date.parse(cert.validFrom)) / 86400000;
        assert.ok(Math.abs(days - 365) < 1.01, `valid a year: ${cert.validFrom} → ${cert.validTo}`);
        // The CA of the file is the one the idp keeps.
        const stored = execFileSync('sqlite3', [idp.config.storage.path, 'SELECT certificate_pem FROM issuing_ca'], {
            encoding: 'utf8',
        });
        assert.equal(new crypto.X509Certificate(stored).fingerprint256, ca.fingerprint256);
        const mine = await request(accountUrl(), { ca: idp.ca, jar: medecin });
        assert.equal(rowsOf(mine.body, 'CABINET-PC2')[0].cells[1], 'installé');

        // Over TLS, presenting it: the eidas2 service's login page recognises the computer.
        const ws = presenting(personal);
        const opened = await openLogin(strong, ws);
        assert.equal(
            noticeText(opened.page.body),
            'Ordinateur « CABINET-PC2 » reconnu : votre mot de passe sur ce poste vaut une authentification renforcée.',
        );
        assert.equal(findLoginForm(opened.page.body)?.fields.login, 'medecin', 'the login pre-filled');
        // Without the certificate, a password alone is not offered to that service.
        const bare = await openLogin(strong);
        assert.equal(noticeText(bare.page.body), '');
        assert.equal(findLoginForm(bare.page.body), undefined, 'no password form without the certificate');

        const { tokens, idToken } = await passwordLogin(strong, opened, 'medecin', ws);
        assert.equal(idToken.sub, kMedecin);
        assert.equal(idToken.acr, 'eidas2');
        assert.deepEqual(idToken.amr, ['pwd', 'swk', 'mfa']);
        assert.equal(idToken.authMode, 'CERTIFICATE');
        assert.equal(idToken.auth_level, 2);
        const info = await request(idp.endpoints.userinfo, { ca: idp.ca, bearer: tokens.access_token });
        assert.equal(info.status, 200, info.body);
        assert.equal(info.json().Palier_Authentification, kPalier2);
        assert.equal(info.json().authMode, 'CERTIFICATE');
        assert.equal(info.json().SubjectNameID, kMedecin);
        const r = await introspect(idp, tokens.access_token, strong);
        assert.equal(r.active, true);
        assert.equal(r.acr, 'eidas2');
        assert.equal(r.authMode, 'CERTIFICATE');
        assert.equal(r.sub, kMedecin);

        // Another professional's password on that computer: a plain password login (eidas1).
        const borrowed = await openLogin(basic, ws);
        const other = await passwordLogin(basic, borrowed, 'infirmier', ws);
        assert.equal(other.idToken.acr, 'eidas1');
        assert.deepEqual(other.idToken.amr, ['pwd']);
        assert.equal(other.idToken.authMode, 'PASSWORD');
    });

    // With a session opened at eidas1 (by password, e.g. in the browser where she asked for the certificate, before
    // it was installed), the eidas2 service's login page on her own recognised computer offers « Confirmer avec le
    // certificat de ce poste »: the certificate completes her password, and the same session rises to eidas2.
    test('1b. step-up on her own recognised computer: the certificate completes the session’s password', async () => {
        assert.ok(personal.pfx, 'test 1 ran');
        const ws = presenting(personal);
        const jar = await signIn('medecin'); // eidas1, without the certificate
        const opened = await openLogin(strong, ws, jar);
        assert.match(noticeText(opened.page.body), /confirmez votre connexion avec le certificat de ce poste/);
        const form = parseForms(opened.page.body).find((f) => f.action.endsWith('/login/workstation'));
        assert.ok(form, 'the workstation step-up form');
        assert.equal(findLoginForm(opened.page.body), undefined, 'no password form: the session has the password');
        const posted = await request(new URL(form.action, opened.page.url).toString(), {
            method: 'POST',
            form: form.fields,
            jar,
            ca: idp.ca,
            ...ws,
        });
        assert.equal(posted.status, 303, `step-up accepted, got ${posted.status}: ${alertText(posted.body)}`);
        const back = await request(posted.location, { ca: idp.ca, jar, ...ws });
        assert.equal(back.status, 303);
        assert.ok(isRedirectTo(back.location, strong.redirect_uris[0]), `on to the client: ${back.location}`);
        const { idToken } = await exchangeVerified(idp, strong, opened.flow, queryOf(back.location).code);
        assert.equal(idToken.acr, 'eidas2');
        assert.deepEqual(idToken.amr, ['pwd', 'swk', 'mfa']);
        assert.equal(idToken.sid, jar.sid, 'the same session, stepped up');
    });

    test('2. the link works once (410); a wrong code is 400, five of them lock the withdrawal (429)', async () => {
        assert.ok(personal.pfx, 'test 1 ran');
        const { token, code, link } = personal.mails;
        const spentPage = await request(link, { ca: idp.ca });
        assert.equal(spentPage.status, 410);
        const kUnusable = /Ce lien de retrait n’est plus valable : il a déjà servi/;
        assert.match(alertText(spentPage.body), kUnusable);
        assert.equal(parseForms(spentPage.body).length, 0, 'no form on a spent link');
        const spent = await withdraw(token, code);
        assert.equal(spent.status, 410);
        assert.match(alertText(spent.body), kUnusable);
        assert.equal((await request(`${withdrawUrl()}?token=inconnu`, { ca: idp.ca })).status, 410);

        // Another computer, another approval: the code is checked and braked.
        const medecin = await signIn('medecin');
        const admin = await signIn('pharmacien');
        await requestCertificate(medecin, 'CABINET-PC3');
        const w = await approve(admin, (await queued(admin, 'CABINET-PC3')).id, kMedecinMail);
        personal.pc3 = w;
        // Posted from another site: refused before the code is even looked at.
        for (const headers of [{ origin: 'https://evil.example' }, { 'sec-fetch-site': 'cross-site' }]) {
            const forged = await request(withdrawUrl(), {
                method: 'POST',
                form: { token: w.token, code: w.code, password: kFilePassword, confirmation: kFilePassword },
                headers,
                ca: idp.ca,
            });
            assert.equal(forged.status, 403, JSON.stringify(headers));
            assert.match(alertText(forged.body), /envoyé depuis un autre site/);
        }
        const wrongCode = w.code === '00000000' ? '11111111' : '00000000';
        const wrong = await withdraw(w.token, wrongCode);
        assert.equal(wrong.status, 400);
        assert.equal(
            mainText(/<p class="field-error" id="code-erreur">[\s\S]*?<\/p>/.exec(wrong.body)?.[0] ?? ''),
            'Ce code ne correspond pas : recopiez le code de retrait reçu dans le second message.',
        );
        assert.match(wrong.body, /<input id="code"[^>]*aria-invalid="true"/);
        for (let i = 2; i <= 5; ++i) assert.equal((await withdraw(w.token, wrongCode)).status, 400, `wrong code ${i}`);
        const locked = await withdraw(w.token, w.code);
        assert.equal(locked.status, 429, 'locked, even with the right code');
        assert.match(mainText(locked.body), /Trop de codes erronés\. Réessayez dans \d+ minutes\./);
        // Still approved, not issued: the console lists it as such.
        const listed = await request(consoleUrl(), { ca: idp.ca, jar: admin });
        assert.equal(rowsOf(listed.body, 'CABINET-PC3')[0]?.cells[2], 'approuvé, à retirer');
    });

    test('3. a CPS card is not a workstation certificate, and a workstation certificate is not a card', async () => {
        assert.ok(personal.pfx, 'test 1 ran');
        // medecin's card: « Certificat détecté », neither the workstation notice nor a pre-filled login; for the
        // eidas2 service the card is offered, not the password form (the card does not count as a workstation).
        const withCard = await openLogin(strong, card(kMedecin));
        const text = mainText(withCard.page.body);
        assert.match(text, /Certificat détecté : CN=899700000112/);
        assert.equal(noticeText(withCard.page.body), '');
        assert.ok(!text.includes('reconnu') && !text.includes('Poste partagé'), text.slice(0, 400));
        assert.ok(cardForm(withCard.page.body), 'the card form');
        assert.equal(findLoginForm(withCard.page.body), undefined, 'no password form: the card is not a workstation');
        const plain = await openLogin(basic, card(kMedecin));
        assert.equal(findLoginForm(plain.page.body)?.fields.login, '', 'nothing pre-filled by a card');

        // A certificate that copies the CA's name and the serial of medecin's certificate, signed by another key: TLS
        // lets it through (the verdict is read later), the idp does not take it for her computer.
        const forged = forge(personal, 'CABINET-PC2');
        const faked = await openLogin(strong, forged);
        assert.match(
            mainText(faked.page.body),
            new RegExp(
                'Certificat détecté : CN=CABINET-PC2,OU=Poste de medecin,O=Esculape ' +
                    '\\(émis par une autorité que ce serveur ne reconnaît pas\\)',
            ),
            'presented, and found unverified',
        );
        assert.equal(noticeText(faked.page.body), '');
        assert.equal(findLoginForm(faked.page.body), undefined, 'no password form for eidas2');
        const fakedPlain = await openLogin(basic, forged);
        assert.equal(findLoginForm(fakedPlain.page.body)?.fields.login, '', 'nothing pre-filled');

        // The workstation certificate posted to the card login: refused, no session.
        const ws = presenting(personal);
        const opened = await openLogin(basic, ws);
        const form = cardForm(opened.page.body);
        assert.ok(form, 'the card form on the login page');
        const posted = await request(new URL(form.action, opened.page.url).toString(), {
            method: 'POST',
            form: form.fields,
            jar: opened.jar,
            ca: idp.ca,
            ...ws,
        });
        assert.equal(posted.status, 401);
        assert.equal(alertText(posted.body), kNotCard);
        assert.equal(opened.jar.get('__Host-esc_session'), undefined, 'no session');
    });

    test('4. revoked from « Mon compte »: no longer recognised over TLS, listed by the signed CRL', async () => {
        assert.ok(personal.pfx, 'test 1 ran');
        const medecin = await signIn('medecin');
        personal.revokedBy = medecin.sid;
        const revoked = await postWithCsrf(accountUrl(), medecin, { action: 'revoke', certificate: personal.id });
        assert.equal(revoked.status, 200, mainText(revoked.body).slice(0, 300));
        assert.equal(
            statusText(revoked.body),
            'Le certificat de « CABINET-PC2 » est révoqué : il ne permet plus de se connecter.',
        );
        assert.equal(rowsOf(revoked.body, 'CABINET-PC2')[0].cells[1], 'révoqué');
        const again = await postWithCsrf(accountUrl(), medecin, { action: 'revoke', certificate: personal.id });
        assert.equal(again.status, 409);
        // An approved certificate not withdrawn yet (test 2's CABINET-PC3) is revocable too: its link is dead.
        assert.ok(personal.pc3, 'test 2 ran');
        const pc3 = rowsOf(again.body, 'CABINET-PC3')[0];
        assert.equal(pc3?.cells[1], 'approuvé, à retirer');
        const cancelled = await postWithCsrf(accountUrl(), medecin, { action: 'revoke', certificate: pc3.certificate });
        assert.equal(cancelled.status, 200);
        assert.equal(rowsOf(cancelled.body, 'CABINET-PC3')[0].cells[1], 'révoqué');
        assert.equal((await request(personal.pc3.link, { ca: idp.ca })).status, 410);
        // Someone else cannot revoke it (answered like an unknown certificate).
        const nurse = await signIn('infirmier');
        const foreign = await postWithCsrf(accountUrl(), nurse, { action: 'revoke', certificate: personal.id });
        assert.equal(foreign.status, 404);

        // The same certificate over TLS (still a valid chain): no notice, no password form for the eidas2 service.
        const ws = presenting(personal);
        const opened = await openLogin(strong, ws);
        assert.equal(noticeText(opened.page.body), '');
        assert.ok(!mainText(opened.page.body).includes('reconnu'));
        assert.equal(findLoginForm(opened.page.body), undefined, 'no password form for eidas2');
        const plain = await openLogin(basic, ws);
        assert.equal(findLoginForm(plain.page.body)?.fields.login, '', 'nothing pre-filled');

        // The CRL.
        const { openssl, listing, serials } = await fetchCrl('workstation.crl');
        const caFile = path.join(tmp, 'workstation-ca.pem');
        fs.writeFileSync(caFile, personal.caPem);
        assert.ok(
            serials.some((s) => sameSerial(s, personal.cert.serialNumber)),
            `serial ${personal.cert.serialNumber} in the CRL: ${serials.join(', ')}`,
        );
        assert.match(listing, new RegExp(`Issuer: .*CN = ${kCaSubject}\\n`));
        const verified = openssl('-noout', '-CAfile', caFile);
        assert.equal(verified.status, 0, verified.stderr);
        assert.match(`${verified.stdout}${verified.stderr}`, /verify OK/);
        // Signed by another CA it would not verify: the card PKI's root as the trust anchor.
        const foreignCa = openssl('-noout', '-CAfile', path.join(pki, 'root-ca.crt'));
        assert.doesNotMatch(`${foreignCa.stdout}${foreignCa.stderr}`, /verify OK/);
        const dates = openssl('-noout', '-lastupdate', '-nextupdate');
        assert.equal(dates.status, 0, dates.stderr);
        const next = Date.parse(/nextUpdate=(.+)/.exec(dates.stdout)?.[1]);
        const last = Date.parse(/lastUpdate=(.+)/.exec(dates.stdout)?.[1]);
        assert.ok(next > Date.now(), `nextUpdate in the future: ${dates.stdout}`);
        assert.ok(last <= Date.now() + 1000, `lastUpdate not in the future: ${dates.stdout}`);
        assert.ok(Math.abs(next - last - 86400000) <= 1000, `crl_lifetime (one day by default): ${dates.stdout}`);
    });

    test('5. a collective certificate from the console: « Poste partagé », nothing pre-filled, eidas1', async () => {
        const admin = await signIn('pharmacien');
        const invalid = await postWithCsrf(consoleUrl(), admin, {
            action: 'collective',
            workstation: '',
            site: '',
            mail_to: 'pas-une-adresse',
        });
        assert.equal(invalid.status, 400);
        for (const id of ['poste-collectif-erreur', 'site-erreur', 'destinataire-erreur'])
            assert.ok(invalid.body.includes(`id="${id}"`), `the error of ${id}`);

        const start = mailbox.messages.length;
        const created = await postWithCsrf(consoleUrl(), admin, {
            action: 'collective',
            workstation: 'ACCUEIL-01',
            site: 'Accueil des urgences',
            mail_to: kSharedMail,
        });
        assert.equal(created.status, 200, mainText(created.body).slice(0, 300));
        assert.equal(
            statusText(created.body),
            'Le certificat collectif de « ACCUEIL-01 » est approuvé : le lien puis le code de retrait partent à ' +
                `${kSharedMail}.`,
        );
        const [row] = rowsOf(created.body, 'ACCUEIL-01');
        assert.equal(row?.cells[1], 'Poste partagé — Accueil des urgences');
        collective.id = row.certificate;
        const mails = await withdrawalMails(kSharedMail, start);
        assert.match(mails.linkMail.text, /Bonjour responsable du poste/);
        Object.assign(collective, await download(mails.token, mails.code, 'ACCUEIL-01'));
        assert.match(collective.cert.subject, /^CN=ACCUEIL-01$/m);
        assert.match(collective.cert.subject, /^OU=Poste partagé$/m);

        const ws = presenting(collective);
        const opened = await openLogin(basic, ws);
        assert.equal(
            noticeText(opened.page.body),
            'Poste partagé « ACCUEIL-01 » (Accueil des urgences) : identifiez-vous avec votre identifiant et ' +
                'votre mot de passe.',
        );
        assert.equal(findLoginForm(opened.page.body)?.fields.login, '', 'nothing pre-filled');
        const { idToken } = await passwordLogin(basic, opened, 'infirmier', ws);
        assert.equal(idToken.acr, 'eidas1');
        assert.deepEqual(idToken.amr, ['pwd']);
        assert.equal(idToken.authMode, 'PASSWORD');
        // It does not open the eidas2 service to a password either.
        const strongPage = await openLogin(strong, ws);
        assert.equal(findLoginForm(strongPage.page.body), undefined, 'no password form for eidas2');
    });

    test('6. the audit log: request, approve, issue, revoke with actor, address and session; append-only', () => {
        assert.ok(personal.id && collective.id, 'tests 1, 4 and 5 ran');
        const entries = auditOf(personal.id);
        assert.deepEqual(
            entries.map((e) => [e.action, e.actor]),
            [
                ['workstation_certificate.request', 'medecin'],
                ['workstation_certificate.approve', 'pharmacien'],
                ['workstation_certificate.issue', 'medecin'],
                ['workstation_certificate.revoke', 'medecin'],
            ],
        );
        const [requested, approved, issued, revoked] = entries;
        for (const e of entries) {
            assert.equal(e.address, '127.0.0.1', `${e.action}: the address`);
            assert.ok(Math.abs(e.at - Date.now() / 1000) < 120, `${e.action}: at ${e.at}`);
        }
        // The sessions: the sid of the session that acted (the withdrawal is made without one, on the workstation).
        assert.equal(requested.session, personal.requestedBy, 'medecin’s session (test 1)');
        assert.equal(approved.session, personal.approvedBy, 'pharmacien’s session (test 1)');
        assert.equal(issued.session, '', 'the withdrawal page has no session');
        assert.equal(revoked.session, personal.revokedBy, 'medecin’s session of test 4');
        assert.deepEqual(JSON.parse(requested.after), {
            state: 'requested',
            kind: 'personal',
            workstation: 'CABINET-PC2',
        });
        assert.equal(requested.before, '');
        assert.equal(JSON.parse(approved.before).state, 'requested');
        assert.equal(JSON.parse(approved.after).state, 'approved');
        assert.deepEqual(JSON.parse(issued.before), { state: 'approved' });
        const after = JSON.parse(issued.after);
        assert.equal(after.state, 'issued');
        assert.ok(sameSerial(after.serial, personal.cert.serialNumber), `${after.serial} is the certificate's serial`);
        assert.equal(after.not_after, Math.floor(Date.parse(personal.cert.validTo) / 1000));
        assert.equal(JSON.parse(revoked.before).state, 'issued');
        assert.equal(JSON.parse(revoked.after).state, 'revoked');
        // The collective one: requested and approved by the administrator, in one go.
        const shared = auditOf(collective.id);
        assert.deepEqual(
            shared.map((e) => [e.action, e.actor]),
            [
                ['workstation_certificate.request', 'pharmacien'],
                ['workstation_certificate.approve', 'pharmacien'],
                ['workstation_certificate.issue', 'pharmacien'],
            ],
        );

        const count = () => JSON.parse(sqlite('SELECT count(*) AS n FROM audit_log').stdout)[0].n;
        const n = count();
        const update = sqlite(`UPDATE audit_log SET actor = 'quelqu’un' WHERE id = ${requested.id}`);
        assert.notEqual(update.status, 0, 'UPDATE refused');
        assert.match(update.stderr, /audit_log is append-only/);
        const remove = sqlite('DELETE FROM audit_log');
        assert.notEqual(remove.status, 0, 'DELETE refused');
        assert.match(remove.stderr, /audit_log is append-only/);
        assert.equal(count(), n, 'nothing removed');
        const still = JSON.parse(sqlite(`SELECT actor FROM audit_log WHERE id = ${requested.id}`).stdout);
        assert.equal(still[0].actor, 'medecin', 'nothing changed');
    });

    test('7. the console: 403 for a non-administrator; at min_acr eidas2, 403 for a password session', async () => {
        const nurse = await signIn('infirmier');
        const page = await request(consoleUrl(), { ca: idp.ca, jar: nurse });
        assert.equal(page.status, 403);
        assert.equal(h1Of(page.body), 'Accès réservé');
        assert.match(mainText(page.body), /réservée aux administrateurs de la plateforme/);
        const post = await request(consoleUrl(), {
            method: 'POST',
            form: { action: 'collective', workstation: 'PIRATE-01', site: 'Ailleurs', mail_to: 'x@exemple.fr' },
            jar: nurse,
            ca: idp.ca,
        });
        assert.equal(post.status, 403);
        const anonymous = await request(consoleUrl(), { ca: idp.ca });
        assert.equal(anonymous.status, 303);

        // Restarted with [console] min_acr = "eidas2": the same database, the same CA.
        const config = { ...idp.config, console: { ...idp.config.console, min_acr: 'eidas2' } };
        fs.writeFileSync(idp.configPath, toToml(config));
        await idp.restartWith();
        const shared = await openLogin(basic, presenting(collective));
        assert.match(noticeText(shared.page.body), /^Poste partagé « ACCUEIL-01 »/, 'the CA survived the restart');

        const admin = await signIn('pharmacien'); // password only: eidas1
        const refused = await request(consoleUrl(), { ca: idp.ca, jar: admin });
        assert.equal(refused.status, 403);
        assert.equal(h1Of(refused.body), 'Authentification renforcée requise');
        assert.match(mainText(refused.body), /La console d’administration demande une authentification renforcée/);

        // His CPS card (eidas3): the console opens.
        const jar = new CookieJar();
        const opened = await openLogin(basic, card(kPharmacien), jar);
        const form = cardForm(opened.page.body);
        const posted = await request(new URL(form.action, opened.page.url).toString(), {
            method: 'POST',
            form: form.fields,
            jar,
            ca: idp.ca,
            ...card(kPharmacien),
        });
        assert.equal(posted.status, 303, alertText(posted.body));
        const open = await request(consoleUrl(), { ca: idp.ca, jar });
        assert.equal(open.status, 200, mainText(open.body).slice(0, 200));
        assert.match(mainText(open.body), /connecté·e en tant que pharmacien/);

        // From there, revoking the collective certificate: no longer recognised, in the CRL, audited.
        const revoked = await postWithCsrf(consoleUrl(), jar, { action: 'revoke', certificate: collective.id });
        assert.equal(revoked.status, 200, mainText(revoked.body).slice(0, 300));
        assert.equal(statusText(revoked.body), 'Certificat révoqué : il ne permet plus de se connecter.');
        assert.equal(rowsOf(revoked.body, 'ACCUEIL-01').length, 0, 'no longer among the certificates in force');
        const after = await openLogin(basic, presenting(collective));
        assert.equal(noticeText(after.page.body), '', 'no longer « Poste partagé »');
        const { serials } = await fetchCrl('workstation-2.crl');
        assert.equal(serials.length, 2, `two revoked: ${serials.join(', ')}`);
        for (const c of [personal, collective])
            assert.ok(serials.some((s) => sameSerial(s, c.cert.serialNumber)), `${c.cert.serialNumber} listed`);
        const audited = auditOf(collective.id).at(-1);
        assert.deepEqual([audited.action, audited.actor], ['workstation_certificate.revoke', 'pharmacien']);
        assert.ok(audited.session, 'the card session');
    });
});
