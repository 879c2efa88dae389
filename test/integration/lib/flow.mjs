// OAuth/OIDC flow helpers: PKCE pairs, HTML form parsing, and a login that walks authorize → login page →
// POST login → authorize → redirect_uri the way a browser without JavaScript would.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { request, CookieJar } from './http.mjs';
import { verifyJwt } from './jwt.mjs';

export const DEMO_PASSWORD = 'esculape-demo';
export const DEFAULT_SCOPE = 'openid scope_all';

export function b64url(buf) {
    return Buffer.from(buf).toString('base64url');
}

export function randomToken(bytes = 16) {
    return b64url(crypto.randomBytes(bytes));
}

// RFC 7636 §4.1–4.2: 43+ character verifier, S256 challenge.
export function pkcePair() {
    const verifier = randomToken(32);
    const challenge = b64url(crypto.createHash('sha256').update(verifier).digest());
    return { verifier, challenge, method: 'S256' };
}

const kEntities = {
    amp: '&',
    lt: '<',
    gt: '>',
    quot: '"',
    apos: "'",
    '#39': "'",
    '#x27': "'",
    '#x2F': '/',
    '#x2f': '/',
    '#x3D': '=',
    '#x3d': '=',
};

export function decodeHtml(s) {
    return s.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-zA-Z]+);/g, (all, e) => {
        if (kEntities[e] !== undefined) return kEntities[e];
        if (e.startsWith('#x')) return String.fromCodePoint(parseInt(e.slice(2), 16));
        if (e.startsWith('#')) return String.fromCodePoint(parseInt(e.slice(1), 10));
        return all;
    });
}

// Attributes of one tag's source text, names lower-cased, values entity-decoded.
export function parseAttributes(tag) {
    const attrs = {};
    const re = /([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;
    const inner = tag.replace(/^<\s*[a-zA-Z0-9]+/, '').replace(/\/?>$/, '');
    let m;
    while ((m = re.exec(inner)) !== null) {
        const value = m[2] ?? m[3] ?? m[4];
        attrs[m[1].toLowerCase()] = value === undefined ? true : decodeHtml(value);
    }
    return attrs;
}

// Every <form> of the page: { action, method, fields: {name: value}, inputs: [attrs] }.
export function parseForms(html) {
    const forms = [];
    const re = /<form\b[^>]*>([\s\S]*?)<\/form>/gi;
    let m;
    while ((m = re.exec(html)) !== null) {
        const open = /<form\b[^>]*>/i.exec(m[0])[0];
        const attrs = parseAttributes(open);
        const inputs = [...m[1].matchAll(/<input\b[^>]*>/gi)].map((i) => parseAttributes(i[0]));
        const fields = {};
        for (const i of inputs)
            if (typeof i.name === 'string') fields[i.name] = typeof i.value === 'string' ? i.value : '';
        forms.push({ action: attrs.action, method: String(attrs.method ?? 'get').toLowerCase(), fields, inputs });
    }
    return forms;
}

// The login form: the form that has a password input.
export function findLoginForm(html) {
    return parseForms(html).find((f) => f.inputs.some((i) => String(i.type).toLowerCase() === 'password'));
}

export function authorizeUrl(idp, params) {
    const url = new URL(idp.endpoints.authorization);
    for (const [k, v] of Object.entries(params)) {
        if (v === undefined) continue;
        for (const one of Array.isArray(v) ? v : [v]) url.searchParams.append(k, one);
    }
    return url.toString();
}

// Standard authorization request parameters for `client`, overridable.
export function codeRequest(client, overrides = {}) {
    const pkce = pkcePair();
    const params = {
        client_id: client.id,
        redirect_uri: client.redirect_uris[0],
        response_type: 'code',
        scope: DEFAULT_SCOPE,
        state: randomToken(),
        nonce: randomToken(),
        code_challenge: pkce.challenge,
        code_challenge_method: 'S256',
        ...overrides,
    };
    return { params, pkce };
}

export function isRedirectTo(location, redirectUri) {
    if (!location) return false;
    const u = new URL(location);
    return `${u.origin}${u.pathname}` === redirectUri;
}

// Query parameters of a redirect Location as a plain object.
export function queryOf(location) {
    return Object.fromEntries(new URL(location).searchParams);
}

// Submits the login form found in `page` (a response) and returns the POST response.
export async function submitLogin(idp, page, { login, password = DEMO_PASSWORD, jar, dropFields = [], override = {} }) {
    const form = findLoginForm(page.body);
    if (!form) throw new Error(`no login form in page (status ${page.status}): ${page.body.slice(0, 300)}`);
    const fields = { ...form.fields, login, password, ...override };
    for (const f of dropFields) delete fields[f];
    const action = new URL(form.action ?? page.url ?? idp.base, page.url ?? idp.base).toString();
    return request(action, { method: 'POST', form: fields, jar, ca: idp.ca });
}

// Walks the authorization flow from `url` like a browser without JS: follows 3xx within the idp, submits the login
// form when one is shown, and stops at the client's redirect_uri (query) or at a form_post page.
// Resolves { params, location, page, jar, steps, sawLoginPage }.
export async function followAuthorization(
    idp,
    url,
    { redirectUri, login, password = DEMO_PASSWORD, jar = new CookieJar(), maxSteps = 8 } = {},
) {
    const steps = [];
    let current = url;
    let method = 'GET';
    let sawLoginPage = false;
    for (let i = 0; i < maxSteps; ++i) {
        const res = await request(current, { method, jar, ca: idp.ca });
        res.url = current;
        steps.push({ url: current, status: res.status, location: res.location });
        if (res.status >= 300 && res.status < 400) {
            if (redirectUri && isRedirectTo(res.location, redirectUri)) {
                return { params: queryOf(res.location), location: res.location, jar, steps, sawLoginPage };
            }
            if (!res.location.startsWith(idp.base)) throw new Error(`redirect outside the idp: ${res.location}`);
            current = res.location;
            continue;
        }
        if (res.status === 200 && findLoginForm(res.body)) {
            if (!login) return { page: res, jar, steps, sawLoginPage: true };
            sawLoginPage = true;
            const posted = await submitLogin(idp, res, { login, password, jar });
            posted.url = current;
            steps.push({ url: 'POST login', status: posted.status, location: posted.location });
            if (posted.status !== 303) {
                const err = new Error(`login POST answered ${posted.status}, expected 303`);
                err.response = posted;
                throw err;
            }
            current = posted.location;
            continue;
        }
        return { page: res, jar, steps, sawLoginPage };
    }
    throw new Error(`authorization did not finish in ${maxSteps} steps: ${JSON.stringify(steps)}`);
}

// Full code flow for `client` as `login`; resolves { code, params, pkce, request, jar, sawLoginPage }.
export async function loginThroughForm(
    idp,
    client,
    { login = 'medecin', password = DEMO_PASSWORD, jar = new CookieJar(), overrides = {} } = {},
) {
    const { params, pkce } = codeRequest(client, overrides);
    const redirectUri = params.redirect_uri;
    const out = await followAuthorization(idp, authorizeUrl(idp, params), { redirectUri, login, password, jar });
    if (!out.params) {
        throw new Error(
            `no redirect to ${redirectUri}; last page ${out.page?.status}: ${out.page?.body.slice(0, 400)}`,
        );
    }
    if (out.params.error) throw new Error(`authorization error: ${JSON.stringify(out.params)}`);
    return { code: out.params.code, params: out.params, pkce, request: params, jar, sawLoginPage: out.sawLoginPage };
}

// POSTs to the token endpoint, authenticating as `client` with its registered method (or `auth` override:
// 'basic' | 'post' | 'none' | { basic: [id, secret] }).
export function tokenRequest(idp, client, fields, { auth } = {}) {
    return clientPost(idp, idp.endpoints.token, client, fields, { auth });
}

export function clientPost(idp, url, client, fields, { auth } = {}) {
    const method = auth ?? client.auth;
    const form = { ...fields };
    const opts = { method: 'POST', ca: idp.ca, form };
    if (method === 'basic') opts.basic = [client.id, client.secret];
    else if (method === 'post') Object.assign(form, { client_id: client.id, client_secret: client.secret });
    else if (method === 'none') form.client_id = client.id;
    else if (method && method.basic) opts.basic = method.basic;
    else if (method === 'jwt') throw new Error('private_key_jwt: build the assertion with jwtAssertion()');
    return request(url, opts);
}

// Code flow + token exchange; resolves { tokens, response, flow }.
export async function obtainTokens(idp, client, options = {}) {
    const flow = await loginThroughForm(idp, client, options);
    const response = await tokenRequest(idp, client, {
        grant_type: 'authorization_code',
        code: flow.code,
        redirect_uri: flow.request.redirect_uri,
        code_verifier: flow.pkce.verifier,
    });
    if (response.status !== 200) throw new Error(`token exchange failed ${response.status}: ${response.body}`);
    return { tokens: response.json(), response, flow };
}

// Decodes a JWT's header and payload without verifying (use jose for verification).
export function decodeJwt(jwt) {
    const [h, p] = jwt.split('.');
    return { header: JSON.parse(Buffer.from(h, 'base64url')), payload: JSON.parse(Buffer.from(p, 'base64url')) };
}

// The code of `flow` (codeRequest + its PKCE pair) exchanged by `client`: the tokens, and the ID token verified
// against the JWKS with its nonce checked.
export async function exchangeVerified(idp, client, flow, code) {
    const res = await tokenRequest(idp, client, {
        grant_type: 'authorization_code',
        code,
        redirect_uri: flow.request.redirect_uri,
        code_verifier: flow.pkce.verifier,
    });
    assert.equal(res.status, 200, `token exchange: ${res.body}`);
    const tokens = res.json();
    const idToken = (await verifyJwt(idp, tokens.id_token, { audience: client.id })).payload;
    assert.equal(idToken.nonce, flow.request.nonce);
    return { tokens, idToken };
}
