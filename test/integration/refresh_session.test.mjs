// Refresh families end with their SSO session (psc-profile.md "Tokens", OIDC Core §11): rotation
// never extends the session's absolute end, and a refresh is refused once the session is gone,
// unless the client may obtain offline_access and was granted it.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startIdp } from './lib/harness.mjs';
import { request } from './lib/http.mjs';
import { tokenRequest, obtainTokens, decodeJwt, parseForms } from './lib/flow.mjs';
import { assertTokenError } from './lib/asserts.mjs';

const kSessionSeconds = 60; // the smallest session.absolute_lifetime

describe('refresh tokens and the SSO session', { timeout: 180000 }, () => {
    let idp;
    let basic;
    let offline;
    const refresh = (client, token) => tokenRequest(idp, client, { grant_type: 'refresh_token', refresh_token: token });
    // Ends the session in the database as its absolute lifetime would (no 60 s wait).
    const expireSession = (sid) =>
        execFileSync('sqlite3', [
            '-cmd',
            '.timeout 5000',
            idp.config.storage.path,
            `UPDATE sessions SET expires_at = strftime('%s','now') - 1 WHERE sid = '${sid.replace(/'/g, '')}'`,
        ]);
    before(async () => {
        idp = await startIdp({
            session: { absolute_lifetime: kSessionSeconds, idle_lifetime: kSessionSeconds },
            tokens: { refresh_token_lifetime: 1800 },
            clientOverrides: { 'rp-post': { allow_offline_access: true } },
        });
        basic = idp.clients['rp-basic'];
        offline = idp.clients['rp-post'];
    });
    after(() => idp?.stop());

    test('refresh_expires_in is capped at the end of the session and rotation does not extend it', async () => {
        const { tokens } = await obtainTokens(idp, basic);
        assert.ok(tokens.refresh_expires_in <= kSessionSeconds, `refresh_expires_in ${tokens.refresh_expires_in}`);
        assert.ok(tokens.refresh_expires_in > kSessionSeconds - 20);
        const next = await refresh(basic, tokens.refresh_token);
        assert.equal(next.status, 200, next.body);
        assert.ok(next.json().refresh_expires_in <= tokens.refresh_expires_in, 'rotation keeps the session end');
    });

    test('once the session has expired, its refresh token is refused with invalid_grant', async () => {
        const { tokens } = await obtainTokens(idp, basic);
        expireSession(tokens.session_state);
        const res = assertTokenError(await refresh(basic, tokens.refresh_token), 'invalid_grant');
        assert.match(res.error_description, /session/);
    });

    test('after logout the refresh token is refused', async () => {
        const { tokens, flow } = await obtainTokens(idp, basic);
        const choice = await request(
            `${idp.endpoints.logout}?id_token_hint=${encodeURIComponent(tokens.id_token)}`,
            { ca: idp.ca, jar: flow.jar },
        );
        // « Me déconnecter partout »: the choice page's form with scope=everywhere.
        const everywhere = parseForms(choice.body).find((f) => f.fields.scope === 'everywhere');
        assert.ok(everywhere, `a « partout » form (status ${choice.status})`);
        const out = await request(new URL(everywhere.action, idp.endpoints.logout).toString(), {
            method: 'POST',
            form: everywhere.fields,
            ca: idp.ca,
            jar: flow.jar,
        });
        assert.ok(out.status < 400, `logout answered ${out.status}`);
        assertTokenError(await refresh(basic, tokens.refresh_token), 'invalid_grant');
    });

    test('offline_access is dropped for a client not allowed it', async () => {
        const { tokens } = await obtainTokens(idp, basic, { overrides: { scope: 'openid scope_all offline_access' } });
        assert.ok(!tokens.scope.split(' ').includes('offline_access'), tokens.scope);
        assert.ok(tokens.refresh_expires_in <= kSessionSeconds);
    });

    test('an offline family of an allowed client outlives its session', async () => {
        const { tokens } = await obtainTokens(idp, offline, {
            overrides: { scope: 'openid scope_all offline_access' },
        });
        assert.ok(tokens.scope.split(' ').includes('offline_access'), tokens.scope);
        assert.equal(tokens.refresh_expires_in, 1800);
        expireSession(decodeJwt(tokens.access_token).payload.sid);
        const res = await refresh(offline, tokens.refresh_token);
        assert.equal(res.status, 200, res.body);
        assert.equal(res.json().refresh_expires_in, 1800);
    });
});
