// OpenID Connect Back-Channel Logout 1.0 for the demo relying parties: the checks of a logout token (§2.6) and the
// issuer's keys to verify it. openid-client 5 validates ID tokens but not logout tokens, so this uses jose directly.
import https from 'node:https';
import * as jose from 'jose';

export const kLogoutEvent = 'http://schemas.openid.net/event/backchannel-logout';

// The token is refused (answer 400, §2.8).
export class InvalidLogoutToken extends Error {}
// The issuer's keys could not be fetched: answering 503 lets the idp try again later.
export class KeysUnavailable extends Error {}

// §2.6: signature (the client's ID token algorithm only), iss, aud, iat and exp, typ logout+jwt (§2.4: never taken
// for an ID token), the back-channel logout event, no nonce, and a sid or a sub. Resolves { sid, sub, jti }.
// `keys` is a jose key or key resolver (createRemoteJWKSet, createLocalJWKSet).
export async function verifyLogoutToken(token, { issuer, clientId, keys, algorithms, clockTolerance = 60 }) {
    if (typeof token !== 'string' || token.split('.').length !== 3) {
        throw new InvalidLogoutToken('logout_token is missing or is not a signed JWT');
    }
    let payload;
    try {
        ({ payload } = await jose.jwtVerify(token, keys, {
            issuer,
            audience: clientId,
            algorithms,
            typ: 'logout+jwt',
            requiredClaims: ['iat', 'exp', 'jti'],
            maxTokenAge: '10 min', // iat: a logout told long ago is not news
            clockTolerance,
        }));
    } catch (err) {
        if (err instanceof KeysUnavailable || err instanceof jose.errors.JWKSTimeout) throw err;
        throw new InvalidLogoutToken(err.message);
    }
    const event = payload.events?.[kLogoutEvent];
    if (!event || typeof event !== 'object' || Array.isArray(event)) {
        throw new InvalidLogoutToken(`events has no ${kLogoutEvent} member`);
    }
    if (payload.nonce !== undefined) throw new InvalidLogoutToken('a logout token has no nonce');
    const sid = typeof payload.sid === 'string' && payload.sid ? payload.sid : undefined;
    const sub = typeof payload.sub === 'string' && payload.sub ? payload.sub : undefined;
    if (!sid && !sub) throw new InvalidLogoutToken('neither sid nor sub');
    return { sid, sub, jti: payload.jti };
}

// A fetch for jose's createRemoteJWKSet over node:https, trusting `ca` (the development certificate with the system
// CAs; undefined: Node's defaults, NODE_EXTRA_CA_CERTS included). Failures become KeysUnavailable.
function httpsFetch(ca) {
    return (url, { headers, signal } = {}) =>
        new Promise((resolve, reject) => {
            const unavailable = (why) => reject(new KeysUnavailable(`JWKS ${url}: ${why}`));
            const req = https.get(url, { ca, signal, headers: Object.fromEntries(new Headers(headers)) }, (res) => {
                const chunks = [];
                res.on('data', (c) => chunks.push(c));
                res.on('error', (err) => unavailable(err.message));
                res.on('end', () => {
                    if (res.statusCode !== 200) return unavailable(`HTTP ${res.statusCode}`);
                    resolve(new Response(Buffer.concat(chunks), {
                        status: 200, headers: { 'content-type': res.headers['content-type'] ?? 'application/json' },
                    }));
                });
            });
            req.on('error', (err) => unavailable(err.message)); // a timeout (jose's signal) included
        });
}

// One key set per JWKS URI, fetched when first needed, refetched for an unknown kid (at most every 30 s).
export function makeKeySource(ca) {
    const sets = new Map();
    return (jwksUri) => {
        if (!sets.has(jwksUri)) {
            sets.set(jwksUri, jose.createRemoteJWKSet(new URL(jwksUri), { [jose.customFetch]: httpsFetch(ca) }));
        }
        return sets.get(jwksUri);
    };
}
