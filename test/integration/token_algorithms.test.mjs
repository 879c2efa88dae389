// tokens.default_alg: a client without its own id_token / access_token algorithm follows it, and
// `idp check-config` says which algorithm each client ends up with.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startIdp, runIdp } from './lib/harness.mjs';
import { obtainTokens } from './lib/flow.mjs';
import { verifyJwt } from './lib/jwt.mjs';

describe('default signing algorithm', { timeout: 120000 }, () => {
    let idp;
    before(async () => {
        idp = await startIdp({
            tokens: { signing_algs: ['RS256', 'ES256'], default_alg: 'ES256' },
            clientOverrides: { 'rp-post': { id_token_signed_response_alg: 'RS256' } },
        });
    });
    after(() => idp?.stop());

    test('a client without its own setting gets ES256 tokens', async () => {
        const { tokens } = await obtainTokens(idp, idp.clients['rp-basic']);
        const id = await verifyJwt(idp, tokens.id_token, { audience: 'rp-basic' });
        assert.equal(id.protectedHeader.alg, 'ES256');
        const at = await verifyJwt(idp, tokens.access_token);
        assert.equal(at.protectedHeader.alg, 'ES256');
    });

    test('check-config lists the algorithm of each client', async () => {
        const r = await runIdp(['check-config', '--config', idp.configPath]);
        assert.equal(r.code, 0, r.stderr);
        assert.match(r.stdout, /configuration is valid/);
        assert.match(r.stdout, /client rp-basic: ID token ES256 \(tokens\.default_alg\), access token ES256 \(tokens\.default_alg\)/);
        assert.match(r.stdout, /client svc-es: ID token ES256 \(tokens\.default_alg\), access token ES256/);
        // A client's own setting wins and is not attributed to the default.
        assert.match(r.stdout, /client rp-post: ID token RS256, access token ES256 \(tokens\.default_alg\)/);
    });
});
