// Login by CPS calculator (« Calculette CPS », OATH OCRA challenge-response, RFC 6287) over real HTTPS. The tokens
// are provisioned with the real CLI (`idp ocra import FILE --config …`) on the running server's database, and the
// pocket reader is played by the reference CLI (`idp-authenticator ocra --secret HEX --challenge DIGITS`), checked
// against this file's own OCRA-1:HOTP-SHA1/256/512 (node:crypto, RFC 6287 §5.1, anchored on the RFC's Appendix C
// vectors) so that the server's OCRA code does not only check itself:
//   - with [ocra] enabled the login page offers « Calculette CPS » (login field, « Afficher un défi ») and discovery
//     advertises eidas2; without it there is no section, the routes answer 404 and eidas2 is not advertised;
//   - a login: the challenge page (8 digits shown grouped in #defi, signed in the hidden `challenge` field) → the
//     response → the code flow: ID token acr eidas2, amr otp/sc/pin/mfa, authMode CARD, auth_level 2; access token
//     acr/authMode; UserInfo palier APPPRIP2 and authMode CARD; introspection; a refresh keeps the level;
//   - `idp ocra import`: a file with one bad line (unknown holder, not hex, too short) exits 1 naming each line and
//     imports nothing, not even its good lines; the good file exits 0; importing it again fails (all or nothing)
//     unless `--existing skip`; `--existing` of another value is a usage error (2); the secrets are stored wrapped;
//     a holder named by RPPS number;
//   - refusals: a response of the wrong shape keeps the challenge (400) and a grouped « 1234 5678 » is accepted; a
//     wrong answer → 401 « Réponse incorrecte » next to the field (aria-invalid) and a new challenge; every challenge
//     takes one answer (the same form again → 401 « déjà reçu une réponse », even with the right response); a right
//     answer replayed does not log in twice (interaction spent → 400; portal login → 401); digits changed in a
//     signed challenge → 400 « expiré »; an unknown login gets the same pages;
//   - throttle: after 5 wrong answers the account's next answer, even right, is 429 « Trop de tentatives »; the brake
//     is per account and its own (another account's calculator and the same account's password still log in);
//   - step-up: a password session, then a service with min_acr eidas2: the calculator without a login field, the same
//     sid, amr pwd + otp/sc/pin/mfa;
//   - `idp ocra revoke SERIAL`: the calculator no longer logs in; revoking it again exits 1.
// Expiry of a challenge needs a clock: it is tested in-process (test/unit/portal/ocra_login_test.cpp).
// One idp with [ocra] for the file, and one without it for the « disabled » test.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startIdp, runIdp, repoRoot } from './lib/harness.mjs';
import { request, CookieJar, parseSetCookie } from './lib/http.mjs';
import {
    exchangeVerified,
    authorizeUrl,
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
import { introspect } from './lib/asserts.mjs';

const kSuite = 'OCRA-1:HOTP-SHA1-8:QN08'; // [ocra] suite's default
const kRfcSeed20 = '3132333435363738393031323334353637383930'; // RFC 6287 Appendix C, "12345678901234567890"
const kMedecin = '899700000112'; // Claire MOREAU, demo login `medecin`
const kPalier2 = 'APPPRIP2^1.2.250.1.213.1.5.1.1.1';
const kSessionCookie = '__Host-esc_session';
const kWrongAnswer =
    'Réponse incorrecte. Un nouveau défi est affiché : tapez-le dans votre lecteur et recopiez sa réponse.';
const kAnswered = 'Ce défi a déjà reçu une réponse. Un nouveau défi est affiché.';
const kExpired = 'Ce défi a expiré. Un nouveau défi est affiché : tapez-le dans votre lecteur.';
const kShape = 'La réponse comporte 8 chiffres, sans lettre.';

// ---------------------------------------------------------------------------------------------------------------
// OCRA (RFC 6287) written from the RFC, for the challenge-only numeric suites the idp accepts:
// DataInput = suite (ASCII) | 0x00 | Q, where Q is the question as a number written in hex, left-justified and
// zero-padded to 128 bytes (§5.1, and the reference code's `new BigInteger(q, 10).toString(16)` padded on the
// right to 256 hex digits); HMAC-SHA-x over it with the key, dynamic truncation to `digits` digits (RFC 4226 §5.3).
function ocraResponse(suite, keyHex, question) {
    const m = /^OCRA-1:HOTP-SHA(1|256|512)-(\d+):QN(\d\d)$/.exec(suite);
    if (!m) throw new Error(`not a challenge-only numeric suite: ${suite}`);
    const digits = Number(m[2]);
    const q = BigInt(question).toString(16).padEnd(256, '0');
    const data = Buffer.concat([Buffer.from(suite, 'ascii'), Buffer.from([0]), Buffer.from(q, 'hex')]);
    const h = crypto.createHmac(`sha${m[1]}`, Buffer.from(keyHex, 'hex')).update(data).digest();
    const offset = h[h.length - 1] & 0x0f;
    const binary = h.readUInt32BE(offset) & 0x7fffffff;
    return String(binary % 10 ** digits).padStart(digits, '0');
}

function authenticatorBin() {
    return process.env.AUTHENTICATOR_BIN || path.join(repoRoot, 'build/authenticator/idp-authenticator');
}

// `idp-authenticator ocra …`: resolves { code, stdout, stderr }.
function runAuthenticator(args) {
    return new Promise((resolve) => {
        execFile(authenticatorBin(), args, { timeout: 15000 }, (err, stdout, stderr) => {
            const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
            resolve({ code, stdout, stderr });
        });
    });
}

// The pocket reader: the reference CLI's response to `challenge` (digits, spaces allowed as shown on the page).
async function reader(secretHex, challenge, suite = kSuite) {
    const digits = challenge.replace(/ /g, '');
    const r = await runAuthenticator(['ocra', '--secret', secretHex, '--challenge', digits, '--suite', suite]);
    assert.equal(r.code, 0, `idp-authenticator ocra: exit ${r.code}\n${r.stderr}`);
    return r.stdout.trim();
}

// The text of <main>, tags removed and entities decoded (for messages).
const mainText = (html) =>
    decodeHtml((/<main\b[\s\S]*<\/main>/i.exec(html)?.[0] ?? html).replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ');
const h1Of = (html) => decodeHtml(/<h1\b[^>]*>([\s\S]*?)<\/h1>/i.exec(html)?.[1] ?? '').trim();
const alertText = (html) => mainText(/<div[^>]*role="alert"[^>]*>[\s\S]*?<\/div>/.exec(html)?.[0] ?? '');
const formEndingWith = (html, suffix) => parseForms(html).find((f) => f.action?.endsWith(suffix));
const ocraForm = (html) => formEndingWith(html, '/login/ocra');
const answerForm = (html) => formEndingWith(html, '/login/ocra/answer');
const sessionCookie = (res) => res.setCookies.map(parseSetCookie).find((c) => c.name === kSessionCookie && c.value);
const tag = (html, id) => new RegExp(`<[a-z]+\\b[^>]*\\bid="${id}"[^>]*>`).exec(html)?.[0];

// `idp ocra …` on the test idp's configuration and database (the server keeps running: they share SQLite).
const ocraCli = (idp, args) => runIdp(['ocra', ...args, '--config', idp.configPath]);
// Its stderr without the configuration's warnings (« esculape: warning: dev_mode … »).
const cliErrors = (r) => r.stderr.split('\n').filter((l) => l && !l.startsWith('esculape: warning: '));
const showCli = (r) => `exit ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`;

describe('[ocra] on: login by CPS calculator', { timeout: 120000 }, () => {
    let tmp; // the import files
    let idp;
    let basic;
    let strongRp; // min_acr eidas2
    // The calculators of this file: serial, holder (as written in the import file), secret.
    const tokens = {
        medecin: { serial: 'CALC-MED-0001', holder: 'medecin', secret: kRfcSeed20 },
        pharmacien: { serial: 'CALC-PHA-0001', holder: 'pharmacien', secret: crypto.randomBytes(32).toString('hex') },
        // By RPPS number (899700000393 is the national id of `infirmier`).
        infirmier: { serial: 'CALC-INF-0001', holder: '99700000393', secret: crypto.randomBytes(20).toString('hex') },
        kine: { serial: 'CALC-KIN-0001', holder: 'kine', secret: crypto.randomBytes(64).toString('hex') },
        sagefemme: { serial: 'CALC-SAG-0001', holder: 'sagefemme', secret: crypto.randomBytes(16).toString('hex') },
    };
    const line = (t) => `${t.serial};${t.holder};${t.secret}`;
    const writeFile = (name, lines) => {
        const file = path.join(tmp, name);
        fs.writeFileSync(file, ['serial;account;secret', ...lines, ''].join('\n'));
        return file;
    };
    const dbSerials = () =>
        execFileSync('sqlite3', [idp.config.storage.path, 'SELECT serial FROM ocra_tokens ORDER BY serial'], {
            encoding: 'utf8',
        })
            .split('\n')
            .filter(Boolean);

    before(async () => {
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'esculape-ocra-'));
        idp = await startIdp({
            top: { ocra: { enabled: true } },
            // Every wrong answer of this file comes from 127.0.0.1: the address brake (20 by default) is not what
            // is tested here, the account's is.
            login: { max_failures_per_address: 1000 },
            clientOverrides: {
                'rp-strong': {
                    redirect_uris: ['https://rp-strong.test/cb'],
                    grant_types: ['authorization_code', 'refresh_token'],
                    min_acr: 'eidas2',
                },
            },
        });
        basic = idp.clients['rp-basic'];
        strongRp = idp.clients['rp-strong'];
        // Provisioned while the server runs: the CLI writes the database serve reads.
        const file = writeFile('tokens.csv', [line(tokens.medecin), line(tokens.pharmacien), line(tokens.infirmier)]);
        const r = await ocraCli(idp, ['import', file]);
        assert.equal(r.code, 0, showCli(r));
        assert.equal(r.stdout.trim(), 'imported 3 OCRA token(s)');
    });
    after(async () => {
        await idp?.stop();
        if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
    });

    // authorize → the login page; resolves { page (url set), request, pkce }.
    async function openLogin(client, { jar, overrides = {} }) {
        const { params, pkce } = codeRequest(client, overrides);
        const res = await request(authorizeUrl(idp, params), { ca: idp.ca, jar });
        assert.equal(res.status, 303, `authorize → login page, got ${res.status}: ${res.body.slice(0, 200)}`);
        assert.ok(res.location.startsWith(idp.endpoints.login), `the login page: ${res.location}`);
        const page = await request(res.location, { ca: idp.ca, jar });
        page.url = res.location;
        assert.equal(page.status, 200);
        return { page, request: params, pkce };
    }

    // POSTs `form` (found on `page`) with `fields` over its own.
    function submit(page, form, fields, { jar }) {
        assert.ok(form, `the form on the page (status ${page.status}): ${mainText(page.body).slice(0, 400)}`);
        return request(new URL(form.action, page.url ?? idp.base).toString(), {
            method: 'POST',
            form: { ...form.fields, ...fields },
            jar,
            ca: idp.ca,
        });
    }

    // A challenge page's parts: the digits shown, the signed token, its answer form.
    function challengeOf(res) {
        const shown = /<strong id="defi">([^<]*)<\/strong>/.exec(res.body)?.[1];
        const form = answerForm(res.body);
        assert.ok(shown && form, `a challenge page (status ${res.status}): ${mainText(res.body).slice(0, 400)}`);
        const digits = shown.replace(/ /g, '');
        return { shown, digits, token: form.fields.challenge, form };
    }

    // « Afficher un défi » on the login page → the challenge page (url set, challenge parsed).
    async function askChallenge(page, { jar, login }) {
        const res = await submit(page, ocraForm(page.body), login === undefined ? {} : { login }, { jar });
        res.url = page.url;
        assert.equal(res.status, 200, `the challenge page, got ${res.status}: ${mainText(res.body).slice(0, 300)}`);
        assert.equal(h1Of(res.body), 'Calculette CPS');
        res.challenge = challengeOf(res);
        return res;
    }

    // Types `response` into the challenge page's form; the answer (url set; challenge parsed when there is one).
    async function answer(challengePage, response, { jar }) {
        const res = await submit(challengePage, challengePage.challenge.form, { response }, { jar });
        res.url = challengePage.url;
        if (res.status !== 303 && answerForm(res.body)) res.challenge = challengeOf(res);
        return res;
    }

    // The right response, from the reference CLI, to the challenge of `page`.
    const rightAnswer = (page, token) => reader(token.secret, page.challenge.digits);

    // A wrong response: the right one with its last digit changed.
    async function wrongAnswer(page, token) {
        const right = await rightAnswer(page, token);
        return right.slice(0, -1) + String((Number(right.at(-1)) + 1) % 10);
    }

    // From a 303 of the answer back through authorize to the client: the code.
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

    // A whole calculator login of `who` for `client`: resolves { tokens, idToken, jar }.
    async function ocraLogin(client, who, { jar = new CookieJar() } = {}) {
        const flow = await openLogin(client, { jar });
        const page = await askChallenge(flow.page, { jar, login: who });
        const params = await resume(await answer(page, await rightAnswer(page, tokens[who]), { jar }), client, jar);
        assert.equal(params.state, flow.request.state);
        return { ...(await exchange(client, flow, params.code)), jar };
    }

    // The answer of a calculator login attempt with the right response: its status and page.
    async function tryOcra(who, token = tokens[who]) {
        const jar = new CookieJar();
        const { page } = await openLogin(basic, { jar });
        const challenge = await askChallenge(page, { jar, login: who });
        return answer(challenge, await rightAnswer(challenge, token), { jar });
    }

    // ------------------------------------------------------------------------------------------------------------

    test('this file’s OCRA follows RFC 6287 Appendix C, and agrees with idp-authenticator', async () => {
        // OCRA-1:HOTP-SHA1-6:QN08, 20-byte seed: the RFC's one-way challenge-response table.
        const rfc = { '00000000': '237653', 11111111: '243178', 55555555: '388898', 99999999: '294470' };
        for (const [q, want] of Object.entries(rfc)) {
            assert.equal(ocraResponse('OCRA-1:HOTP-SHA1-6:QN08', kRfcSeed20, q), want, `RFC vector Q=${q}`);
            assert.equal(await reader(kRfcSeed20, q, 'OCRA-1:HOTP-SHA1-6:QN08'), want, `CLI, RFC vector Q=${q}`);
        }
        // The suite the idp uses, on random challenges (a leading zero among them) and this file's secrets.
        for (const [q, t] of [
            ['04729113', tokens.medecin],
            [String(crypto.randomInt(1e8)).padStart(8, '0'), tokens.pharmacien],
            [String(crypto.randomInt(1e8)).padStart(8, '0'), tokens.kine],
        ])
            assert.equal(await reader(t.secret, q), ocraResponse(kSuite, t.secret, q), `Q=${q}, ${t.serial}`);
        for (const suite of ['OCRA-1:HOTP-SHA256-6:QN08', 'OCRA-1:HOTP-SHA512-10:QN08']) {
            const q = String(crypto.randomInt(1e8)).padStart(8, '0');
            const key = tokens.kine.secret;
            assert.equal(await reader(key, q, suite), ocraResponse(suite, key, q), `${suite} Q=${q}`);
        }
    });

    test('the login page offers « Calculette CPS »; discovery advertises eidas2', async () => {
        const d = (await request(idp.endpoints.discovery, { ca: idp.ca })).json();
        assert.deepEqual(d.acr_values_supported, ['eidas1', 'eidas2']);

        const { page } = await openLogin(basic, { jar: new CookieJar() });
        assert.match(page.body, /<section class="login-method" aria-labelledby="calculette-titre">/);
        assert.match(page.body, /<h2 id="calculette-titre">Calculette CPS<\/h2>/);
        const form = ocraForm(page.body);
        assert.ok(form, 'a form POSTing to /login/ocra');
        assert.equal(form.method, 'post');
        assert.equal(form.action, '/auth/realms/esculape/login/ocra');
        assert.deepEqual(Object.keys(form.fields).sort(), ['csrf', 'interaction', 'login']);
        assert.ok(form.fields.csrf && form.fields.interaction, 'csrf and interaction filled in');
        assert.ok(page.body.includes('<label for="ocra-login">Identifiant ou numéro RPPS</label>'), 'its label');
        assert.ok(page.body.includes('Afficher un défi'));
        assert.ok(findLoginForm(page.body), 'the password form too');
    });

    test('a calculator login: challenge page, response, code flow at eidas2, authMode CARD', async () => {
        const jar = new CookieJar();
        const flow = await openLogin(basic, { jar });
        const page = await askChallenge(flow.page, { jar, login: 'medecin' });
        const { shown, digits, token, form } = page.challenge;
        assert.match(shown, /^\d{4} \d{4}$/, 'eight digits, in two groups of four');
        assert.ok(token.startsWith(`${digits}.`) && token.length > 20, `the signed challenge: ${token}`);
        assert.match(mainText(page.body), /Connexion à Client de test rp-basic ?\./);
        assert.match(mainText(page.body), /Recopiez la réponse de 8 chiffres affichée par le lecteur/);
        assert.equal(form.method, 'post');
        assert.equal(form.action, '/auth/realms/esculape/login/ocra/answer');
        assert.deepEqual(Object.keys(form.fields).sort(), ['challenge', 'csrf', 'interaction', 'login', 'response']);
        assert.equal(form.fields.login, 'medecin');
        assert.equal(form.fields.interaction, ocraForm(flow.page.body).fields.interaction);
        assert.ok(page.body.includes('<label for="reponse">Réponse du lecteur</label>'));
        assert.equal(tag(page.body, 'reponse-erreur'), undefined, 'no error yet');
        assert.doesNotMatch(tag(page.body, 'reponse'), /aria-invalid/);

        // The reference reader and this file's OCRA agree on the response.
        const response = await rightAnswer(page, tokens.medecin);
        assert.match(response, /^\d{8}$/);
        assert.equal(response, ocraResponse(kSuite, tokens.medecin.secret, digits));

        const posted = await answer(page, response, { jar });
        assert.ok(sessionCookie(posted), 'an SSO session cookie');
        const params = await resume(posted, basic, jar);
        assert.equal(params.state, flow.request.state);
        const { tokens: issued, idToken } = await exchange(basic, flow, params.code);
        assert.equal(idToken.sub, kMedecin);
        assert.equal(idToken.acr, 'eidas2');
        assert.deepEqual(idToken.amr, ['otp', 'sc', 'pin', 'mfa']);
        assert.equal(idToken.authMode, 'CARD');
        assert.equal(idToken.auth_level, 2);
        assert.ok(idToken.sid, 'a sid');

        const { payload: access } = await verifyJwt(idp, issued.access_token);
        assert.equal(access.sub, kMedecin);
        assert.equal(access.acr, 'eidas2');
        assert.equal(access.authMode, 'CARD');
        assert.equal(access.sid, idToken.sid);

        const info = await request(idp.endpoints.userinfo, { ca: idp.ca, bearer: issued.access_token });
        assert.equal(info.status, 200, info.body);
        const claims = info.json();
        assert.equal(claims.Palier_Authentification, kPalier2);
        assert.equal(claims.authMode, 'CARD');
        assert.equal(claims.SubjectNameID, kMedecin);

        const r = await introspect(idp, issued.access_token, basic);
        assert.equal(r.active, true);
        assert.equal(r.acr, 'eidas2');
        assert.equal(r.sub, kMedecin);
        assert.equal(r.authMode, 'CARD');

        // A refresh keeps the level the calculator gave.
        assert.ok(issued.refresh_token, 'a refresh token');
        const refreshed = await tokenRequest(idp, basic, {
            grant_type: 'refresh_token',
            refresh_token: issued.refresh_token,
        });
        assert.equal(refreshed.status, 200, refreshed.body);
        const again = (await verifyJwt(idp, refreshed.json().id_token, { audience: basic.id })).payload;
        assert.equal(again.acr, 'eidas2');
        assert.equal(again.authMode, 'CARD');
        assert.deepEqual(again.amr, ['otp', 'sc', 'pin', 'mfa']);
        assert.equal(again.sid, idToken.sid);
    });

    test('idp ocra import: one bad line and nothing is imported; all or nothing again; --existing skip', async () => {
        const good = [line(tokens.kine)];
        const bad = writeFile('bad.csv', [
            '# a comment, then a blank line',
            '',
            ...good,
            'CALC-BAD-0002;personne.inconnue;' + tokens.kine.secret.slice(0, 40),
            'CALC-BAD-0003;dentiste;zz' + tokens.kine.secret.slice(2, 40),
            'CALC-BAD-0004;dentiste;0102',
        ]);
        const refused = await ocraCli(idp, ['import', bad]);
        assert.equal(refused.code, 1, showCli(refused));
        assert.equal(refused.stdout, '');
        assert.deepEqual(cliErrors(refused), [
            'line 5: no account with login or national id personne.inconnue',
            'line 6: the secret must be hexadecimal digits, two per byte',
            'line 7: the secret must be 16 to 64 bytes, found 2',
            '3 line(s) in error: nothing imported',
        ]);
        assert.ok(!dbSerials().includes(tokens.kine.serial), 'the good line of the file was not imported');
        assert.equal((await tryOcra('kine')).status, 401, 'kine’s calculator does not log in');

        const file = writeFile('good.csv', good);
        const imported = await ocraCli(idp, ['import', file]);
        assert.equal(imported.code, 0, showCli(imported));
        assert.equal(imported.stdout.trim(), 'imported 1 OCRA token(s)');
        const { idToken } = await ocraLogin(basic, 'kine');
        assert.equal(idToken.acr, 'eidas2', 'a 64-byte secret logs in');

        // The same file with a new line: the serial already provisioned fails it whole.
        const again = writeFile('again.csv', [...good, line(tokens.sagefemme)]);
        const twice = await ocraCli(idp, ['import', again]);
        assert.equal(twice.code, 1, showCli(twice));
        assert.deepEqual(cliErrors(twice), [
            `serial ${tokens.kine.serial} is already provisioned`,
            'nothing imported (--existing skip imports the others)',
        ]);
        assert.ok(!dbSerials().includes(tokens.sagefemme.serial), 'the new line was not imported either');

        const usage = await ocraCli(idp, ['import', again, '--existing', 'replace']);
        assert.equal(usage.code, 2, showCli(usage));

        const skipped = await ocraCli(idp, ['import', again, '--existing', 'skip']);
        assert.equal(skipped.code, 0, showCli(skipped));
        assert.equal(skipped.stdout.trim(), 'imported 1 OCRA token(s), skipped 1 already provisioned');
        const idem = await ocraCli(idp, ['import', again, '--existing', 'skip']);
        assert.equal(idem.code, 0, showCli(idem));
        assert.equal(idem.stdout.trim(), 'imported 0 OCRA token(s), skipped 2 already provisioned');
        assert.equal((await tryOcra('sagefemme')).status, 303, 'a 16-byte secret logs in');

        const all = Object.values(tokens).map((t) => t.serial).sort();
        assert.deepEqual(dbSerials(), all);
        // Wrapped under the key-encryption key: no secret in clear (hex, or the RFC seed's ASCII) in the database.
        const db = fs.readFileSync(idp.config.storage.path).toString('latin1') +
            (fs.existsSync(`${idp.config.storage.path}-wal`)
                ? fs.readFileSync(`${idp.config.storage.path}-wal`).toString('latin1')
                : '');
        for (const t of Object.values(tokens)) assert.ok(!db.includes(t.secret), `${t.serial}: no hex secret stored`);
        assert.ok(!db.includes('12345678901234567890'), 'no raw RFC seed stored');
    });

    test('a response of the wrong shape keeps the challenge (400); grouped digits are accepted', async () => {
        const jar = new CookieJar();
        const flow = await openLogin(basic, { jar });
        const page = await askChallenge(flow.page, { jar, login: 'medecin' });
        for (const bad of ['12ab5678', '1234567', '']) {
            const r = await answer(page, bad, { jar });
            assert.equal(r.status, 400, `« ${bad} »: ${mainText(r.body).slice(0, 300)}`);
            assert.equal(r.challenge?.token, page.challenge.token, 'the same challenge');
            assert.ok(mainText(r.body).includes(kShape), mainText(r.body).slice(0, 400));
        }
        // As the reader shows it, « 1234 5678 ».
        const right = await rightAnswer(page, tokens.medecin);
        const params = await resume(await answer(page, `${right.slice(0, 4)} ${right.slice(4)}`, { jar }), basic, jar);
        const { idToken } = await exchange(basic, flow, params.code);
        assert.equal(idToken.acr, 'eidas2');
    });

    test('a wrong answer: 401, the message next to the field, a new challenge that the right answer passes', async () => {
        const jar = new CookieJar();
        const flow = await openLogin(basic, { jar });
        const page = await askChallenge(flow.page, { jar, login: 'medecin' });
        const wrong = await answer(page, await wrongAnswer(page, tokens.medecin), { jar });
        assert.equal(wrong.status, 401, mainText(wrong.body).slice(0, 300));
        assert.equal(h1Of(wrong.body), 'Calculette CPS');
        assert.equal(sessionCookie(wrong), undefined, 'no session');
        const error = /<p class="field-error" id="reponse-erreur">([^<]*)<\/p>/.exec(wrong.body)?.[1];
        assert.equal(decodeHtml(error ?? ''), kWrongAnswer);
        const input = tag(wrong.body, 'reponse');
        assert.match(input, /aria-invalid="true"/);
        assert.match(input, /aria-describedby="reponse-aide reponse-erreur"/);
        assert.notEqual(wrong.challenge.token, page.challenge.token, 'a new challenge');
        assert.notEqual(wrong.challenge.digits, page.challenge.digits, 'new digits');
        assert.equal(wrong.challenge.form.fields.login, 'medecin');
        assert.equal(wrong.challenge.form.fields.interaction, page.challenge.form.fields.interaction);

        const params = await resume(await answer(wrong, await rightAnswer(wrong, tokens.medecin), { jar }), basic, jar);
        const { idToken } = await exchange(basic, flow, params.code);
        assert.equal(idToken.sub, kMedecin);
        assert.equal(idToken.acr, 'eidas2');
    });

    test('each challenge takes one answer: the same form again is refused, even with the right response', async () => {
        const jar = new CookieJar();
        const flow = await openLogin(basic, { jar });
        const page = await askChallenge(flow.page, { jar, login: 'medecin' });
        const wrongResponse = await wrongAnswer(page, tokens.medecin);
        assert.equal((await answer(page, wrongResponse, { jar })).status, 401);
        for (const response of [wrongResponse, await rightAnswer(page, tokens.medecin)]) {
            const again = await answer(page, response, { jar });
            assert.equal(again.status, 401, mainText(again.body).slice(0, 300));
            assert.equal(sessionCookie(again), undefined);
            assert.ok(mainText(again.body).includes(kAnswered), mainText(again.body).slice(0, 400));
            assert.notEqual(again.challenge.token, page.challenge.token, 'a new challenge');
        }
        // Other digits under the signature of a challenge that was shown: not a challenge of this server.
        const fresh = await askChallenge(flow.page, { jar, login: 'medecin' });
        const [digits, signature] = fresh.challenge.token.split('.');
        const other = String((Number(digits) + 1) % 1e8).padStart(8, '0');
        const forged = await submit(fresh, fresh.challenge.form, {
            challenge: `${other}.${signature}`,
            response: await reader(tokens.medecin.secret, other),
        }, { jar });
        assert.equal(forged.status, 400, mainText(forged.body).slice(0, 300));
        assert.ok(mainText(forged.body).includes(kExpired), mainText(forged.body).slice(0, 400));
        assert.equal(sessionCookie(forged), undefined);
    });

    test('a right answer replayed does not log in again (interaction spent; portal login: already answered)', async () => {
        // For a service: the captured request, cookies included, after it logged in.
        const jar = new CookieJar();
        const flow = await openLogin(basic, { jar });
        const page = await askChallenge(flow.page, { jar, login: 'medecin' });
        const response = await rightAnswer(page, tokens.medecin);
        const captured = jar.clone();
        await resume(await answer(page, response, { jar }), basic, jar);
        const replayed = await answer(page, response, { jar: captured });
        assert.equal(replayed.status, 400, mainText(replayed.body).slice(0, 300));
        assert.equal(h1Of(replayed.body), 'Demande expirée');
        assert.equal(sessionCookie(replayed), undefined);

        // A portal login (no interaction): the challenge is spent.
        const portalJar = new CookieJar();
        const login = await request(idp.endpoints.login, { ca: idp.ca, jar: portalJar });
        login.url = idp.endpoints.login;
        assert.equal(login.status, 200);
        assert.equal(ocraForm(login.body)?.fields.interaction, '', 'a portal login form');
        const portalPage = await askChallenge(login, { jar: portalJar, login: 'medecin' });
        const portalResponse = await rightAnswer(portalPage, tokens.medecin);
        const portalCaptured = portalJar.clone();
        const done = await answer(portalPage, portalResponse, { jar: portalJar });
        assert.equal(done.status, 303, mainText(done.body).slice(0, 300));
        assert.ok(sessionCookie(done), 'a session');
        assert.ok(!done.location.startsWith(idp.endpoints.authorization), `to the portal: ${done.location}`);
        const again = await answer(portalPage, portalResponse, { jar: portalCaptured });
        assert.equal(again.status, 401, mainText(again.body).slice(0, 300));
        assert.ok(mainText(again.body).includes(kAnswered), mainText(again.body).slice(0, 400));
        assert.equal(sessionCookie(again), undefined, 'no second session');
    });

    test('an unknown login gets the same challenge page, and the answer is wrong like any other', async () => {
        const jar = new CookieJar();
        const flow = await openLogin(basic, { jar });
        const known = await askChallenge(flow.page, { jar, login: 'medecin' });
        const unknown = await askChallenge(flow.page, { jar, login: 'personne.inconnue' });
        const neutral = (res) =>
            mainText(res.body).replace(res.challenge.shown, 'DEFI');
        assert.equal(neutral(unknown), neutral(known), 'the same page text');
        assert.deepEqual(Object.keys(unknown.challenge.form.fields), Object.keys(known.challenge.form.fields));
        assert.equal(unknown.challenge.form.fields.login, 'personne.inconnue');
        const r = await answer(unknown, await rightAnswer(unknown, tokens.medecin), { jar });
        assert.equal(r.status, 401);
        assert.ok(mainText(r.body).includes(kWrongAnswer));
        // A professional without a calculator: the same.
        const noCalculator = await askChallenge(flow.page, { jar, login: 'dentiste' });
        const n = await answer(noCalculator, await rightAnswer(noCalculator, tokens.medecin), { jar });
        assert.equal(n.status, 401);
        assert.ok(mainText(n.body).includes(kWrongAnswer));
    });

    test('throttle: after 5 wrong answers the next one, even right, is 429; per account, not the password', async () => {
        const jar = new CookieJar();
        const flow = await openLogin(basic, { jar });
        let page = await askChallenge(flow.page, { jar, login: 'pharmacien' });
        for (let i = 1; i <= 5; ++i) {
            page = await answer(page, await wrongAnswer(page, tokens.pharmacien), { jar });
            assert.equal(page.status, 401, `wrong answer ${i}: ${mainText(page.body).slice(0, 300)}`);
        }
        const locked = await answer(page, await rightAnswer(page, tokens.pharmacien), { jar });
        assert.equal(locked.status, 429, mainText(locked.body).slice(0, 300));
        assert.match(alertText(locked.body).trim(), /^Trop de tentatives\. Réessayez dans \d+ minutes?\.$/);
        assert.equal(sessionCookie(locked), undefined);
        assert.ok(ocraForm(locked.body), 'the login page again');
        // A new challenge does not get round it.
        const later = await tryOcra('pharmacien');
        assert.equal(later.status, 429);

        // Another account's calculator, and pharmacien's password, are not held back.
        assert.equal((await ocraLogin(basic, 'medecin')).idToken.acr, 'eidas2');
        const pwd = await loginThroughForm(idp, basic, { login: 'pharmacien', jar: new CookieJar() });
        assert.ok(pwd.code, 'pharmacien still logs in with the password');
    });

    test('step-up: a password session, then min_acr eidas2: the calculator without a login, the same sid', async () => {
        const jar = new CookieJar();
        const pwd = await loginThroughForm(idp, basic, { login: 'medecin', jar });
        const pwdTokens = await exchange(basic, pwd, pwd.code);
        assert.equal(pwdTokens.idToken.acr, 'eidas1');

        const flow = await openLogin(strongRp, { jar });
        const text = mainText(flow.page.body);
        assert.ok(text.includes('Vous êtes déjà connecté·e.'), `the step-up notice: ${text.slice(0, 600)}`);
        assert.equal(findLoginForm(flow.page.body), undefined, 'no password form');
        const form = ocraForm(flow.page.body);
        assert.deepEqual(Object.keys(form.fields).sort(), ['csrf', 'interaction'], 'no login field: the session says who');

        const page = await askChallenge(flow.page, { jar });
        assert.equal(page.challenge.form.fields.login, '');
        assert.match(mainText(page.body), /Connexion à Client de test rp-strong ?\./);
        const params = await resume(await answer(page, await rightAnswer(page, tokens.medecin), { jar }), strongRp, jar);
        const { idToken } = await exchange(strongRp, flow, params.code);
        assert.equal(idToken.sub, kMedecin);
        assert.equal(idToken.acr, 'eidas2');
        assert.deepEqual(idToken.amr, ['pwd', 'otp', 'sc', 'pin', 'mfa']);
        assert.equal(idToken.authMode, 'CARD');
        assert.equal(idToken.auth_level, 2);
        assert.equal(idToken.sid, pwdTokens.idToken.sid, 'the same SSO session, stepped up');
    });

    test('idp ocra revoke: the calculator no longer logs in; revoking it again exits 1', async () => {
        assert.equal((await tryOcra('infirmier')).status, 303, 'imported by RPPS number, it logs in');
        const r = await ocraCli(idp, ['revoke', tokens.infirmier.serial]);
        assert.equal(r.code, 0, showCli(r));
        assert.equal(r.stdout.trim(), `OCRA token ${tokens.infirmier.serial} revoked: it no longer logs in`);
        const refused = await tryOcra('infirmier');
        assert.equal(refused.status, 401, mainText(refused.body).slice(0, 300));
        assert.ok(mainText(refused.body).includes(kWrongAnswer));
        assert.equal(sessionCookie(refused), undefined);
        const twice = await ocraCli(idp, ['revoke', tokens.infirmier.serial]);
        assert.equal(twice.code, 1, showCli(twice));
        assert.match(twice.stderr, new RegExp(`no OCRA token in use with serial ${tokens.infirmier.serial}`));
        const unknown = await ocraCli(idp, ['revoke', 'CALC-NONE']);
        assert.equal(unknown.code, 1, showCli(unknown));
    });
});

describe('[ocra] off', { timeout: 60000 }, () => {
    let idp;
    before(async () => {
        idp = await startIdp();
    });
    after(() => idp?.stop());

    test('no « Calculette CPS » section, the routes answer 404, discovery does not advertise eidas2', async () => {
        const d = (await request(idp.endpoints.discovery, { ca: idp.ca })).json();
        assert.deepEqual(d.acr_values_supported, ['eidas1']);
        const jar = new CookieJar();
        const { params } = codeRequest(idp.clients['rp-basic']);
        const res = await request(authorizeUrl(idp, params), { ca: idp.ca, jar });
        const page = await request(res.location, { ca: idp.ca, jar });
        assert.equal(page.status, 200);
        assert.ok(findLoginForm(page.body), 'the password form');
        assert.ok(!page.body.includes('Calculette CPS') && !ocraForm(page.body), 'no calculator');
        for (const p of ['/login/ocra', '/login/ocra/answer']) {
            const r = await request(`${idp.issuer}${p}`, {
                method: 'POST',
                ca: idp.ca,
                jar,
                form: { csrf: findLoginForm(page.body).fields.csrf, login: 'medecin' },
            });
            assert.equal(r.status, 404, `${p}: ${r.status}`);
        }
    });
});
