// The phone authenticator (« Application e-CPS ») and CIBA over real HTTPS, with the reference device CLI
// (authenticator/, `idp-authenticator`) in place of the app, and the test PKI of certs/make-test-pki for the card
// login that a device activation needs:
//   - with [mobile] enabled, discovery advertises CIBA (backchannel_authentication_endpoint, poll mode, the CIBA
//     grant type) and the login page offers « Application e-CPS » (login field « Identifiant ou numéro RPPS »);
//     the device API refuses a call without a device JWT; without [mobile], none of it exists;
//   - enrolment on « Mon compte » (/account/authenticator): a password-only session is refused an activation code
//     (403) but can have one mailed to its MSSanté address of the national directory; after a CPS card login the
//     page shows the code, the enrolment URL and a QR code; `idp-authenticator enroll --url` enrols the device
//     (the code works once), the page lists it;
//   - a login by phone: the login form → « Validez sur votre téléphone » with a binding code →
//     `approve --binding` → « J’ai validé » → the code flow: ID token acr eidas2, amr swk/pin/mfa, authMode
//     MOBILE, auth_level 2; UserInfo palier APPPRIP2; the approval logs in once;
//   - a wrong PIN (exit 3) approves nothing and a check before approval shows the waiting page again « pas
//     encore été validée »; `deny` makes the check answer 401 « refusée depuis votre téléphone »; an unknown
//     login gets the same waiting page (decoy binding codes like real ones), and no request reaches the device;
//   - step-up: a client with min_acr eidas2 after a password login offers the card and the phone (no login field),
//     the phone's approval keeps the session (same sid) at eidas2, amr pwd+swk/pin/mfa;
//   - CIBA (poll mode): ext/ciba/auth → auth_req_id; the token endpoint answers authorization_pending, slow_down
//     when polled too soon, tokens after the device's approval (ID token eidas2, no refresh token), invalid_grant
//     once redeemed, access_denied after a denial; the errors of ext/ciba/auth (unknown_user_id, channel CARD,
//     no openid scope, a client without the grant, a professional without a device);
//   - revocation from « Mon compte »: the device's calls then get 401 and the CLI exits 5.
// Expiries (requests, activation codes, CIBA grants) are tested in-process with a fake clock, not here.
// One PKI, one mailbox and one idp for the file ([mobile] poll_interval = 1 keeps the CIBA polls short).
import { describe, test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startIdp, repoRoot } from './lib/harness.mjs';
import { request, CookieJar } from './lib/http.mjs';
import {
    exchangeVerified,
    authorizeUrl,
    clientPost,
    codeRequest,
    decodeHtml,
    findLoginForm,
    isRedirectTo,
    loginThroughForm,
    parseForms,
    queryOf,
    tokenRequest,
} from './lib/flow.mjs';
import { verifyJwt } from './lib/jwt.mjs';
import { assertTokenError } from './lib/asserts.mjs';
import { startMailbox } from './lib/mailbox.mjs';

const kMedecin = '899700000112'; // Claire MOREAU, demo login `medecin`
const kMedecinRpps = '99700000112';
const kPharmacien = '899700000252'; // Thomas GIRARD, demo login `pharmacien`: never enrols a device
const kMedecinMssante = 'claire.moreau@medecin.mssante.example';
const kPalier2 = 'APPPRIP2^1.2.250.1.213.1.5.1.1.1';
const kCibaGrant = 'urn:openid:params:grant-type:ciba';
const kPin = '1234';
const kPhoneSection = 'Application e-CPS';
const kPhoneButton = 'Envoyer une demande à mon application';
const kCheckButton = 'J’ai validé sur mon téléphone';

// The exit codes of idp-authenticator (authenticator/README.md).
const kExit = { ok: 0, usage: 2, wrongPin: 3, noRequest: 4, refused: 5 };

function authenticatorBin() {
    return process.env.AUTHENTICATOR_BIN || path.join(repoRoot, 'build/authenticator/idp-authenticator');
}

// Runs idp-authenticator to completion: resolves { code, stdout, stderr }.
function runAuthenticator(args, { timeout = 60000 } = {}) {
    return new Promise((resolve) => {
        execFile(authenticatorBin(), args, { timeout }, (err, stdout, stderr) => {
            const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
            resolve({ code, stdout, stderr, args: args.join(' ') });
        });
    });
}

const show = (r) => `exit ${r.code} for \`idp-authenticator ${r.args}\`\nstdout: ${r.stdout}\nstderr: ${r.stderr}`;

// The text of <main>, tags removed and entities decoded (for messages).
const mainText = (html) =>
    decodeHtml((/<main\b[\s\S]*<\/main>/i.exec(html)?.[0] ?? html).replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ');

const h1Of = (html) => decodeHtml(/<h1\b[^>]*>([\s\S]*?)<\/h1>/i.exec(html)?.[1] ?? '').trim();

const formEndingWith = (html, suffix) => parseForms(html).find((f) => f.action?.endsWith(suffix));
const phoneForm = (html) => formEndingWith(html, '/login/mobile');
const checkForm = (html) => formEndingWith(html, '/login/mobile/check');
const cardForm = (html) => formEndingWith(html, '/login/card');

// The waiting page's binding code: <p class="binding-code" …>[label] <strong>NNNN</strong></p>.
const bindingOf = (html) => /<p class="binding-code"[^>]*>[^<]*<strong>([^<]*)<\/strong>\s*<\/p>/.exec(html)?.[1];

// `pending` output: one `<id> <binding_code> <service>` line per request.
const pendingLines = (stdout) =>
    stdout
        .split('\n')
        .filter((l) => l.trim())
        .map((l) => {
            const [id, binding, ...service] = l.split(' ');
            return { id, binding, service: service.join(' ') };
        });

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

describe('phone authenticator and CIBA', { timeout: 240000 }, () => {
    let tmp; // the PKI (tmp/pki) and the devices' state files
    let pki;
    let mailbox;
    let idp;
    let caFile; // the idp's development certificate, the devices' --ca
    let basic;
    let strongRp; // min_acr eidas2
    let cibaRp; // the CIBA grant, client_secret_basic
    let phone; // medecin's device, enrolled by the enrolment test

    // A device: its state file and the CLI commands on it.
    const makeDevice = (name) => {
        const state = path.join(tmp, `${name}.json`);
        const common = ['--state', state, '--ca', caFile];
        const select = ({ binding, request: id, wait }) => [
            ...(binding !== undefined ? ['--binding', binding] : []),
            ...(id !== undefined ? ['--request', id] : []),
            ...(wait !== undefined ? ['--wait', String(wait)] : []),
        ];
        return {
            state,
            enroll: (source, extra = []) =>
                runAuthenticator(['enroll', ...source, '--pin', kPin, ...common, ...extra]),
            pending: () => runAuthenticator(['pending', ...common]),
            approve: ({ pin = kPin, ...which } = {}) =>
                runAuthenticator(['approve', ...common, '--pin', pin, ...select(which)]),
            deny: (which = {}) => runAuthenticator(['deny', ...common, ...select(which)]),
        };
    };

    const card = (name) => ({
        cert: fs.readFileSync(path.join(pki, 'cards', `${name}.crt`)),
        key: fs.readFileSync(path.join(pki, 'cards', `${name}.key`)),
    });

    before(async () => {
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'esculape-phone-'));
        pki = path.join(tmp, 'pki');
        execFileSync(path.join(repoRoot, 'certs/make-test-pki'), [pki], { stdio: 'pipe' });
        mailbox = await startMailbox();
        idp = await startIdp({
            tls: { client_ca_file: path.join(pki, 'client-ca.pem') },
            top: {
                card: {
                    crl_files: [path.join(pki, 'crl/ac-fort-personnes.crl.pem'), path.join(pki, 'crl/root.crl.pem')],
                },
                // max_requests_per_account: this file sends medecin more than the default 5 requests in 10 min.
                mobile: { enabled: true, poll_interval: 1, max_requests_per_account: 50 },
                mail: {
                    smtp_url: `smtp://127.0.0.1:${mailbox.port}`,
                    security: 'none',
                    from: 'Esculape <ne-pas-repondre@esculape.test>',
                },
            },
            clientOverrides: {
                'rp-strong': {
                    redirect_uris: ['https://rp-strong.test/cb'],
                    grant_types: ['authorization_code', 'refresh_token'],
                    min_acr: 'eidas2',
                },
                'rp-ciba': { auth: 'basic', redirect_uris: [], grant_types: [kCibaGrant] },
            },
        });
        caFile = path.join(idp.certDir, 'server.crt');
        basic = idp.clients['rp-basic'];
        strongRp = idp.clients['rp-strong'];
        cibaRp = idp.clients['rp-ciba'];
        phone = makeDevice('phone');
    });
    // A test that failed half-way may leave a request pending: deny it, the next test expects none.
    afterEach(async () => {
        if (!phone || !fs.existsSync(phone.state)) return;
        for (const left of pendingLines((await phone.pending()).stdout)) await phone.deny({ request: left.id });
    });
    after(async () => {
        await idp?.stop();
        await mailbox?.close();
        if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
    });

    const cibaUrl = () => `${idp.issuer}/ext/ciba/auth`;
    const accountUrl = () => `${idp.base}/account/authenticator`;

    // authorize → the login page; resolves { page (url set), request, pkce }.
    async function openLogin(client, { jar, cardName, overrides = {} }) {
        const { params, pkce } = codeRequest(client, overrides);
        const tls = cardName ? card(cardName) : {};
        const res = await request(authorizeUrl(idp, params), { ca: idp.ca, jar, ...tls });
        assert.equal(res.status, 303, `authorize → login page, got ${res.status}: ${res.body.slice(0, 200)}`);
        assert.ok(res.location.startsWith(idp.endpoints.login), `the login page: ${res.location}`);
        const page = await request(res.location, { ca: idp.ca, jar, ...tls });
        page.url = res.location;
        assert.equal(page.status, 200);
        return { page, request: params, pkce };
    }

    // POSTs `form` (found on `page`) with `fields` over it.
    function submit(page, form, fields, { jar, cardName } = {}) {
        assert.ok(form, `the form on the page (status ${page.status}): ${mainText(page.body).slice(0, 400)}`);
        return request(new URL(form.action, page.url ?? idp.base).toString(), {
            method: 'POST',
            form: { ...form.fields, ...fields },
            jar,
            ca: idp.ca,
            ...(cardName ? card(cardName) : {}),
        });
    }

    // The phone form of the login page → the waiting page; resolves it with { binding, form } (url set).
    async function askPhone(page, { jar, login }) {
        const waiting = await submit(page, phoneForm(page.body), login === undefined ? {} : { login }, { jar });
        waiting.url = page.url;
        const what = mainText(waiting.body).slice(0, 300);
        assert.equal(waiting.status, 200, `the waiting page, got ${waiting.status}: ${what}`);
        assert.equal(h1Of(waiting.body), 'Validez sur votre téléphone');
        waiting.binding = bindingOf(waiting.body);
        assert.match(waiting.binding ?? '', /^\d{4}$/, `a 4-digit binding code: ${mainText(waiting.body)}`);
        waiting.form = checkForm(waiting.body);
        assert.ok(waiting.form, 'the check form');
        return waiting;
    }

    // « J’ai validé sur mon téléphone » on a waiting page.
    const check = (waiting, jar) => submit(waiting, waiting.form, {}, { jar });

    // From a 303 of the login POSTs back through authorize to the client: the code.
    async function resume(posted, client, jar) {
        assert.equal(posted.status, 303, `accepted, got ${posted.status}: ${mainText(posted.body).slice(0, 400)}`);
        assert.ok(posted.location.startsWith(idp.endpoints.authorization), `back to authorize: ${posted.location}`);
        const back = await request(posted.location, { ca: idp.ca, jar });
        assert.equal(back.status, 303, `authorize: ${back.status} ${back.body.slice(0, 300)}`);
        assert.ok(isRedirectTo(back.location, client.redirect_uris[0]), `on to the client: ${back.location}`);
        const params = queryOf(back.location);
        assert.ok(params.code, `a code: ${back.location}`);
        return params;
    }

    const exchange = (client, flow, code) => exchangeVerified(idp, client, flow, code);

    // « Mon compte » › application: GET, and POST with the page's csrf.
    const accountPage = (jar) => request(accountUrl(), { ca: idp.ca, jar });
    async function accountPost(jar, fields) {
        const page = await accountPage(jar);
        assert.equal(page.status, 200, `the authenticator page: ${page.status} ${page.location ?? ''}`);
        const csrf = parseForms(page.body).find((f) => f.fields.csrf)?.fields.csrf;
        assert.ok(csrf, `a csrf on the page: ${mainText(page.body).slice(0, 400)}`);
        return request(accountUrl(), { method: 'POST', form: { csrf, ...fields }, jar, ca: idp.ca });
    }

    const alertText = (html) =>
        mainText(/<div[^>]*role="(?:alert|status)"[^>]*>[\s\S]*?<\/div>/.exec(html)?.[0] ?? '');

    // A session after a CPS card login of medecin (eidas3): its cookie jar.
    async function cardSession() {
        const jar = new CookieJar();
        const flow = await openLogin(basic, { jar, cardName: kMedecin });
        const posted = await submit(flow.page, cardForm(flow.page.body), {}, { jar, cardName: kMedecin });
        await resume(posted, basic, jar);
        return jar;
    }

    // ext/ciba/auth as `client` (client_secret_basic).
    const cibaAuth = (fields, client = cibaRp) => clientPost(idp, cibaUrl(), client, fields);
    const cibaPoll = (authReqId, client = cibaRp) =>
        tokenRequest(idp, client, { grant_type: kCibaGrant, auth_req_id: authReqId });

    // ------------------------------------------------------------------------------------------------------------

    test('[mobile] on: discovery advertises CIBA, the login page offers « Application e-CPS »', async () => {
        const res = await request(idp.endpoints.discovery, { ca: idp.ca });
        assert.equal(res.status, 200);
        const d = res.json();
        assert.equal(d.backchannel_authentication_endpoint, cibaUrl());
        assert.deepEqual(d.backchannel_token_delivery_modes_supported, ['poll']);
        assert.ok(d.grant_types_supported.includes(kCibaGrant), JSON.stringify(d.grant_types_supported));

        const { page } = await openLogin(basic, { jar: new CookieJar() });
        const text = mainText(page.body);
        assert.ok(text.includes(kPhoneSection), text.slice(0, 600));
        const form = phoneForm(page.body);
        assert.ok(form, 'a form POSTing to /login/mobile');
        assert.equal(form.method, 'post');
        assert.equal(form.action, '/auth/realms/esculape/login/mobile');
        assert.deepEqual(Object.keys(form.fields).sort(), ['csrf', 'interaction', 'login']);
        assert.ok(form.fields.csrf && form.fields.interaction, 'csrf and interaction filled in');
        const login = form.inputs.find((i) => i.name === 'login');
        assert.equal(login.type, 'text');
        assert.ok(login.id, 'the login field has an id for its label');
        assert.ok(page.body.includes(`<label for="${login.id}">Identifiant ou numéro RPPS</label>`), 'its label');
        assert.ok(page.body.includes(kPhoneButton));
        assert.ok(findLoginForm(page.body) && cardForm(page.body), 'the password and card forms too');

        // The device API wants a device JWT.
        const list = await request(`${idp.issuer}/device/requests`, { ca: idp.ca });
        assert.equal(list.status, 401, list.body);
        assert.equal(list.json().error, 'invalid_device_token');
        const enroll = await request(`${idp.issuer}/device/enroll`, {
            method: 'POST',
            ca: idp.ca,
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ code: 'AAAAAAAAAA', public_key: { kty: 'EC', crv: 'P-256', x: 'x', y: 'y' } }),
        });
        assert.equal(enroll.status, 400, enroll.body);
        assert.equal(enroll.json().error, 'invalid_key');
    });

    test('enrolment: a password-only session is refused an activation code (403), not its mailed code', async () => {
        const jar = new CookieJar();
        await loginThroughForm(idp, basic, { login: 'medecin', jar });
        const page = await accountPage(jar);
        assert.equal(page.status, 200);
        const actions = parseForms(page.body).map((f) => f.fields.action);
        assert.ok(actions.includes('mail_code') && !actions.includes('activate'), `forms: ${actions}`);

        const refused = await accountPost(jar, { action: 'activate' });
        assert.equal(refused.status, 403, mainText(refused.body).slice(0, 400));
        assert.match(alertText(refused.body), /connectez-vous d’abord avec votre carte CPS/);
        assert.ok(!refused.body.includes('activation-code'), 'no code shown');

        const before = mailbox.messages.length;
        const mailed = await accountPost(jar, { action: 'mail_code' });
        assert.equal(mailed.status, 200, mainText(mailed.body).slice(0, 400));
        assert.ok(
            alertText(mailed.body).includes(`envoyé à votre adresse MSSanté de l’annuaire (${kMedecinMssante})`),
            alertText(mailed.body),
        );
        assert.ok(!mailed.body.includes('activation-code'), 'the code is in the mail, not on the page');
        const mail = await mailbox.waitFor(
            (m) => m.envelope.to.includes(kMedecinMssante) && mailbox.messages.indexOf(m) >= before,
        );
        assert.equal(mail.subject, 'Votre code d’activation Esculape');
        assert.match(mail.text, /Bonjour Claire MOREAU/);
        const code = /^\s{4}([A-Z0-9]{10})\s*$/m.exec(mail.text)?.[1];
        assert.ok(code, `a 10-character code in: ${mail.text}`);
        assert.ok(mail.text.includes(`${idp.issuer}/device/enroll?code=${code}`), mail.text);
        // The mailed code enrols a second device (kept for the revocation test, which removes it).
        const second = makeDevice('second');
        const r = await second.enroll(['--issuer', idp.issuer, '--code', code], ['--name', 'Second téléphone']);
        assert.equal(r.code, kExit.ok, show(r));
        assert.match(r.stdout, /^enrolled \S+ for medecin$/m);
    });

    test('enrolment after a card login: code, URL and QR code; the CLI enrols once; the page lists it', async () => {
        const jar = await cardSession();
        const page = await accountPage(jar);
        assert.equal(page.status, 200);
        assert.ok(parseForms(page.body).some((f) => f.fields.action === 'activate'), 'the « activate » form');

        const shown = await accountPost(jar, { action: 'activate' });
        assert.equal(shown.status, 200, mainText(shown.body).slice(0, 400));
        const code = /Code d’activation : <strong class="activation-code">([^<]+)<\/strong>/.exec(shown.body)?.[1];
        assert.match(code ?? '', /^[A-Z0-9]{10}$/, `the code: ${mainText(shown.body).slice(0, 600)}`);
        const url = `${idp.issuer}/device/enroll?code=${code}`;
        assert.ok(shown.body.includes(`<code>${url}</code>`), `the enrolment URL ${url} in a <code>`);
        assert.match(shown.body, /<svg\b[^>]*role="img"[^>]*>[\s\S]*<\/svg>/, 'an inline SVG QR code');

        const r = await phone.enroll(['--url', url], ['--name', 'Téléphone de test']);
        assert.equal(r.code, kExit.ok, show(r));
        const deviceId = /^enrolled (\S+) for medecin$/m.exec(r.stdout)?.[1];
        assert.ok(deviceId, r.stdout);
        assert.equal(fs.statSync(phone.state).mode & 0o777, 0o600);
        assert.equal(JSON.parse(fs.readFileSync(phone.state, 'utf8')).device_id, deviceId);

        // The code works once.
        const again = await makeDevice('again').enroll(['--url', url]);
        assert.equal(again.code, kExit.refused, show(again));
        assert.match(again.stderr, /invalid_code/);

        // The page lists the device, with its « Retirer » form.
        const listed = await accountPage(jar);
        assert.ok(mainText(listed.body).includes('Téléphone de test'), mainText(listed.body).slice(0, 800));
        assert.ok(
            parseForms(listed.body).some((f) => f.fields.action === 'revoke' && f.fields.device === deviceId),
            'a revoke form naming the device',
        );
        const none = await phone.pending();
        assert.equal(none.code, kExit.ok, show(none));
        assert.equal(none.stdout, '', 'no pending request yet');
    });

    test('login by phone: waiting page with the binding code, approval, code flow at eidas2 (MOBILE)', async () => {
        const jar = new CookieJar();
        const flow = await openLogin(basic, { jar });
        const waiting = await askPhone(flow.page, { jar, login: 'medecin' });
        assert.ok(mainText(waiting.body).includes('Client de test rp-basic'), 'the service is named');
        assert.equal(waiting.form.method, 'post');
        assert.equal(waiting.form.action, '/auth/realms/esculape/login/mobile/check');
        assert.deepEqual(Object.keys(waiting.form.fields).sort(), ['binding', 'csrf', 'interaction', 'request']);
        assert.equal(waiting.form.fields.interaction, phoneForm(flow.page.body).fields.interaction);
        assert.ok(waiting.form.fields.request && waiting.form.fields.csrf);
        assert.ok(waiting.body.includes(kCheckButton));

        // The device sees it: the service, the same binding code.
        const pending = await phone.pending();
        assert.equal(pending.code, kExit.ok, show(pending));
        const lines = pendingLines(pending.stdout);
        assert.equal(lines.length, 1, pending.stdout);
        assert.equal(lines[0].binding, waiting.binding);
        assert.equal(lines[0].id, waiting.form.fields.request);
        assert.match(lines[0].service, /Client de test rp-basic/);

        const approved = await phone.approve({ binding: waiting.binding, wait: 10 });
        assert.equal(approved.code, kExit.ok, show(approved));
        assert.equal(approved.stdout.trim(), `approved ${waiting.form.fields.request}`);

        const params = await resume(await check(waiting, jar), basic, jar);
        assert.equal(params.state, flow.request.state);
        const { tokens, idToken } = await exchange(basic, flow, params.code);
        assert.equal(idToken.sub, kMedecin);
        assert.equal(idToken.acr, 'eidas2');
        assert.deepEqual(idToken.amr, ['swk', 'pin', 'mfa']);
        assert.equal(idToken.authMode, 'MOBILE');
        assert.equal(idToken.auth_level, 2);
        assert.ok(idToken.sid, 'a sid');

        const info = await request(idp.endpoints.userinfo, { ca: idp.ca, bearer: tokens.access_token });
        assert.equal(info.status, 200, info.body);
        assert.equal(info.json().Palier_Authentification, kPalier2);
        assert.equal(info.json().authMode, 'MOBILE');

        // The approval is spent: the same check again does not log in a second time.
        const replay = await check(waiting, new CookieJar());
        assert.notEqual(replay.status, 303, `a second check: ${replay.status} ${replay.location ?? ''}`);
    });

    test('a wrong PIN approves nothing (exit 3); a check before approval « pas encore été validée »', async () => {
        const jar = new CookieJar();
        const flow = await openLogin(basic, { jar });
        const waiting = await askPhone(flow.page, { jar, login: 'medecin' });
        try {
            const wrong = await phone.approve({ pin: '9999', binding: waiting.binding, wait: 10 });
            assert.equal(wrong.code, kExit.wrongPin, show(wrong));
            assert.equal(wrong.stdout, '');
            assert.equal(JSON.parse(fs.readFileSync(phone.state, 'utf8')).failed_pin_attempts, 1);

            const lines = pendingLines((await phone.pending()).stdout);
            assert.deepEqual(lines.map((l) => l.binding), [waiting.binding], 'the request is still pending');

            const early = await check(waiting, jar);
            assert.equal(early.status, 200, `${early.status}: ${mainText(early.body).slice(0, 400)}`);
            assert.equal(h1Of(early.body), 'Validez sur votre téléphone');
            assert.match(alertText(early.body), /pas encore été validée/);
            assert.equal(bindingOf(early.body), waiting.binding, 'the same binding code');
            assert.equal(checkForm(early.body)?.fields.request, waiting.form.fields.request);
        } finally {
            // Leaves nothing pending for the next tests.
            const denied = await phone.deny({ binding: waiting.binding });
            assert.equal(denied.code, kExit.ok, show(denied));
        }
    });

    test('deny: the check answers 401 « refusée depuis votre téléphone » (login by RPPS number)', async () => {
        const jar = new CookieJar();
        const flow = await openLogin(basic, { jar });
        const waiting = await askPhone(flow.page, { jar, login: kMedecinRpps });
        const denied = await phone.deny({ binding: waiting.binding, wait: 10 });
        assert.equal(denied.code, kExit.ok, show(denied));
        assert.equal(denied.stdout.trim(), `denied ${waiting.form.fields.request}`);

        const refused = await check(waiting, jar);
        assert.equal(refused.status, 401, `${refused.status}: ${mainText(refused.body).slice(0, 400)}`);
        assert.match(mainText(refused.body), /refusée depuis votre téléphone/);
        assert.ok(phoneForm(refused.body) && findLoginForm(refused.body), 'the login page again');
        // Decided: no longer pending, the device cannot approve it afterwards.
        const late = await phone.approve({ request: waiting.form.fields.request });
        assert.equal(late.code, kExit.noRequest, show(late));
    });

    const kUnknownLogin = 'an unknown login gets the same waiting page, and no request reaches any device';
    test(kUnknownLogin, async () => {
        const jar = new CookieJar();
        const flow = await openLogin(basic, { jar });
        const known = await askPhone(flow.page, { jar, login: 'medecin' });
        await phone.deny({ binding: known.binding }); // only its page is compared

        const jar2 = new CookieJar();
        const flow2 = await openLogin(basic, { jar: jar2 });
        const unknown = await askPhone(flow2.page, { jar: jar2, login: 'personne-inconnue' });
        assert.deepEqual(Object.keys(unknown.form.fields).sort(), Object.keys(known.form.fields).sort());
        assert.equal(unknown.form.fields.request.length, known.form.fields.request.length, 'same-looking request id');
        const strip = (html) => mainText(html).replace(/\b\d{4}\b/g, 'NNNN');
        assert.equal(strip(unknown.body), strip(known.body), 'the same page text');

        // The decoy codes come from the same generator as the real ones (uniform 0000–9999): not all of five of
        // them on a grid the real ones do not follow (1000 + 35 k: 256 values; chance of a false alarm 1e-8).
        const decoys = [unknown.binding];
        for (let i = 0; i < 4; ++i) {
            const jarN = new CookieJar();
            const { page } = await openLogin(basic, { jar: jarN });
            decoys.push((await askPhone(page, { jar: jarN, login: `inconnu-${i}` })).binding);
        }
        assert.ok(!decoys.every((c) => Number(c) >= 1000 && (Number(c) - 1000) % 35 === 0), `decoys: ${decoys}`);

        const pending = await phone.pending();
        assert.equal(pending.code, kExit.ok, show(pending));
        assert.equal(pending.stdout, '', 'pending prints nothing');
    });

    test('step-up: min_acr eidas2 after a password login offers card and phone; the phone keeps the sid', async () => {
        const jar = new CookieJar();
        const pwd = await loginThroughForm(idp, basic, { login: 'medecin', jar });
        const pwdTokens = await exchange(basic, pwd, pwd.code);
        assert.equal(pwdTokens.idToken.acr, 'eidas1');

        const flow = await openLogin(strongRp, { jar });
        const text = mainText(flow.page.body);
        assert.match(
            text,
            /Vous êtes déjà connecté·e\. Client de test rp-strong demande une authentification renforcée/,
        );
        assert.ok(cardForm(flow.page.body), 'the card form');
        const form = phoneForm(flow.page.body);
        assert.ok(form, 'the phone form');
        assert.deepEqual(Object.keys(form.fields).sort(), ['csrf', 'interaction'], 'no login field during a step-up');
        assert.equal(findLoginForm(flow.page.body), undefined, 'no password form');

        const waiting = await askPhone(flow.page, { jar });
        assert.ok(mainText(waiting.body).includes('Client de test rp-strong'));
        const approved = await phone.approve({ binding: waiting.binding, wait: 10 });
        assert.equal(approved.code, kExit.ok, show(approved));

        const params = await resume(await check(waiting, jar), strongRp, jar);
        const { idToken } = await exchange(strongRp, flow, params.code);
        assert.equal(idToken.sub, kMedecin);
        assert.equal(idToken.acr, 'eidas2');
        assert.deepEqual(idToken.amr, ['pwd', 'swk', 'pin', 'mfa']);
        assert.equal(idToken.sid, pwdTokens.idToken.sid, 'the same SSO session');

        // The session is now at eidas2: the strong service signs in again without a page.
        const { params: again } = codeRequest(strongRp);
        const sso = await request(authorizeUrl(idp, again), { ca: idp.ca, jar });
        assert.ok(isRedirectTo(sso.location, strongRp.redirect_uris[0]), `SSO at eidas2: ${sso.location}`);
    });

    // ext/ciba/auth for medecin with `binding`: the answer's JSON, checked.
    async function startCiba(binding, scope = 'openid') {
        const started = await cibaAuth({ scope, login_hint: kMedecin, binding_message: binding });
        assert.equal(started.status, 200, started.body);
        assert.match(started.headers['cache-control'] ?? '', /no-store/);
        const answer = started.json();
        assert.ok(typeof answer.auth_req_id === 'string' && answer.auth_req_id.length >= 20, started.body);
        assert.equal(answer.expires_in, 120, 'request_lifetime');
        assert.equal(answer.interval, 1, 'poll_interval');
        return answer;
    }

    test('CIBA: polled before the decision → authorization_pending, polled again at once → slow_down', async () => {
        const { auth_req_id: authReqId, interval } = await startCiba('Dossier-1');
        await sleep(interval * 1000 + 100); // a client waits `interval` before its first poll, too
        assertTokenError(await cibaPoll(authReqId), 'authorization_pending');
        const slow = assertTokenError(await cibaPoll(authReqId), 'slow_down');
        // CIBA Core §11: the interval grows by 5 s for this request.
        assert.match(slow.error_description ?? '', /every 6 seconds/);
    });

    test('CIBA: the device shows the binding message, approves; a poll after the interval → tokens', async () => {
        const { auth_req_id: authReqId, interval } = await startCiba('Dossier-4711', 'openid scope_all');
        const pending = await phone.pending();
        assert.equal(pending.code, kExit.ok, show(pending));
        const lines = pendingLines(pending.stdout);
        assert.equal(lines.length, 1, pending.stdout);
        assert.equal(lines[0].binding, 'Dossier-4711', 'the binding message is the binding code');
        assert.ok(lines[0].service.includes('Dossier-4711'), `the service shows it: ${lines[0].service}`);
        assert.ok(lines[0].service.includes('Client de test rp-ciba'), lines[0].service);
        const approved = await phone.approve({ binding: 'Dossier-4711' });
        assert.equal(approved.code, kExit.ok, show(approved));
        assert.equal(approved.stdout.trim(), `approved ${lines[0].id}`);

        await sleep(interval * 1000 + 100);
        const done = await cibaPoll(authReqId);
        assert.equal(done.status, 200, done.body);
        assert.match(done.headers['cache-control'] ?? '', /no-store/);
        const tokens = done.json();
        assert.ok(tokens.access_token && tokens.id_token, done.body);
        assert.equal(tokens.refresh_token, undefined, 'no refresh token');
        const idToken = (await verifyJwt(idp, tokens.id_token, { audience: cibaRp.id })).payload;
        assert.equal(idToken.sub, kMedecin);
        assert.equal(idToken.acr, 'eidas2');
        assert.deepEqual(idToken.amr, ['swk', 'pin', 'mfa']);
        assert.equal(idToken.authMode, 'MOBILE');
        const info = await request(idp.endpoints.userinfo, { ca: idp.ca, bearer: tokens.access_token });
        assert.equal(info.status, 200, info.body);
        assert.equal(info.json().Palier_Authentification, kPalier2);

        await sleep(interval * 1000 + 100);
        assertTokenError(await cibaPoll(authReqId), 'invalid_grant');
        // Another client cannot redeem it either.
        assertTokenError(await cibaPoll(authReqId, idp.clients['rp-basic']), 'unauthorized_client');
    });

    test('CIBA: denied on the device → access_denied (400) at the token endpoint', async () => {
        const { auth_req_id: authReqId, interval } = await startCiba('RDV-0815');
        const lines = pendingLines((await phone.pending()).stdout);
        assert.equal(lines.length, 1, JSON.stringify(lines));
        assert.match(lines[0].service, /Client de test rp-ciba/);
        const denied = await phone.deny({ binding: 'RDV-0815' });
        assert.equal(denied.code, kExit.ok, show(denied));
        await sleep(interval * 1000 + 100);
        assertTokenError(await cibaPoll(authReqId), 'access_denied', 400);
    });

    test('CIBA errors: unknown_user_id, channel CARD, no openid, a client without the grant, no device', async () => {
        assertTokenError(await cibaAuth({ scope: 'openid', login_hint: '899799999999' }), 'unknown_user_id');
        assertTokenError(
            await cibaAuth({ scope: 'openid', login_hint: kMedecin, channel: 'CARD' }),
            'invalid_request',
        );
        assertTokenError(await cibaAuth({ scope: 'scope_all', login_hint: kMedecin }), 'invalid_scope');
        assertTokenError(
            await cibaAuth({ scope: 'openid', login_hint: kMedecin }, idp.clients['rp-post']),
            'unauthorized_client',
        );
        // CIBA Core §13: access_denied at the authentication request is a 403.
        assertTokenError(await cibaAuth({ scope: 'openid', login_hint: kPharmacien }), 'access_denied', 403);
        // None of them reached the device.
        assert.equal((await phone.pending()).stdout, '');
    });

    test('revocation on « Mon compte »: that device gets 401, the CLI exits 5; the other one works', async () => {
        const second = makeDevice('second');
        const ok = await second.pending();
        assert.equal(ok.code, kExit.ok, show(ok));
        const secondId = JSON.parse(fs.readFileSync(second.state, 'utf8')).device_id;

        const jar = new CookieJar();
        await loginThroughForm(idp, basic, { login: 'medecin', jar });
        const revoked = await accountPost(jar, { action: 'revoke', device: secondId });
        assert.equal(revoked.status, 200, mainText(revoked.body).slice(0, 400));
        assert.match(alertText(revoked.body), /Le téléphone a été retiré/);
        assert.ok(!mainText(revoked.body).includes('Second téléphone'), 'no longer listed');
        assert.ok(mainText(revoked.body).includes('Téléphone de test'), 'the other device stays');

        const refused = await second.pending();
        assert.equal(refused.code, kExit.refused, show(refused));
        assert.match(refused.stderr, /invalid_device_token/);
        assert.equal((await phone.pending()).code, kExit.ok, 'the other device still works');

        const twice = await accountPost(jar, { action: 'revoke', device: secondId });
        assert.equal(twice.status, 400);
        assert.match(alertText(twice.body), /n’est pas, ou plus, activé/);
    });
});

describe('phone authenticator off (no [mobile] section)', { timeout: 60000 }, () => {
    let idp;
    before(async () => {
        idp = await startIdp({
            clientOverrides: { 'rp-ciba': { auth: 'basic', redirect_uris: [], grant_types: [kCibaGrant] } },
        });
    });
    after(async () => idp?.stop());

    test('no CIBA in discovery, no « Application e-CPS », no device API, no CIBA endpoint or grant', async () => {
        const d = (await request(idp.endpoints.discovery, { ca: idp.ca })).json();
        assert.equal(d.backchannel_authentication_endpoint, undefined);
        assert.equal(d.backchannel_token_delivery_modes_supported, undefined);
        assert.ok(!d.grant_types_supported.includes(kCibaGrant));

        const { params } = codeRequest(idp.clients['rp-basic']);
        const jar = new CookieJar();
        const res = await request(authorizeUrl(idp, params), { ca: idp.ca, jar });
        const page = await request(res.location, { ca: idp.ca, jar });
        assert.equal(page.status, 200);
        assert.ok(!mainText(page.body).includes(kPhoneSection));
        assert.equal(phoneForm(page.body), undefined);

        const ciba = idp.clients['rp-ciba'];
        for (const url of [`${idp.issuer}/device/requests`, `${idp.base}/account/authenticator`]) {
            const r = await request(url, { ca: idp.ca });
            assert.equal(r.status, 404, `${url}: ${r.status}`);
        }
        const auth = await clientPost(idp, `${idp.issuer}/ext/ciba/auth`, ciba, {
            scope: 'openid',
            login_hint: kMedecin,
        });
        assert.equal(auth.status, 404, auth.body);
        const grant = await tokenRequest(idp, ciba, { grant_type: kCibaGrant, auth_req_id: 'x' });
        assert.equal(grant.status, 400, grant.body);
        assert.equal(grant.json().error, 'unsupported_grant_type');
    });
});
