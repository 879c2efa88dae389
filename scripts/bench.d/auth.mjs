// The client side of scripts/bench-auth (not a test): times CPS card logins over fresh TLS connections and CIBA
// round trips with a device signed here (no CLI process), against an `idp serve` the script started.
//   node auth.mjs card <json options>   → prints the card figures, writes options.out (JSON)
//   node auth.mjs ciba <json options>   → prints the CIBA figures, writes options.out (JSON)
// Timings are never checked: only a flow that does not end where it should (no code, no tokens) is an error.
import crypto from 'node:crypto';
import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import tls from 'node:tls';
import { performance } from 'node:perf_hooks';
import { CookieJar, basicAuth } from '../../test/integration/lib/http.mjs';
import { parseForms, pkcePair, randomToken } from '../../test/integration/lib/flow.mjs';
import { expect, line, stats } from './figures.mjs';
import { sender } from './https.mjs';

const [mode, json] = process.argv.slice(2);
const opt = JSON.parse(json);
const ca = fs.readFileSync(opt.ca);
const realm = new URL(opt.issuer).pathname;
const base = new URL(opt.issuer).origin;
const now = () => performance.now();

const send = sender({ ca, timeout: 15000 });

// ---------------------------------------------------------------------------------------------------------------
// Card login.

// The card (both parts need it: the CIBA part enrols its device after a card login).
const cardFiles = {
    cert: fs.readFileSync(path.join(opt.pki, 'cards', `${opt.card}.crt`)),
    key: fs.readFileSync(path.join(opt.pki, 'cards', `${opt.card}.key`)),
};

// A bare TLS connection presenting the card: ms to 'secureConnect' (the client's view: in TLS 1.3 the client is
// done before the server has checked its certificate) and to the first session ticket (sent by the server once it
// has verified the client's Certificate, CertificateVerify and Finished), and the protocol.
function handshake(localAddress) {
    return new Promise((resolve, reject) => {
        const t0 = now();
        let secure;
        let done = false;
        const port = Number(new URL(base).port);
        const socket = tls.connect({ host: '127.0.0.1', port, localAddress, ca, ...cardFiles });
        let protocol;
        const finish = (ticket) => {
            if (done) return;
            done = true;
            clearTimeout(timer);
            socket.destroy();
            resolve({ secure, ticket, protocol });
        };
        const timer = setTimeout(() => finish(undefined), 2000);
        socket.once('secureConnect', () => {
            secure = now() - t0;
            protocol = `${socket.getProtocol()} ${socket.getCipher()?.name ?? ''}`.trim();
            if (socket.getProtocol() !== 'TLSv1.3') finish(undefined);
        });
        socket.once('session', () => finish(now() - t0));
        socket.on('error', (e) => (done ? undefined : reject(e)));
    });
}

// One card login, code flow with PKCE, every request over `agent`; resolves { ms, connections }.
async function cardLogin(agent) {
    let connections = 0;
    const jar = new CookieJar();
    const pkce = pkcePair();
    const state = randomToken();
    const url = new URL(`${opt.issuer}/protocol/openid-connect/auth`);
    for (const [k, v] of Object.entries({
        client_id: opt.client,
        redirect_uri: opt.redirect,
        response_type: 'code',
        scope: 'openid scope_all',
        state,
        nonce: randomToken(),
        code_challenge: pkce.challenge,
        code_challenge_method: 'S256',
    }))
        url.searchParams.set(k, v);
    const count = (res) => {
        if (!res.reused) ++connections;
        return res;
    };
    const t0 = now();
    const authorize = count(await send(url, { jar, agent, card: cardFiles }));
    expect(authorize.status === 303 && authorize.location?.startsWith(`${opt.issuer}/login`), 'authorize → login', authorize);
    const page = count(await send(authorize.location, { jar, agent, card: cardFiles }));
    const form = parseForms(page.body).find((f) => f.action?.endsWith('/login/card'));
    expect(page.status === 200 && form?.fields.csrf && form.fields.interaction, 'the login page’s card form', page);
    const posted = count(
        await send(new URL(form.action, authorize.location), { method: 'POST', form: form.fields, jar, agent, card: cardFiles }),
    );
    expect(posted.status === 303 && posted.location?.startsWith(`${opt.issuer}/protocol/openid-connect/auth`), 'card POST → authorize', posted);
    const back = count(await send(posted.location, { jar, agent, card: cardFiles }));
    const code = back.location?.startsWith(opt.redirect) && new URL(back.location).searchParams.get('code');
    expect(back.status === 303 && code && new URL(back.location).searchParams.get('state') === state, 'authorize → the code', back);
    return { ms: now() - t0, connections };
}

async function benchCard() {
    const { iterations, warmup } = opt;
    const hs = { secure: [], ticket: [] };
    const fresh = [];
    const single = [];
    const connections = { fresh: new Set(), single: new Set() };
    let protocol;
    const t0 = Date.now();
    for (let i = 0; i < iterations; ++i) {
        // Each iteration comes from its own loopback address (127.1.x.y), as logins come from many browsers: the
        // idp lets one address open at most 300 login interactions a minute, which this loop would reach.
        const localAddress = `127.1.${Math.floor(i / 250) % 256}.${1 + (i % 250)}`;
        const h = await handshake(localAddress);
        protocol = h.protocol;
        // Each request on its own connection: no keep-alive, no TLS session cache (every handshake is full).
        const freshAgent = new https.Agent({ keepAlive: false, maxCachedSessions: 0, localAddress });
        const a = await cardLogin(freshAgent);
        freshAgent.destroy();
        // One connection for the whole login, as a browser would: keep-alive, still no session resumption.
        const oneAgent = new https.Agent({ keepAlive: true, maxSockets: 1, maxCachedSessions: 0, localAddress });
        const b = await cardLogin(oneAgent);
        oneAgent.destroy();
        if (i < warmup) continue;
        hs.secure.push(h.secure);
        if (h.ticket !== undefined) hs.ticket.push(h.ticket);
        fresh.push(a.ms);
        single.push(b.ms);
        connections.fresh.add(a.connections);
        connections.single.add(b.connections);
    }
    const out = {
        iterations,
        warmup,
        protocol,
        seconds: (Date.now() - t0) / 1000,
        handshake: stats(hs.secure),
        handshakeServerDone: hs.ticket.length ? stats(hs.ticket) : null,
        loginFresh: stats(fresh),
        loginOneConnection: stats(single),
        connections: { fresh: [...connections.fresh], single: [...connections.single] },
    };
    const key = new crypto.X509Certificate(ca).publicKey;
    out.serverKey = `${key.asymmetricKeyType}${key.asymmetricKeyDetails?.modulusLength ?? ''}${key.asymmetricKeyDetails?.namedCurve ? ` ${key.asymmetricKeyDetails.namedCurve}` : ''}`;
    console.log(`Card login (card ${opt.card}, ${protocol}, server key ${out.serverKey}): ${iterations - warmup} measured of ${iterations} (first ${warmup} warm-up), ${out.seconds.toFixed(1)} s`);
    line('TLS handshake with the card (secureConnect)', out.handshake);
    if (out.handshakeServerDone) line('  … until the server’s session ticket', out.handshakeServerDone);
    line(`login, a new connection per request (${out.connections.fresh.join('/')} conn)`, out.loginFresh);
    line(`login, one connection (${out.connections.single.join('/')} conn, 1 handshake)`, out.loginOneConnection);
    fs.writeFileSync(opt.out, JSON.stringify(out));
}

// ---------------------------------------------------------------------------------------------------------------
// CIBA.

// A device key and its Authorization header (authenticator/README.md, « Device JWT »).
function makeDevice() {
    const { privateKey, publicKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = publicKey.export({ format: 'jwk' });
    return {
        publicJwk: { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y },
        id: undefined,
        auth(method, url, extra = {}) {
            const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
            const header = { alg: 'ES256', typ: 'device+jwt', kid: this.id };
            const payload = {
                iat: Math.floor(Date.now() / 1000),
                jti: crypto.randomBytes(16).toString('base64url'),
                htm: method,
                htu: url,
                ...extra,
            };
            const input = `${b64(header)}.${b64(payload)}`;
            const sig = crypto.sign('sha256', Buffer.from(input), { key: privateKey, dsaEncoding: 'ieee-p1363' });
            return `Device ${input}.${sig.toString('base64url')}`;
        },
    };
}

// A card login of the card's owner (a session at eidas3), then « Mon compte » › activate: the activation code.
async function activationCode() {
    const agent = new https.Agent({ keepAlive: true, maxSockets: 1, maxCachedSessions: 0 });
    const jar = new CookieJar();
    const pkce = pkcePair();
    const url = new URL(`${opt.issuer}/protocol/openid-connect/auth`);
    for (const [k, v] of Object.entries({
        client_id: opt.client,
        redirect_uri: opt.redirect,
        response_type: 'code',
        scope: 'openid',
        state: randomToken(),
        code_challenge: pkce.challenge,
        code_challenge_method: 'S256',
    }))
        url.searchParams.set(k, v);
    const a = await send(url, { jar, agent, card: cardFiles });
    const page = await send(a.location, { jar, agent, card: cardFiles });
    const form = parseForms(page.body).find((f) => f.action?.endsWith('/login/card'));
    expect(form, 'the card form', page);
    const posted = await send(new URL(form.action, a.location), { method: 'POST', form: form.fields, jar, agent, card: cardFiles });
    const back = await send(posted.location, { jar, agent, card: cardFiles });
    expect(back.status === 303 && back.location.startsWith(opt.redirect), 'card login for the enrolment', back);
    const account = `${base}/account/authenticator`;
    const accountPage = await send(account, { jar, agent });
    const csrf = parseForms(accountPage.body).find((f) => f.fields.csrf)?.fields.csrf;
    expect(csrf, 'a csrf on /account/authenticator', accountPage);
    const shown = await send(account, { method: 'POST', form: { csrf, action: 'activate' }, jar, agent });
    const code = /class="activation-code">([^<]+)</.exec(shown.body)?.[1];
    expect(code, 'an activation code', shown);
    agent.destroy();
    return code;
}

async function benchCiba() {
    const { rounds, warmup } = opt;
    const device = makeDevice();
    const enrolled = await send(`${opt.issuer}/device/enroll`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code: await activationCode(), public_key: device.publicJwk, name: 'bench-auth' }),
    });
    expect(enrolled.status === 201, 'device enrolment', enrolled);
    device.id = enrolled.json().device_id;

    // The relying party and the phone each keep their connection (keep-alive): the figures are the requests.
    const rpAgent = new https.Agent({ keepAlive: true, maxSockets: 1 });
    const phoneAgent = new https.Agent({ keepAlive: true, maxSockets: 1 });
    const rpAuth = basicAuth(opt.cibaClient, opt.cibaSecret);
    const requestsUrl = `${opt.issuer}/device/requests`;
    const decisionUrl = `${opt.issuer}/device/requests/decision`;
    const tokenUrl = `${opt.issuer}/protocol/openid-connect/token`;
    const series = { auth: [], device: [], poll: [], total: [] };
    let refetches = 0;
    const t0 = Date.now();
    for (let i = 0; i < rounds + warmup; ++i) {
        const binding = `Bench-${i}-${randomToken(4)}`;
        const a = now();
        const started = await send(`${opt.issuer}/ext/ciba/auth`, {
            method: 'POST',
            headers: { authorization: rpAuth },
            form: { scope: 'openid scope_all', login_hint: opt.loginHint, binding_message: binding },
            agent: rpAgent,
        });
        expect(started.status === 200, 'ext/ciba/auth', started);
        const authReqId = started.json().auth_req_id;
        const b = now();
        let pending;
        for (let tries = 0; !pending; ++tries) {
            const list = await send(requestsUrl, { headers: { authorization: device.auth('GET', requestsUrl) }, agent: phoneAgent });
            expect(list.status === 200, 'GET device/requests', list);
            pending = list.json().requests.find((r) => r.binding_code === binding);
            if (!pending) {
                expect(tries < 20, `the request ${binding} on the device`, list);
                ++refetches;
            }
        }
        const decided = await send(decisionUrl, {
            method: 'POST',
            headers: {
                authorization: device.auth('POST', decisionUrl, {
                    request_id: pending.id,
                    decision: 'approve',
                    challenge: pending.challenge,
                }),
            },
            agent: phoneAgent,
        });
        expect(decided.status === 200 && decided.json().state === 'approved', 'the approval', decided);
        const c = now();
        const tokens = await send(tokenUrl, {
            method: 'POST',
            headers: { authorization: rpAuth },
            form: { grant_type: 'urn:openid:params:grant-type:ciba', auth_req_id: authReqId },
            agent: rpAgent,
        });
        expect(tokens.status === 200 && tokens.json().id_token && tokens.json().access_token, 'the tokens', tokens);
        const d = now();
        if (i < warmup) continue;
        series.auth.push(b - a);
        series.device.push(c - b);
        series.poll.push(d - c);
        series.total.push(d - a);
    }
    rpAgent.destroy();
    phoneAgent.destroy();
    const out = {
        rounds,
        warmup,
        refetches,
        seconds: (Date.now() - t0) / 1000,
        auth: stats(series.auth),
        device: stats(series.device),
        poll: stats(series.poll),
        total: stats(series.total),
    };
    console.log(`CIBA round trip (medecin, device ${device.id.slice(0, 8)}…): ${rounds} measured (+${warmup} warm-up), ${out.seconds.toFixed(1)} s, keep-alive connections`);
    const keys = ['p50', 'p99', 'max'];
    line('(a) POST ext/ciba/auth', out.auth, keys);
    line('(b) device: GET requests + POST decision', out.device, keys);
    line('(c) token poll (first poll, after approval)', out.poll, keys);
    line('(d) whole round trip (a+b+c, no waiting)', out.total, keys);
    if (refetches) console.log(`  the device had to fetch again ${refetches} time(s): the request was not listed yet`);
    fs.writeFileSync(opt.out, JSON.stringify(out));
}

if (mode === 'card') await benchCard();
else if (mode === 'ciba') await benchCiba();
else throw new Error(`unknown mode ${mode}`);
