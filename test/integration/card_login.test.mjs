// Login by CPS card (TLS client certificate) over real HTTPS, with the test PKI of certs/make-test-pki (IGC-Santé
// shaped: root, FORT PERSONNES intermediate, the sandbox professionals' cards, fresh and stale CRLs):
//   - the login page shows « Certificat détecté » and the card form; a card login goes through the whole code flow:
//     ID token acr eidas3, amr hwk/sc/pin/mfa, authMode CARD, auth_level 3; UserInfo palier APPPRIP3; introspection;
//   - each refusal re-renders the login page with its message and status, without a session: no certificate (401),
//     expired (401), unknown CA (401), revoked (403), a staff card the directory does not know (403);
//   - a professional of the directory without an account (Camille DURAND) gets one at her first card login
//     (sub = national id), and the same sub at the next;
//   - step-up: a client with min_acr eidas3 after a password login of medecin shows only the card button and the
//     notice; another professional's card is refused (403); her own card gives a code with acr eidas3, amr
//     pwd+card, and the sid of the password session; acr_values=eidas3 asks for the card the same way;
//   - the CRL refresh (crl_refresh = 1 s): the intermediate's CRL file gone, the previous CRL stays in force (an
//     ALERT, cards still log in, the revoked one is still refused); replaced by a CRL past its nextUpdate, card
//     logins fail closed (503), /metrics says esculape_card_crl_stale 1 and stderr an ALERT; the fresh CRL put
//     back, cards log in again;
//   - start-up: a CRL that the client CA bundle did not sign, or a file that is not a CRL, stops `idp serve` with
//     a message naming card.crl_files[i].
// One PKI (temp dir) and one idp for the file; the idp reads a copy of the intermediate's CRL that a test swaps.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startIdp, prepareIdp, runIdp, repoRoot } from './lib/harness.mjs';
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

const kSessionCookie = '__Host-esc_session';
const kPalier3 = 'APPPRIP3^1.2.250.1.213.1.5.1.1.1';
const kCardButton = 'Se connecter avec ma carte CPS';
const kMedecin = '899700000112'; // Claire MOREAU, demo login `medecin`
const kPharmacien = '899700000252'; // Thomas GIRARD, demo login `pharmacien`
const kCamille = '899700001011'; // Camille DURAND: in the directory, no account
const kStaleMessage =
    'La connexion par carte est momentanément impossible : la liste des cartes révoquées n’est pas à jour';

// The refusals: card file (cards/<name>.crt, or none), status, and a part of the message.
const kRefusals = [
    { what: 'no certificate', card: null, status: 401, message: 'Aucune carte CPS n’a été présentée' },
    { what: 'expired card', card: 'expired', status: 401, message: 'a expiré' },
    { what: 'card of an unknown CA', card: 'unknown-ca', status: 401, message: 'autorité de certification reconnue' },
    { what: 'revoked card', card: 'revoked', status: 403, message: 'mise en opposition' },
    {
        what: 'staff card unknown to the directory',
        card: 'staff-cpe',
        status: 403,
        message: 'n’est pas celle d’un professionnel de l’annuaire',
    },
];

// The text of <main>, tags removed and entities decoded (for messages).
const mainText = (html) =>
    decodeHtml((/<main\b[\s\S]*<\/main>/i.exec(html)?.[0] ?? html).replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ');

// The text of the page's role="alert" box, or '' when there is none.
const alertText = (html) => mainText(/<div[^>]*role="alert"[^>]*>[\s\S]*?<\/div>/.exec(html)?.[0] ?? '');

const sessionCookie = (res) => res.setCookies.map(parseSetCookie).find((c) => c.name === kSessionCookie && c.value);

const cardForm = (html) => parseForms(html).find((f) => f.action?.endsWith('/login/card'));

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Calls `probe` every 200 ms until it resolves { ok: true, … } (returned), or fails after `ms` naming `what` and
// the last { seen }. The refresh runs every second: 8 s leaves room for a loaded machine.
async function pollUntil(what, probe, ms = 8000) {
    const deadline = Date.now() + ms;
    let last;
    while (Date.now() < deadline) {
        last = await probe();
        if (last?.ok) return last;
        await sleep(200);
    }
    assert.fail(`${what} within ${ms} ms; last: ${JSON.stringify(last?.seen ?? last)}`);
}

// A CRL of `other-ca` (a CA the server does not trust), signed with `openssl ca -gencrl` in `dir`.
function otherCaCrl(pki, dir) {
    fs.writeFileSync(path.join(dir, 'index.txt'), '');
    fs.writeFileSync(path.join(dir, 'crlnumber'), '01\n');
    fs.writeFileSync(
        path.join(dir, 'ca.cnf'),
        ['[ca]', 'default_ca = other', '[other]', `database = ${path.join(dir, 'index.txt')}`,
            `crlnumber = ${path.join(dir, 'crlnumber')}`, 'default_md = sha256', 'default_crl_days = 7', ''].join('\n'),
    );
    const out = path.join(dir, 'other-ca.crl.pem');
    execFileSync('openssl', ['ca', '-gencrl', '-config', path.join(dir, 'ca.cnf'), '-cert',
        path.join(pki, 'other-ca.crt'), '-keyfile', path.join(pki, 'other-ca.key'), '-out', out], { stdio: 'pipe' });
    return out;
}

describe('login by CPS card', { timeout: 180000 }, () => {
    let tmp; // the PKI (tmp/pki) and the CRL copy the idp reads (tmp/fresh.crl.pem)
    let pki;
    let freshCrl;
    let idp;
    let basic;
    let cardRp; // a service that requires eidas3 (min_acr)

    // cards/<name>.crt and .key as the request helper's cert/key options; {} for no card.
    const card = (name) =>
        name
            ? {
                  cert: fs.readFileSync(path.join(pki, 'cards', `${name}.crt`)),
                  key: fs.readFileSync(path.join(pki, 'cards', `${name}.key`)),
              }
            : {};

    // Replaces the content of the CRL file the idp reads, in one rename (a refresh never sees half a file).
    const installCrl = (content) => {
        fs.writeFileSync(`${freshCrl}.new`, content);
        fs.renameSync(`${freshCrl}.new`, freshCrl);
    };

    before(async () => {
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'esculape-cards-'));
        pki = path.join(tmp, 'pki');
        execFileSync(path.join(repoRoot, 'certs/make-test-pki'), [pki], { stdio: 'pipe' });
        freshCrl = path.join(tmp, 'fresh.crl.pem');
        fs.copyFileSync(path.join(pki, 'crl/ac-fort-personnes.crl.pem'), freshCrl);
        idp = await startIdp({
            tls: { client_ca_file: path.join(pki, 'client-ca.pem') },
            top: { card: { crl_files: [freshCrl, path.join(pki, 'crl/root.crl.pem')], crl_refresh: 1 } },
            clientOverrides: {
                'rp-card': {
                    redirect_uris: ['https://rp-card.test/cb'],
                    grant_types: ['authorization_code', 'refresh_token'],
                    min_acr: 'eidas3',
                },
            },
        });
        basic = idp.clients['rp-basic'];
        cardRp = idp.clients['rp-card'];
    });
    after(async () => {
        await idp?.stop();
        if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
    });

    // authorize → the login page, both requests with `cardName`'s certificate (the browser presents it on every
    // connection); resolves { page, request, pkce }, page.url set.
    async function openLogin(client, { jar, cardName, overrides = {} }) {
        const { params, pkce } = codeRequest(client, overrides);
        const res = await request(authorizeUrl(idp, params), { ca: idp.ca, jar, ...card(cardName) });
        assert.equal(res.status, 303, `authorize → login page, got ${res.status}: ${res.body.slice(0, 200)}`);
        assert.ok(res.location.startsWith(idp.endpoints.login), `the login page: ${res.location}`);
        const page = await request(res.location, { ca: idp.ca, jar, ...card(cardName) });
        page.url = res.location;
        assert.equal(page.status, 200);
        return { page, request: params, pkce };
    }

    // POSTs the page's card form over a connection that presents `cardName`'s certificate.
    function postCard(page, { jar, cardName }) {
        const form = cardForm(page.body);
        assert.ok(form, `a card form on the page (status ${page.status}): ${mainText(page.body).slice(0, 300)}`);
        return request(new URL(form.action, page.url).toString(), {
            method: 'POST',
            form: form.fields,
            jar,
            ca: idp.ca,
            ...card(cardName),
        });
    }

    // From the card POST's 303 back through authorize to the client: the code.
    async function resume(posted, client, jar) {
        assert.equal(posted.status, 303, `card accepted, got ${posted.status}: ${alertText(posted.body)}`);
        assert.ok(posted.location.startsWith(idp.endpoints.authorization), `back to authorize: ${posted.location}`);
        const back = await request(posted.location, { ca: idp.ca, jar });
        assert.equal(back.status, 303);
        assert.ok(isRedirectTo(back.location, client.redirect_uris[0]), `on to the client: ${back.location}`);
        const params = queryOf(back.location);
        assert.ok(params.code, `a code: ${back.location}`);
        return params;
    }

    // The whole flow for `client` with `cardName`: resolves { tokens, idToken (verified payload), jar }.
    async function cardLogin(client, cardName, { jar = new CookieJar(), overrides } = {}) {
        const flow = await openLogin(client, { jar, cardName, overrides });
        const params = await resume(await postCard(flow.page, { jar, cardName }), client, jar);
        assert.equal(params.state, flow.request.state);
        return { ...(await exchange(client, flow, params.code)), jar };
    }

    const exchange = (client, flow, code) => exchangeVerified(idp, client, flow, code);

    // A card login answer at the current CRL state: the status of the card POST, and its alert text.
    async function tryCard(cardName) {
        const jar = new CookieJar();
        const { page } = await openLogin(basic, { jar, cardName });
        const res = await postCard(page, { jar, cardName });
        return { status: res.status, alert: alertText(res.body), res };
    }

    const metric = async (name) => {
        const res = await request(`${idp.admin}/metrics`);
        assert.equal(res.status, 200);
        const m = new RegExp(`^${name} (\\S+)$`, 'm').exec(res.body);
        return m ? Number(m[1]) : undefined;
    };

    test('the login page names the certificate it saw and offers « Se connecter avec ma carte CPS »', async () => {
        const jar = new CookieJar();
        const { page } = await openLogin(basic, { jar, cardName: kMedecin });
        const text = mainText(page.body);
        assert.match(text, /Carte CPS/);
        assert.ok(
            text.includes('Certificat détecté : CN=899700000112+GN=CLAIRE+SN=MOREAU,title=Medecin,O=TEST IGC-SANTE,C=FR'),
            text.slice(0, 600),
        );
        assert.ok(page.body.includes(kCardButton));
        const form = cardForm(page.body);
        assert.equal(form.method, 'post');
        assert.equal(form.action, '/auth/realms/esculape/login/card');
        assert.deepEqual(Object.keys(form.fields).sort(), ['csrf', 'interaction']);
        assert.ok(form.fields.csrf && form.fields.interaction, 'csrf and interaction filled in');
        assert.ok(text.includes('Identifiant et mot de passe') && findLoginForm(page.body), 'the password form too');
        // Without a certificate the card form is there, with how to get the browser to offer the card.
        const none = await openLogin(basic, { jar: new CookieJar() });
        assert.ok(cardForm(none.page.body), 'the card form without a certificate');
        assert.ok(!mainText(none.page.body).includes('Certificat détecté'));
    });

    test('a card login: code flow, ID token eidas3 / CARD, UserInfo palier 3, introspection', async () => {
        const { tokens, idToken, jar } = await cardLogin(basic, kMedecin);
        assert.ok(jar.get(kSessionCookie), 'an SSO session cookie');
        assert.equal(idToken.sub, kMedecin);
        assert.equal(idToken.acr, 'eidas3');
        assert.deepEqual(idToken.amr, ['hwk', 'sc', 'pin', 'mfa']);
        assert.equal(idToken.authMode, 'CARD');
        assert.equal(idToken.auth_level, 3);
        assert.ok(idToken.sid, 'a sid');

        const info = await request(idp.endpoints.userinfo, { ca: idp.ca, bearer: tokens.access_token });
        assert.equal(info.status, 200, info.body);
        const claims = info.json();
        assert.equal(claims.Palier_Authentification, kPalier3);
        assert.equal(claims.authMode, 'CARD');
        assert.equal(claims.SubjectNameID, kMedecin);

        const r = await introspect(idp, tokens.access_token, basic);
        assert.equal(r.active, true);
        assert.equal(r.acr, 'eidas3');
        assert.equal(r.sub, kMedecin);
    });

    for (const { what, card: cardName, status, message } of kRefusals) {
        test(`refused: ${what} → ${status} « …${message}… » on the login page, no session`, async () => {
            const { status: got, alert, res } = await tryCard(cardName);
            assert.equal(got, status, `status for ${what}: ${alert}`);
            assert.ok(alert.includes(message), `message for ${what}: « ${alert} »`);
            assert.equal(sessionCookie(res), undefined, 'no session cookie');
            assert.ok(cardForm(res.body) && findLoginForm(res.body), 'the login page again, with both forms');
        });
    }

    test('first card login of a professional of the directory opens her account (sub = national id)', async () => {
        const first = await cardLogin(basic, kCamille);
        assert.equal(first.idToken.sub, kCamille);
        assert.equal(first.idToken.acr, 'eidas3');
        const info = (await request(idp.endpoints.userinfo, { ca: idp.ca, bearer: first.tokens.access_token })).json();
        assert.equal(info.SubjectNameID, kCamille);
        assert.equal(info.family_name, 'DURAND');
        assert.equal(info.given_name, 'Camille');
        // Another browser, another login: the same account.
        const second = await cardLogin(basic, kCamille);
        assert.equal(second.idToken.sub, kCamille);
        assert.notEqual(second.idToken.sid, first.idToken.sid, 'a new session');
    });

    test('step-up: min_acr eidas3 after a password login asks for her own card and keeps the session', async () => {
        const jar = new CookieJar();
        const pwd = await loginThroughForm(idp, basic, { login: 'medecin', jar });
        const pwdTokens = await exchange(basic, pwd, pwd.code);
        assert.equal(pwdTokens.idToken.acr, 'eidas1');
        assert.deepEqual(pwdTokens.idToken.amr, ['pwd']);

        // The card service: the login page again, with the notice and the card button only.
        const flow = await openLogin(cardRp, { jar, cardName: kMedecin });
        const text = mainText(flow.page.body);
        assert.ok(
            text.includes(
                'Vous êtes déjà connecté·e. Client de test rp-card demande une connexion par carte CPS : ' +
                    'confirmez votre identité avec l’un des moyens ci-dessous.',
            ),
            `the step-up notice: ${text.slice(0, 600)}`,
        );
        assert.ok(cardForm(flow.page.body), 'the card form');
        assert.equal(findLoginForm(flow.page.body), undefined, 'no password form');
        assert.ok(!text.includes('Identifiant et mot de passe'));

        // Another professional's card: refused, the session stays at its level.
        const other = await postCard(flow.page, { jar, cardName: kPharmacien });
        assert.equal(other.status, 403, alertText(other.body));
        assert.match(alertText(other.body), /celle d’un autre professionnel/);
        other.url = flow.page.url;

        // Her own card, from the page as it was shown again.
        const params = await resume(await postCard(other, { jar, cardName: kMedecin }), cardRp, jar);
        const { idToken } = await exchange(cardRp, flow, params.code);
        assert.equal(idToken.sub, kMedecin);
        assert.equal(idToken.acr, 'eidas3');
        assert.deepEqual(idToken.amr, ['pwd', 'hwk', 'sc', 'pin', 'mfa']);
        assert.equal(idToken.authMode, 'CARD');
        assert.equal(idToken.auth_level, 3);
        assert.equal(idToken.sid, pwdTokens.idToken.sid, 'the same SSO session');

        // The session is now at eidas3: the card service signs in again without a page.
        const { params: again } = codeRequest(cardRp);
        const sso = await request(authorizeUrl(idp, again), { ca: idp.ca, jar });
        assert.ok(isRedirectTo(sso.location, cardRp.redirect_uris[0]), `SSO at eidas3: ${sso.location}`);
        assert.ok(queryOf(sso.location).code);
    });

    test('step-up: acr_values=eidas3 from an ordinary client asks for the card the same way', async () => {
        const jar = new CookieJar();
        await loginThroughForm(idp, basic, { login: 'medecin', jar });
        const flow = await openLogin(basic, { jar, cardName: kMedecin, overrides: { acr_values: 'eidas3' } });
        assert.match(mainText(flow.page.body), /Vous êtes déjà connecté·e\. Client de test rp-basic demande une connexion par carte CPS/);
        assert.equal(findLoginForm(flow.page.body), undefined, 'no password form');
        const params = await resume(await postCard(flow.page, { jar, cardName: kMedecin }), basic, jar);
        const { idToken } = await exchange(basic, flow, params.code);
        assert.equal(idToken.acr, 'eidas3');
        assert.deepEqual(idToken.amr, ['pwd', 'hwk', 'sc', 'pin', 'mfa']);
    });

    // The last two change the CRL file the idp reads, then put it back.
    test('CRL refresh: a CRL file that cannot be read keeps the previous CRL in force, with an ALERT', async () => {
        const fresh = fs.readFileSync(freshCrl);
        fs.rmSync(freshCrl);
        try {
            await pollUntil('an ALERT: the CRL was not refreshed', async () => {
                const alerts = idp.logs().stderr.split('\n').filter((l) => l.includes('ALERT card CRL not refreshed'));
                return { ok: alerts.some((l) => l.includes(freshCrl)), seen: alerts };
            });
            assert.equal((await tryCard(kMedecin)).status, 303, 'a good card still logs in');
            assert.equal((await tryCard('revoked')).status, 403, 'the revoked card is still refused');
            assert.equal(await metric('esculape_card_crl_stale'), 0);
        } finally {
            installCrl(fresh);
        }
    });

    test('CRL refresh: a CRL past its nextUpdate fails closed (503, metric, ALERT), a fresh one reopens', async () => {
        assert.equal(await metric('esculape_card_crl_stale'), 0, 'no stale CRL at the start');
        const fresh = fs.readFileSync(freshCrl);
        installCrl(fs.readFileSync(path.join(pki, 'crl/stale-ac-fort-personnes.crl.pem')));
        try {
            const refused = await pollUntil('a card login answers 503', async () => {
                const r = await tryCard(kMedecin);
                return { ok: r.status === 503, seen: [r.status, r.alert], ...r };
            });
            assert.ok(refused.alert.includes(kStaleMessage), `message: « ${refused.alert} »`);
            assert.equal(sessionCookie(refused.res), undefined);
            assert.ok(findLoginForm(refused.res.body), 'the password form stays offered');
            await pollUntil('esculape_card_crl_stale 1', async () => {
                const n = await metric('esculape_card_crl_stale');
                return { ok: n === 1, seen: n };
            });
            const alerts = idp.logs().stderr.split('\n').filter((l) => l.startsWith('esculape: ALERT card CRL'));
            assert.ok(
                alerts.some((l) => l.includes(freshCrl) && l.includes('past its nextUpdate')),
                `an ALERT naming the file: ${alerts.join('\n') || idp.logs().stderr}`,
            );
            // A password login is not affected.
            const pwd = await loginThroughForm(idp, basic, { login: 'medecin', jar: new CookieJar() });
            assert.ok(pwd.code);
        } finally {
            installCrl(fresh);
        }
        await pollUntil('a card logs in again', async () => {
            const r = await tryCard(kMedecin);
            return { ok: r.status === 303, seen: [r.status, r.alert] };
        });
        assert.equal(await metric('esculape_card_crl_stale'), 0, 'the gauge is back to 0');
        // The fresh CRL is in force again: the revoked card is still refused.
        assert.equal((await tryCard('revoked')).status, 403);
    });
});

describe('card CRLs at start-up', { timeout: 120000 }, () => {
    let tmp;
    let pki;
    const dirs = [];
    before(() => {
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'esculape-cards-'));
        pki = path.join(tmp, 'pki');
        execFileSync(path.join(repoRoot, 'certs/make-test-pki'), [pki], { stdio: 'pipe' });
    });
    after(() => {
        for (const d of [tmp, ...dirs]) if (d) fs.rmSync(d, { recursive: true, force: true });
    });

    // The configuration error line about card.crl_files[i] (`card.crl_files[i]: <file>: why`), or ''.
    const errorLine = (stderr, i) =>
        stderr.split('\n').map((l) => l.trim()).find((l) => l.startsWith(`card.crl_files[${i}]: `)) ?? '';

    // `idp serve` with `crlFiles`: resolves { code, stderr } (killed after 15 s if it does start).
    async function serveWith(crlFiles) {
        const prepared = await prepareIdp({
            tls: { client_ca_file: path.join(pki, 'client-ca.pem') },
            top: { card: { crl_files: crlFiles } },
        });
        dirs.push(prepared.tmp);
        return runIdp(['serve', '--config', prepared.configPath], { timeout: 15000 });
    }

    test('a CRL signed by a CA outside the client CA bundle stops the start-up, naming card.crl_files[1]', async () => {
        const foreign = otherCaCrl(pki, tmp);
        const r = await serveWith([path.join(pki, 'crl/ac-fort-personnes.crl.pem'), foreign]);
        assert.equal(r.code, 1, `exit 1, got ${r.code}: ${r.stderr}`);
        assert.ok(errorLine(r.stderr, 1).includes(foreign), `card.crl_files[1]: <its file>: …, in:\n${r.stderr}`);
        assert.ok(!r.stdout.includes('listening on'), 'never listened');
    });

    test('a file that is not a CRL stops the start-up, naming card.crl_files[0]', async () => {
        const notCrl = path.join(pki, 'cards', `${kMedecin}.crt`);
        const r = await serveWith([notCrl, path.join(pki, 'crl/root.crl.pem')]);
        assert.equal(r.code, 1, `exit 1, got ${r.code}: ${r.stderr}`);
        assert.ok(errorLine(r.stderr, 0).includes(notCrl), `card.crl_files[0]: <its file>: …, in:\n${r.stderr}`);
        assert.ok(!r.stdout.includes('listening on'), 'never listened');
    });
});
