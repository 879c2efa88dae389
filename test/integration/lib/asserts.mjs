// Assertions shared by the token-endpoint style tests.
import assert from 'node:assert/strict';
import { clientPost } from './flow.mjs';

// RFC 6749 §5.2 error response: JSON, no-store, the expected code and status.
export function assertTokenError(res, error, status = 400) {
    assert.equal(res.status, status, `expected ${status} ${error}, got ${res.status}: ${res.body}`);
    assert.match(res.headers['content-type'] ?? '', /^application\/json/);
    assert.match(res.headers['cache-control'] ?? '', /no-store/, 'Cache-Control: no-store on errors too');
    const body = res.json();
    assert.equal(body.error, error, `error code in ${res.body}`);
    if (body.error_description !== undefined) assert.equal(typeof body.error_description, 'string');
    return body;
}

// RFC 7662 introspection as `client` (default rp-basic); resolves the JSON answer.
export async function introspect(idp, token, client = idp.clients['rp-basic'], extra = {}) {
    const res = await clientPost(idp, idp.endpoints.introspection, client, { token, ...extra });
    assert.equal(res.status, 200, `introspection: ${res.status} ${res.body}`);
    return res.json();
}

export function exchangeFields(flow, overrides = {}) {
    const fields = {
        grant_type: 'authorization_code',
        code: flow.code,
        redirect_uri: flow.request.redirect_uri,
        code_verifier: flow.pkce.verifier,
        ...overrides,
    };
    for (const k of Object.keys(fields)) if (fields[k] === undefined) delete fields[k];
    return fields;
}
