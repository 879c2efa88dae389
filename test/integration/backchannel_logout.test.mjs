// OpenID Connect Back-Channel Logout 1.0: when the SSO session ends (RP-initiated logout « partout », the portal's
// « Se déconnecter »), every client of that session with a backchannel_logout_uri receives one POST
// logout_token=<JWS> (§2.5), typ logout+jwt, signed like its ID tokens and naming the same sub and sid (§2.4).
// Leaving one service only notifies nobody; 5xx answers are retried (5 s, then doubling), other 4xx are not.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { startIdp } from './lib/harness.mjs';
import { request, CookieJar } from './lib/http.mjs';
import { obtainTokens, authorizeUrl, codeRequest, parseForms, queryOf, isRedirectTo } from './lib/flow.mjs';
import { jose } from './lib/deps.mjs';
import { verifyJwt } from './lib/jwt.mjs';

const kEvent = 'http://schemas.openid.net/event/backchannel-logout';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// One HTTP relying party per path on 127.0.0.1: records every POST; `answers` (status codes) are used in turn,
// 200 once they are exhausted.
function startReceiver() {
    const paths = new Map();
    const server = http.createServer((req, res) => {
        let body = '';
        req.on('data', (c) => (body += c));
        req.on('end', () => {
            const ep = paths.get(req.url);
            if (!ep || req.method !== 'POST') {
                res.writeHead(404).end();
                return;
            }
            ep.posts.push({ at: Date.now(), headers: req.headers, body, form: new URLSearchParams(body) });
            const status = ep.answers.shift() ?? 200;
            res.writeHead(status, { 'Cache-Control': 'no-store' }).end();
        });
    });
    return new Promise((resolve) => {
        server.listen(0, '127.0.0.1', () => {
            const base = `http://127.0.0.1:${server.address().port}`;
            resolve({
                server,
                uri: (path) => {
                    paths.set(path, { posts: [], answers: [] });
                    return `${base}${path}`;
                },
                endpoint: (path) => paths.get(path),
                reset() {
                    for (const ep of paths.values()) {
                        ep.posts = [];
                        ep.answers = [];
                    }
                },
                close: () => new Promise((r) => server.close(r)),
            });
        });
    });
}

// Resolves once `ep` received `count` POSTs, or fails after `ms`.
async function waitForPosts(ep, count, ms, what) {
    const deadline = Date.now() + ms;
    while (ep.posts.length < count) {
        if (Date.now() > deadline) assert.fail(`${what}: ${ep.posts.length} POST(s) after ${ms} ms, ${count} expected`);
        await sleep(100);
    }
    return ep.posts;
}

function logoutUrl(idp, params) {
    const u = new URL(idp.endpoints.logout);
    for (const [k, v] of Object.entries(params)) if (v !== undefined) u.searchParams.set(k, v);
    return u.toString();
}

// RP-initiated logout with id_token_hint, then the choice page's form of the given scope (everywhere | service).
async function logoutChoosing(idp, client, idToken, scope, jar) {
    const url = logoutUrl(idp, {
        id_token_hint: idToken,
        post_logout_redirect_uri: client.post_logout_redirect_uris[0],
        state: scope,
    });
    const choice = await request(url, { ca: idp.ca, jar });
    assert.equal(choice.status, 200, `the choice page, got ${choice.status}`);
    const form = parseForms(choice.body).find((f) => f.fields.scope === scope);
    assert.ok(form, `a scope=${scope} form`);
    const res = await request(new URL(form.action, url).toString(), {
        method: 'POST',
        form: form.fields,
        ca: idp.ca,
        jar,
    });
    assert.equal(res.status, 303, `logout answered ${res.status}`);
    assert.equal(queryOf(res.location).state, scope);
    return res;
}

describe('back-channel logout', { timeout: 120000 }, () => {
    let idp;
    let receiver;
    let jwks;
    let basic;
    let es;
    const clientPath = { 'rp-basic': '/rp-basic/backchannel-logout', 'rp-es': '/rp-es/backchannel-logout' };

    before(async () => {
        receiver = await startReceiver();
        idp = await startIdp({
            clientOverrides: {
                'rp-basic': { backchannel_logout_uri: receiver.uri(clientPath['rp-basic']) },
                'rp-es': { backchannel_logout_uri: receiver.uri(clientPath['rp-es']) },
            },
        });
        basic = idp.clients['rp-basic'];
        es = idp.clients['rp-es'];
        // What a relying party does: the issuer's JWKS fetched by URL (and again for an unknown kid).
        jwks = jose.createRemoteJWKSet(new URL(idp.endpoints.jwks), {
            [jose.customFetch]: async (url) => {
                const r = await request(String(url), { ca: idp.ca });
                const headers = { 'content-type': r.headers['content-type'] };
                return new Response(r.body, { status: r.status, headers });
            },
        });
    });
    after(async () => {
        await idp?.stop();
        await receiver?.close();
    });

    // The checks of §2.6 for one delivered POST, against the ID token `idToken` the same client received.
    async function assertLogoutToken(post, client, idToken, alg) {
        assert.match(post.headers['content-type'], /^application\/x-www-form-urlencoded/);
        assert.deepEqual([...post.form.keys()], ['logout_token']);
        const token = post.form.get('logout_token');
        const { payload: id } = await verifyJwt(idp, idToken, { audience: client.id });
        const { payload, protectedHeader } = await jose.jwtVerify(token, jwks, {
            issuer: idp.issuer,
            audience: client.id,
            algorithms: [alg],
            typ: 'logout+jwt',
        });
        assert.equal(protectedHeader.typ, 'logout+jwt');
        assert.equal(protectedHeader.alg, alg);
        assert.equal(payload.iss, idp.issuer);
        assert.ok(payload.aud === client.id || (Array.isArray(payload.aud) && payload.aud.includes(client.id)));
        assert.ok(id.sid, 'the ID token has a sid');
        assert.equal(payload.sub, id.sub);
        assert.equal(payload.sid, id.sid);
        assert.deepEqual(payload.events, { [kEvent]: {} });
        assert.equal(payload.nonce, undefined, 'no nonce (§2.4)');
        assert.equal(typeof payload.jti, 'string');
        assert.ok(payload.jti.length >= 16, 'a jti');
        assert.equal(typeof payload.iat, 'number');
        const lifetime = payload.exp - payload.iat;
        assert.ok(lifetime > 0 && lifetime <= 120, `exp - iat = ${lifetime}`);
        assert.ok(Math.abs(payload.iat - Date.now() / 1000) < 30, 'iat is now');
        return { token, payload };
    }

    test('« Me déconnecter partout » → one verified logout token per client of the SSO session', async () => {
        receiver.reset();
        const jar = new CookieJar();
        const a = await obtainTokens(idp, basic, { jar });
        const b = await obtainTokens(idp, es, { jar }); // same browser: single sign-on
        assert.equal(b.flow.sawLoginPage, false, 'the second client signs in through the SSO session');
        await logoutChoosing(idp, basic, a.tokens.id_token, 'everywhere', jar);
        const epA = receiver.endpoint(clientPath['rp-basic']);
        const epB = receiver.endpoint(clientPath['rp-es']);
        await waitForPosts(epA, 1, 6000, 'rp-basic');
        await waitForPosts(epB, 1, 6000, 'rp-es');
        const tA = await assertLogoutToken(epA.posts[0], basic, a.tokens.id_token, 'RS256');
        const tB = await assertLogoutToken(epB.posts[0], es, b.tokens.id_token, 'ES256');
        assert.equal(tA.payload.sid, tB.payload.sid, 'one SSO session');
        assert.notEqual(tA.payload.jti, tB.payload.jti);
        await sleep(1500);
        assert.equal(epA.posts.length, 1, 'exactly one POST to rp-basic');
        assert.equal(epB.posts.length, 1, 'exactly one POST to rp-es');
    });

    test('« Quitter seulement » notifies nobody and keeps the SSO session', async () => {
        receiver.reset();
        const jar = new CookieJar();
        const a = await obtainTokens(idp, basic, { jar });
        await obtainTokens(idp, es, { jar });
        await logoutChoosing(idp, basic, a.tokens.id_token, 'service', jar);
        await sleep(3000);
        assert.equal(receiver.endpoint(clientPath['rp-basic']).posts.length, 0, 'no POST to rp-basic');
        assert.equal(receiver.endpoint(clientPath['rp-es']).posts.length, 0, 'no POST to rp-es');
        const still = await request(authorizeUrl(idp, codeRequest(basic).params), { ca: idp.ca, jar });
        assert.ok(isRedirectTo(still.location, basic.redirect_uris[0]), `SSO session still open: ${still.location}`);
    });

    test('503 then 200: the same token is delivered again about 5 s later', async () => {
        receiver.reset();
        const ep = receiver.endpoint(clientPath['rp-basic']);
        ep.answers.push(503);
        const jar = new CookieJar();
        const a = await obtainTokens(idp, basic, { jar });
        await logoutChoosing(idp, basic, a.tokens.id_token, 'everywhere', jar);
        await waitForPosts(ep, 2, 20000, 'rp-basic after a 503');
        const [first, second] = ep.posts;
        assert.equal(second.body, first.body, 'the same logout token');
        const gap = second.at - first.at;
        assert.ok(gap >= 4000 && gap < 12000, `retried after ${gap} ms, about 5 s expected`);
        await assertLogoutToken(second, basic, a.tokens.id_token, 'RS256');
        await sleep(1500);
        assert.equal(ep.posts.length, 2, 'delivered: no third POST');
    });

    test('400: a permanent failure, logged once, not retried', async () => {
        receiver.reset();
        const ep = receiver.endpoint(clientPath['rp-basic']);
        ep.answers.push(400, 400);
        const jar = new CookieJar();
        const a = await obtainTokens(idp, basic, { jar });
        await logoutChoosing(idp, basic, a.tokens.id_token, 'everywhere', jar);
        await waitForPosts(ep, 1, 6000, 'rp-basic');
        const deadline = Date.now() + 3000;
        const line = /backchannel: logout of rp-basic at \S+ failed for good after 1 attempt\(s\): HTTP 400/;
        while (!line.test(idp.logs().stderr) && Date.now() < deadline) await sleep(100);
        assert.match(idp.logs().stderr, line);
        await sleep(1500);
        assert.equal(ep.posts.length, 1, 'no retry after a 400');
    });

    test("the portal's « Se déconnecter » notifies the session's clients", async () => {
        receiver.reset();
        const jar = new CookieJar();
        const a = await obtainTokens(idp, basic, { jar });
        const b = await obtainTokens(idp, es, { jar });
        const portal = await request(`${idp.base}/`, { ca: idp.ca, jar });
        assert.equal(portal.status, 200);
        const form = parseForms(portal.body).find((f) => f.fields.csrf !== undefined && /logout$/.test(f.action ?? ''));
        assert.ok(form, 'the portal has a sign-out form');
        const res = await request(new URL(form.action, `${idp.base}/`).toString(), {
            method: 'POST',
            form: form.fields,
            ca: idp.ca,
            jar,
        });
        assert.equal(res.status, 303, `portal logout answered ${res.status}`);
        const epA = receiver.endpoint(clientPath['rp-basic']);
        const epB = receiver.endpoint(clientPath['rp-es']);
        await waitForPosts(epA, 1, 6000, 'rp-basic');
        await waitForPosts(epB, 1, 6000, 'rp-es');
        await assertLogoutToken(epA.posts[0], basic, a.tokens.id_token, 'RS256');
        await assertLogoutToken(epB.posts[0], es, b.tokens.id_token, 'ES256');
        const after = await request(authorizeUrl(idp, codeRequest(basic).params), { ca: idp.ca, jar });
        assert.ok(after.location.startsWith(idp.endpoints.login), `the SSO session is over: ${after.location}`);
    });
});
