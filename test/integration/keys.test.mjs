// Signing-key rotation (`idp keys rotate`): the new key signs, the old public key stays in the JWKS
// so tokens it signed still verify, and `keys list` shows both.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startIdp, runIdp } from './lib/harness.mjs';
import { request } from './lib/http.mjs';
import { obtainTokens, decodeJwt } from './lib/flow.mjs';
import { verifyJwt } from './lib/jwt.mjs';

describe('signing key rotation', { timeout: 120000 }, () => {
    let idp;
    before(async () => {
        idp = await startIdp();
    });
    after(() => idp?.stop());

    test('rotate RS256: new kid signs, the old one is still published and verifies old tokens', async () => {
        const client = idp.clients['rp-basic'];
        const before = await obtainTokens(idp, client, { login: 'medecin' });
        const oldKid = decodeJwt(before.tokens.id_token).header.kid;

        const rotated = await idp.restartWith(['keys', 'rotate', '--alg', 'RS256']);
        assert.equal(rotated.code, 0, rotated.stderr);
        assert.match(rotated.stdout, /new active RS256 key/);

        const list = await runIdp(['keys', 'list', '--config', idp.configPath]);
        assert.equal(list.code, 0);
        const rsLines = list.stdout.split('\n').filter((l) => l.startsWith('RS256'));
        assert.equal(rsLines.length, 2, list.stdout);
        assert.equal(rsLines.filter((l) => l.endsWith('active')).length, 1, 'one active, one retired');

        const jwks = (await request(idp.endpoints.jwks, { ca: idp.ca })).json();
        const rsKids = jwks.keys.filter((k) => k.alg === 'RS256').map((k) => k.kid);
        assert.ok(rsKids.includes(oldKid), 'the retired key is still in the JWKS');
        assert.equal(rsKids.length, 2);

        // A token signed before the rotation still verifies against the published JWKS.
        await verifyJwt(idp, before.tokens.id_token, { audience: client.id });

        const after = await obtainTokens(idp, client, { login: 'medecin' });
        const newKid = decodeJwt(after.tokens.id_token).header.kid;
        assert.notEqual(newKid, oldKid);
        assert.ok(rsKids.includes(newKid));
        await verifyJwt(idp, after.tokens.id_token, { audience: client.id });
    });

    test('an unknown algorithm is refused with exit code 1', async () => {
        const r = await runIdp(['keys', 'rotate', '--alg', 'HS256', '--config', idp.configPath]);
        assert.equal(r.code, 1);
        assert.match(r.stderr, /unsupported algorithm HS256/);
    });
});
