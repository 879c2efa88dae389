// State that survives and is shared: a login in progress survives a restart of the idp, and two idp
// processes on one SQLite file (same keys and secrets, no sticky session) finish each other's logins
// and honour each other's revocations. Also: the memory backend serves the demo on its own.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startIdp } from './lib/harness.mjs';
import { request, CookieJar } from './lib/http.mjs';
import {
    authorizeUrl,
    codeRequest,
    submitLogin,
    followAuthorization,
    tokenRequest,
    clientPost,
    obtainTokens,
    queryOf,
    isRedirectTo,
} from './lib/flow.mjs';

// authorize → the login page, as a browser would, on the node `onNode` moves URLs to (this one by default).
async function openLoginPage(idp, client, jar, onNode = (u) => u) {
    const { params, pkce } = codeRequest(client);
    const res = await request(onNode(authorizeUrl(idp, params)), { ca: idp.ca, jar });
    assert.equal(res.status, 303, `authorize → login page, got ${res.status}: ${res.body}`);
    const url = onNode(res.location);
    const page = await request(url, { ca: idp.ca, jar });
    page.url = url;
    assert.equal(page.status, 200, `login page: ${page.body.slice(0, 300)}`);
    return { page, params, pkce };
}

// POSTs the login form to `onNode`'s node, then follows to the client; returns the code.
async function finishLogin(idp, client, opened, jar, onNode = (u) => u) {
    const posted = await submitLogin(idp, opened.page, { login: 'medecin', jar });
    assert.equal(posted.status, 303, `login POST: ${posted.status} ${posted.body?.slice(0, 300)}`);
    const back = await request(onNode(posted.location), { ca: idp.ca, jar });
    assert.equal(back.status, 303, `back to authorize: ${back.status} ${back.body?.slice(0, 300)}`);
    assert.ok(isRedirectTo(back.location, client.redirect_uris[0]), back.location);
    const query = queryOf(back.location);
    assert.equal(query.state, opened.params.state);
    assert.ok(query.code, `a code: ${back.location}`);
    return query.code;
}

function exchange(idp, client, opened, code, onNode = (u) => u) {
    return clientPost(idp, onNode(idp.endpoints.token), client, {
        grant_type: 'authorization_code',
        code,
        redirect_uri: opened.params.redirect_uri,
        code_verifier: opened.pkce.verifier,
    });
}

describe('state shared by restarts and nodes (SQLite)', { timeout: 180000 }, () => {
    let idp;
    let basic;
    before(async () => {
        idp = await startIdp();
        basic = idp.clients['rp-basic'];
    });
    after(async () => idp && (await idp.stop()));

    test('a login in progress survives a restart: the form shown before it is accepted after', async () => {
        const jar = new CookieJar();
        const opened = await openLoginPage(idp, basic, jar);
        await idp.restartWith([]);
        const code = await finishLogin(idp, basic, opened, jar);
        const res = await exchange(idp, basic, opened, code);
        assert.equal(res.status, 200, res.body);
        assert.ok(res.json().id_token);
    });

    test('two nodes on one database: a login started on one is finished on the other, once', async () => {
        const node = await idp.startNode();
        try {
            const jar = new CookieJar();
            const opened = await openLoginPage(idp, basic, jar); // node 1 shows the form
            // Node 2 accepts node 1's form (same HMAC secret, the interaction in the store) and issues the code.
            const code = await finishLogin(idp, basic, opened, jar, node.url);
            // Node 1 redeems node 2's code; node 2 then sees it as spent.
            const res = await exchange(idp, basic, opened, code);
            assert.equal(res.status, 200, res.body);
            const again = await exchange(idp, basic, opened, code, node.url);
            assert.equal(again.status, 400, again.body);
            assert.equal(again.json().error, 'invalid_grant');
            // The posted form cannot complete a second login on node 1 either.
            const replay = await submitLogin(idp, opened.page, { login: 'medecin', jar: new CookieJar() });
            assert.notEqual(replay.status, 303, 'a spent interaction does not log in again');
            // The SSO session node 2 created is known to node 1: no password prompt.
            const sso = await followAuthorization(idp, authorizeUrl(idp, codeRequest(basic).params), {
                redirectUri: basic.redirect_uris[0],
                jar,
            });
            assert.ok(sso.params?.code, `SSO on node 1 after a login on node 2: ${JSON.stringify(sso.steps)}`);
            assert.equal(sso.sawLoginPage, false);
        } finally {
            await node.stop();
        }
    });

    test('two nodes: a refresh token revoked on one is refused by the other', async () => {
        const node = await idp.startNode();
        try {
            const { tokens } = await obtainTokens(idp, basic);
            const revoked = await clientPost(idp, node.url(idp.endpoints.revocation), basic, {
                token: tokens.refresh_token,
                token_type_hint: 'refresh_token',
            });
            assert.equal(revoked.status, 200, revoked.body);
            const refreshed = await tokenRequest(idp, basic, {
                grant_type: 'refresh_token',
                refresh_token: tokens.refresh_token,
            });
            assert.equal(refreshed.status, 400, refreshed.body);
            assert.equal(refreshed.json().error, 'invalid_grant');
        } finally {
            await node.stop();
        }
    });
    test('two nodes: an access token revoked on one is refused at once by the other, caches warm', async () => {
        const node = await idp.startNode();
        try {
            const { tokens } = await obtainTokens(idp, basic);
            const userinfo = () =>
                request(idp.endpoints.userinfo, { ca: idp.ca, headers: { authorization: `Bearer ${tokens.access_token}` } });
            for (let i = 0; i < 2; ++i) assert.equal((await userinfo()).status, 200, 'node 1 caches token and body');
            const revoked = await clientPost(idp, node.url(idp.endpoints.revocation), basic, {
                token: tokens.access_token,
                token_type_hint: 'access_token',
            });
            assert.equal(revoked.status, 200, revoked.body);
            const after = await userinfo();
            assert.equal(after.status, 401, `node 1 must not answer from its cache: ${after.body}`);
            assert.match(after.headers['www-authenticate'] ?? '', /invalid_token/);
        } finally {
            await node.stop();
        }
    });
});

describe('memory backend', { timeout: 120000 }, () => {
    let idp;
    before(async () => {
        idp = await startIdp({ storage: { backend: 'memory' } });
    });
    after(async () => idp && (await idp.stop()));

    test('serve loads the demo directory itself and a code flow completes', async () => {
        const { tokens } = await obtainTokens(idp, idp.clients['rp-basic']);
        assert.ok(tokens.access_token && tokens.id_token);
        assert.match(idp.logs().stderr, /memory store: loaded the demo directory/);
    });
});
