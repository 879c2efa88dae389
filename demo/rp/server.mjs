// Demo relying parties of Esculape: one small HTTP server hosting, under /<client id>/, a relying party for every
// client of conf/clients/ that registered http://127.0.0.1:<port>/<id>/callback. Each one runs the authorization
// code flow with PKCE S256, state and nonce (OpenID Connect Core §3.1, RFC 7636), verifies the ID token, calls
// UserInfo, refreshes tokens (RFC 6749 §6), signs out through RP-initiated logout, and ends its sessions when the
// idp says the professional's Esculape session is over (OpenID Connect Back-Channel Logout 1.0, POST
// /<client id>/backchannel-logout).
//
//   node server.mjs [--config ../../conf/idp.toml] [--port 3000] [--exit-with-parent]
import crypto from 'node:crypto';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { generators } from 'openid-client';
import { InvalidLogoutToken, makeKeySource, verifyLogoutToken } from './backchannel.mjs';
import { loadSettings, makeClientSource, trustCertificate } from './clients.mjs';
import { renderError, renderHome, renderIndex } from './pages.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const { values: args } = parseArgs({ options: {
    config: { type: 'string', default: path.join(here, '../../conf/idp.toml') },
    port: { type: 'string', default: process.env.DEMO_RP_PORT ?? '3000' },
    'exit-with-parent': { type: 'boolean', default: false },
} });

const kScope = 'openid scope_all';
const kAcr = 'eidas1';
const kSessionIdle = 3600 * 1000;
const kMaxSessions = 10000;
// Pages need nothing but their inline style.
const kPolicy = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'";
const base = `http://127.0.0.1:${Number(args.port)}`;
const settings = loadOrExit(path.resolve(args.config));
const trusted = trustCertificate(settings.certFile);
const clientFor = makeClientSource(settings.issuer, settings.relyingParties);
const keysFor = makeKeySource(trusted);
const portalUrl = `${new URL(settings.issuer).origin}/`;
const byId = new Map(settings.relyingParties.map((rp) => [rp.id, rp]));

function loadOrExit(configFile) {
    try {
        return loadSettings(configFile, base);
    } catch (err) {
        console.error(`demo-rp: cannot read the configuration: ${err.message}`);
        process.exit(1);
    }
}

// In-memory sessions, one cookie per relying party (its path scopes it): sid → session.
const sessions = new Map();
// The idp's session named by the ID token (its sid claim) → the local sessions it opened, per relying party: what a
// back-channel logout token designates. `${rp id} ${idp sid}` → Set of local sids.
const byIdpSession = new Map();
// Local sessions ended by a back-channel logout: the next page with their cookie says so, once. Local sid → time.
const endedByIdp = new Map();

function cookieName(rp) {
    return `rp_${rp.id.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

function cookieSid(req, rp) {
    const wanted = `${cookieName(rp)}=`;
    return (req.headers.cookie ?? '').split(/;\s*/).find((c) => c.startsWith(wanted))?.slice(wanted.length);
}

function findSession(req, rp) {
    const sid = cookieSid(req, rp);
    const session = sid && sessions.get(sid);
    if (!session) return undefined;
    if (Date.now() - session.seen > kSessionIdle) {
        dropSession(session);
        return undefined;
    }
    session.seen = Date.now();
    return session;
}

// A fresh session (new id on every sign-in step, so an id seen before login is worth nothing after).
function newSession(res, rp, fields) {
    if (sessions.size >= kMaxSessions) dropSession(sessions.values().next().value);
    const sid = crypto.randomBytes(32).toString('base64url');
    const csrf = crypto.randomBytes(24).toString('base64url');
    const session = { sid, rpId: rp.id, seen: Date.now(), csrf, ...fields };
    sessions.set(sid, session);
    res.setHeader('Set-Cookie', `${cookieName(rp)}=${sid}; Path=${rp.path}; HttpOnly; SameSite=Lax`);
    return session;
}

function unindexSession(session) {
    if (!session.idpSid) return;
    const key = `${session.rpId} ${session.idpSid}`;
    const local = byIdpSession.get(key);
    local?.delete(session.sid);
    if (local?.size === 0) byIdpSession.delete(key);
    session.idpSid = undefined;
}

// Called once the ID token is known: a back-channel logout naming its sid finds this session.
function indexSession(session) {
    const idpSid = session.claims?.sid;
    if (!idpSid || idpSid === session.idpSid) return;
    unindexSession(session);
    session.idpSid = idpSid;
    const key = `${session.rpId} ${idpSid}`;
    if (!byIdpSession.has(key)) byIdpSession.set(key, new Set());
    byIdpSession.get(key).add(session.sid);
}

function dropSession(session) {
    if (!session) return;
    unindexSession(session);
    sessions.delete(session.sid);
}

// OpenID Connect Back-Channel Logout 1.0 §2.6–2.7: the local sessions of `rp` that the token designates (its sid,
// or without one every session of its sub) are destroyed, remembered to tell the browser; returns how many.
function endSessionsOf(rp, { sid, sub }) {
    const local = sid
        ? [...(byIdpSession.get(`${rp.id} ${sid}`) ?? [])].map((id) => sessions.get(id))
        : [...sessions.values()].filter((s) => s.rpId === rp.id);
    let ended = 0;
    for (const session of local) {
        if (!session?.claims || (sub && session.claims.sub !== sub)) continue;
        dropSession(session);
        if (endedByIdp.size >= kMaxSessions) endedByIdp.delete(endedByIdp.keys().next().value);
        endedByIdp.set(session.sid, Date.now());
        ++ended;
    }
    return ended;
}

// True once if the browser's session of `rp` was ended by a back-channel logout.
function takeEndedByIdp(req, rp) {
    const sid = cookieSid(req, rp);
    const at = sid && endedByIdp.get(sid);
    if (!at) return false;
    endedByIdp.delete(sid);
    return Date.now() - at <= kSessionIdle;
}

function send(res, status, html) {
    res.writeHead(status, {
        'Content-Type': 'text/html; charset=utf-8',
        'Cache-Control': 'no-store',
        'Content-Security-Policy': kPolicy,
        'Referrer-Policy': 'no-referrer',
        'X-Content-Type-Options': 'nosniff',
    });
    res.end(html);
}

function redirect(res, location) {
    res.writeHead(303, { Location: location, 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' });
    res.end();
}

async function readForm(req, limit = 4096) {
    let body = '';
    for await (const chunk of req) {
        body += chunk;
        if (body.length > limit) throw new Error('form too large');
    }
    return new URLSearchParams(body);
}

function sameSecret(a, b) {
    const x = Buffer.from(String(a ?? '')), y = Buffer.from(String(b ?? ''));
    return x.length === y.length && crypto.timingSafeEqual(x, y);
}

function jwsAlg(jws) {
    return JSON.parse(Buffer.from(jws.split('.')[0], 'base64url').toString()).alg;
}

// Stores what the relying party knows after a token response: verified ID token claims and UserInfo.
async function absorb(client, rp, session, tokenSet) {
    if (!tokenSet.id_token && session.tokenSet?.id_token) tokenSet.id_token = session.tokenSet.id_token;
    // Passing the TokenSet makes openid-client check that UserInfo's sub is the ID token's (OIDC Core §5.3.2).
    session.userinfo = await client.userinfo(tokenSet);
    session.userinfoSigned = rp.metadata.userinfo_signed_response_alg;
    session.tokenSet = tokenSet;
    session.claims = tokenSet.claims();
    session.idTokenAlg = jwsAlg(tokenSet.id_token);
    indexSession(session);
}

const actions = {
    async 'GET /'(req, res, rp, url) {
        const session = findSession(req, rp);
        const state = url.searchParams.get('state');
        if (session?.logoutState && state && sameSecret(state, session.logoutState)) {
            session.logoutState = undefined;
            // Esculape asked: this service only, or everywhere (then the other services hear of it by back-channel).
            session.flash = { text: 'Vous êtes déconnecté de ce service.' };
        }
        if (!session && takeEndedByIdp(req, rp)) {
            const flash = { text: 'Vous avez été déconnecté depuis le portail Esculape.',
                detail: 'Votre session Esculape a été fermée (déconnexion depuis le portail ou depuis un autre '
                    + 'service) et Esculape en a averti ce service par le canal arrière (OpenID Connect '
                    + 'Back-Channel Logout).' };
            return send(res, 200, renderHome(rp, { flash }, portalUrl));
        }
        const flash = session?.flash;
        if (session) session.flash = undefined;
        send(res, 200, renderHome(rp, session && { ...session, flash }, portalUrl));
    },

    async 'GET /login'(req, res, rp) {
        const client = await clientFor(rp);
        const pending = { state: generators.state(), nonce: generators.nonce(), verifier: generators.codeVerifier() };
        dropSession(findSession(req, rp));
        newSession(res, rp, { pending });
        redirect(res, client.authorizationUrl({
            scope: kScope, acr_values: kAcr, state: pending.state, nonce: pending.nonce,
            code_challenge: generators.codeChallenge(pending.verifier), code_challenge_method: 'S256',
        }));
    },

    async 'GET /callback'(req, res, rp) {
        const session = findSession(req, rp);
        const pending = session?.pending;
        if (!pending) {
            return send(res, 400, renderError(rp, 'Connexion impossible',
                'Aucune connexion en cours pour ce navigateur (session expirée ou cookie absent). Recommencez.'));
        }
        dropSession(session);
        const client = await clientFor(rp);
        const params = client.callbackParams(req);
        const tokenSet = await client.callback(rp.redirectUri, params,
            { state: pending.state, nonce: pending.nonce, code_verifier: pending.verifier, response_type: 'code' });
        const fresh = newSession(res, rp, {});
        await absorb(client, rp, fresh, tokenSet);
        redirect(res, rp.path);
    },

    async 'POST /refresh'(req, res, rp, url, form, session) {
        const client = await clientFor(rp);
        await absorb(client, rp, session, await client.refresh(session.tokenSet));
        const now = new Date().toLocaleTimeString('fr-FR', { timeZone: 'Europe/Paris' });
        session.flash = { text: `Jetons rafraîchis à ${now}.` };
        redirect(res, rp.path);
    },

    async 'POST /logout'(req, res, rp, url, form, session) {
        const client = await clientFor(rp);
        const idTokenHint = session.tokenSet.id_token;
        dropSession(session);
        const logoutState = generators.state();
        newSession(res, rp, { logoutState });
        // OpenID Connect RP-Initiated Logout 1.0 §2: the hint names the session, the registered URI brings us back.
        redirect(res, client.endSessionUrl({
            id_token_hint: idTokenHint, post_logout_redirect_uri: rp.postLogoutUri, state: logoutState,
        }));
    },
};

// OpenID Connect Back-Channel Logout 1.0 §2.5–2.8: the idp POSTs logout_token (form-encoded, no cookie) when the
// professional's Esculape session ends. 200 once its local sessions are gone, 400 with a JSON error for a token
// refused, 503 when discovery or the issuer's keys are out of reach (the idp tries again later).
async function backchannelLogout(req, res, rp) {
    const reply = (status, body) => {
        res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
        res.end(body ? JSON.stringify(body) : '');
    };
    let form;
    try {
        form = await readForm(req, 16384);
    } catch (err) {
        return reply(400, { error: 'invalid_request', error_description: err.message });
    }
    let named;
    try {
        const client = await clientFor(rp);
        named = await verifyLogoutToken(form.get('logout_token'), {
            issuer: settings.issuer,
            clientId: rp.id,
            keys: keysFor(client.issuer.metadata.jwks_uri),
            algorithms: [rp.metadata.id_token_signed_response_alg],
        });
    } catch (err) {
        const refused = err instanceof InvalidLogoutToken;
        console.error(`demo-rp: ${rp.id} back-channel logout ${refused ? 'refused' : 'failed'}: ${explain(err)}`);
        if (refused) {
            return reply(400, { error: 'invalid_request', error_description: err.message });
        }
        return reply(503, { error: 'temporarily_unavailable', error_description: explain(err) });
    }
    const ended = endSessionsOf(rp, named);
    console.log(`demo-rp: ${rp.id} back-channel logout (${named.sid ? 'sid' : 'sub'}): ${ended} session(s) ended`);
    reply(200);
}

// POST actions need a signed-in session and its CSRF token.
async function checkedPost(req, res, rp) {
    const form = await readForm(req);
    const session = findSession(req, rp);
    if (!session?.tokenSet || !sameSecret(form.get('csrf'), session.csrf)) {
        send(res, 400, renderError(rp, 'Demande refusée',
            'Session expirée ou formulaire invalide : reconnectez-vous.'));
        return undefined;
    }
    return { form, session };
}

function explain(err) {
    if (err.error) return `${err.error}${err.error_description ? ` : ${err.error_description}` : ''}`;
    return err.message;
}

// The idp unreachable (502) or its answer refused (an OAuth error, a failed check of state, nonce or signature).
function sendFailure(res, rp, err) {
    const unreachable = ['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT'].includes(err.code)
        || err.name === 'TimeoutError' || /certificate/i.test(err.message);
    if (unreachable) {
        return send(res, 502, renderError(rp, 'Esculape ne répond pas', `Le fournisseur d'identité `
            + `${settings.issuer} est injoignable ou son certificat n'est pas reconnu.`, explain(err)));
    }
    send(res, 400, renderError(rp, 'Échec de la connexion',
        'Esculape a refusé la demande ou sa réponse n\'a pas pu être vérifiée.', explain(err)));
}

// What scripts/run reports: the relying parties reached the issuer's discovery through the same HTTP stack,
// name resolution and certificate trust as a login uses (not merely "the port is open").
async function health(res) {
    const rp = settings.relyingParties[0];
    const body = { issuer: settings.issuer, clients: settings.relyingParties.map((r) => r.id) };
    try {
        if (rp) await clientFor(rp);
        res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
        res.end(JSON.stringify({ ...body, discovery: 'ok' }));
    } catch (err) {
        res.writeHead(502, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
        res.end(JSON.stringify({ ...body, discovery: explain(err) }));
    }
}

async function handle(req, res) {
    const url = new URL(req.url, base);
    if (url.pathname === '/') return send(res, 200, renderIndex(settings.relyingParties, settings.issuer));
    if (url.pathname === '/healthz') return health(res);
    const [, id, rest = ''] = /^\/([^/]+)(\/.*)?$/.exec(url.pathname) ?? [];
    const rp = byId.get(id);
    if (!rp) {
        return send(res, 404, renderError(null, 'Page introuvable', `Aucun service à l'adresse ${url.pathname}.`));
    }
    if (rest === '') return redirect(res, rp.path);
    // Server to server: no cookie, no CSRF token; the signed logout token is the proof.
    if (req.method === 'POST' && rest === '/backchannel-logout') return backchannelLogout(req, res, rp);
    const action = actions[`${req.method} ${rest}`];
    if (!action) return send(res, 404, renderError(rp, 'Page introuvable', `Aucune page ${req.method} ${rest}.`));
    try {
        const checked = req.method === 'POST' ? await checkedPost(req, res, rp) : {};
        if (checked) await action(req, res, rp, url, checked.form, checked.session);
    } catch (err) {
        console.error(`demo-rp: ${rp.id} ${req.method} ${rest}: ${err.stack ?? err}`);
        sendFailure(res, rp, err);
    }
}

const server = http.createServer((req, res) => {
    res.on('finish', () => console.log(`demo-rp: ${req.method} ${req.url.split('?')[0]} ${res.statusCode}`));
    handle(req, res).catch((err) => {
        console.error(`demo-rp: ${err.stack ?? err}`);
        if (!res.headersSent) {
            send(res, 500, renderError(null, 'Erreur interne', 'Le service de démonstration a échoué.'));
        }
    });
});

server.on('error', (err) => {
    const why = err.code === 'EADDRINUSE' ? 'port already in use' : err.message;
    console.error(`demo-rp: cannot listen on ${base}: ${why}`);
    process.exit(1);
});
server.listen(Number(args.port), '127.0.0.1', () => {
    const ids = settings.relyingParties.map((rp) => rp.id).join(', ') || 'aucun client';
    console.log(`demo-rp: listening on ${base}/ (${ids}; issuer ${settings.issuer}${trusted ? ', certificate ' +
        settings.certFile + ' trusted' : ''})`);
});

const stop = () => server.close(() => process.exit(0)).closeAllConnections();
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
// scripts/run execs the idp after starting us: when that process ends we are re-parented, and stop with it.
if (args['exit-with-parent']) {
    const parent = process.ppid;
    setInterval(() => process.ppid !== parent && stop(), 1000);
}
