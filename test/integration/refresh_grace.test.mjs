// Concurrent refreshes (RFC 9700 §4.14.2): a relying party such as Apache mod_auth_openidc sends one
// refresh token two or three times at once. A confidential client gets, within its grace interval,
// the same answer for the same token; for a public client, reuse revokes the family. (After the
// interval reuse revokes the family too: test/unit/oidc/refresh_test.cpp moves the clock for it.)
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startIdp } from './lib/harness.mjs';
import { tokenRequest, obtainTokens } from './lib/flow.mjs';
import { assertTokenError, introspect } from './lib/asserts.mjs';

const kGraceSeconds = 2;

describe('refresh token reuse grace', { timeout: 180000 }, () => {
    let idp;
    let basic;
    let spa;
    const refresh = (client, token) => tokenRequest(idp, client, { grant_type: 'refresh_token', refresh_token: token });
    before(async () => {
        idp = await startIdp({ tokens: { refresh_reuse_grace: kGraceSeconds } });
        basic = idp.clients['rp-basic'];
        spa = idp.clients.spa;
    });
    after(() => idp?.stop());

    test('three parallel refreshes of one token get the same tokens and the family survives', async () => {
        const { tokens } = await obtainTokens(idp, basic);
        const answers = await Promise.all([1, 2, 3].map(() => refresh(basic, tokens.refresh_token)));
        for (const a of answers) assert.equal(a.status, 200, a.body);
        const bodies = answers.map((a) => a.json());
        for (const b of bodies.slice(1)) {
            assert.equal(b.refresh_token, bodies[0].refresh_token, 'same new refresh token');
            assert.equal(b.access_token, bodies[0].access_token, 'same access token');
            assert.equal(b.id_token, bodies[0].id_token);
        }
        assert.notEqual(bodies[0].refresh_token, tokens.refresh_token);
        assert.equal((await introspect(idp, bodies[0].access_token)).active, true, 'access token not revoked');
        const next = await refresh(basic, bodies[0].refresh_token);
        assert.equal(next.status, 200, `the family lives on: ${next.body}`);
    });

    test('another client presenting the token gets nothing', async () => {
        const { tokens } = await obtainTokens(idp, basic);
        assert.equal((await refresh(basic, tokens.refresh_token)).status, 200);
        assertTokenError(await refresh(idp.clients['rp-post'], tokens.refresh_token), 'invalid_grant');
    });

    test('a public client stays strict: a parallel reuse revokes the family', async () => {
        const { tokens } = await obtainTokens(idp, spa);
        const answers = await Promise.all([1, 2].map(() => refresh(spa, tokens.refresh_token)));
        const ok = answers.filter((a) => a.status === 200);
        assert.ok(ok.length <= 1, `at most one rotation succeeds, got ${ok.length}`);
        for (const a of answers.filter((x) => x.status !== 200)) assertTokenError(a, 'invalid_grant');
        if (ok.length === 1) assertTokenError(await refresh(spa, ok[0].json().refresh_token), 'invalid_grant');
    });
});
