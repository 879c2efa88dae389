// JOSE helpers over the idp's own JWKS: independent verification of its tokens, and private_key_jwt assertions.
import { jose } from './deps.mjs';
import { request } from './http.mjs';
import { randomToken } from './flow.mjs';

export async function fetchJwks(idp) {
    const res = await request(idp.endpoints.jwks, { ca: idp.ca });
    if (res.status !== 200) throw new Error(`JWKS answered ${res.status}`);
    return res.json();
}

// Verifies a compact JWS against the idp's JWKS (fetched now); resolves { payload, protectedHeader }.
// Only RS256/ES256 are accepted, so a token signed with `none` or HS256 fails here.
export async function verifyJwt(idp, token, options = {}) {
    const keys = jose.createLocalJWKSet(await fetchJwks(idp));
    return jose.jwtVerify(token, keys, { issuer: idp.issuer, algorithms: ['RS256', 'ES256'], ...options });
}

// RFC 7523 §3 client assertion for `client` (private_key_jwt); `claims` override or remove (undefined) claims.
export async function jwtAssertion(
    idp,
    client,
    claims = {},
    { key = client.privateKey, kid = client.kid, alg = 'RS256' } = {},
) {
    const now = Math.floor(Date.now() / 1000);
    const payload = {
        iss: client.id,
        sub: client.id,
        aud: idp.issuer, // RFC 7523bis: the issuer identifier, as a single string
        jti: randomToken(),
        iat: now,
        exp: now + 60,
        ...claims,
    };
    for (const k of Object.keys(payload)) if (payload[k] === undefined) delete payload[k];
    return new jose.SignJWT(payload).setProtectedHeader({ alg, kid, typ: 'JWT' }).sign(key);
}

export const kAssertionType = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

export function assertionFields(assertion) {
    return { client_assertion_type: kAssertionType, client_assertion: assertion };
}
