// End to end with a real relying-party library (openid-client v5) against the real idp binary: discovery,
// code flow with PKCE S256, nonce and state, ID token verified from the JWKS, PSC userinfo, refresh,
// introspection, private_key_jwt, RP-initiated logout.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Issuer, custom, generators } from 'openid-client';
import { startIdp } from '../integration/lib/harness.mjs';
import { request, CookieJar } from '../integration/lib/http.mjs';
import { followAuthorization, queryOf, isRedirectTo, parseForms } from '../integration/lib/flow.mjs';
import { assertPscUserinfo } from '../integration/lib/psc.mjs';
import { jose } from '../integration/lib/deps.mjs';

describe('relying party (openid-client)', { timeout: 180000 }, () => {
    let idp;
    let issuer;
    let rp;
    let conf;
    before(async () => {
        // Strict refresh reuse detection: the old token below is presented again at once.
        idp = await startIdp({ tokens: { refresh_reuse_grace: 0 } });
        custom.setHttpOptionsDefaults({ ca: idp.ca, timeout: 10000 });
        issuer = await Issuer.discover(idp.issuer);
        conf = idp.clients['rp-basic'];
        rp = new issuer.Client({
            client_id: conf.id,
            client_secret: conf.secret,
            redirect_uris: [conf.redirect_uris[0]],
            post_logout_redirect_uris: conf.post_logout_redirect_uris,
            response_types: ['code'],
            token_endpoint_auth_method: 'client_secret_basic',
            id_token_signed_response_alg: 'RS256',
        });
    });
    after(() => idp?.stop());

    // Authorization URL from the library, login form posted like a browser, callback handled by the library.
    async function signIn(client, redirectUri, { login = 'medecin', jar = new CookieJar() } = {}) {
        const code_verifier = generators.codeVerifier();
        const state = generators.state();
        const nonce = generators.nonce();
        const url = client.authorizationUrl({
            scope: 'openid scope_all',
            acr_values: 'eidas1',
            state,
            nonce,
            code_challenge: generators.codeChallenge(code_verifier),
            code_challenge_method: 'S256',
        });
        const flow = await followAuthorization(idp, url, { redirectUri, login, jar });
        assert.ok(flow.location, `landed on the redirect URI: ${JSON.stringify(flow.steps)}`);
        const params = client.callbackParams(flow.location);
        assert.equal(params.iss, idp.issuer, 'RFC 9207 iss in the authorization response');
        const tokenSet = await client.callback(redirectUri, params, { state, nonce, code_verifier });
        return { tokenSet, jar, nonce };
    }

    test('discovery through the library', () => {
        assert.equal(issuer.issuer, idp.issuer);
        assert.equal(issuer.metadata.token_endpoint, idp.endpoints.token);
        assert.ok(issuer.metadata.end_session_endpoint);
        assert.ok(issuer.metadata.introspection_endpoint);
    });

    test('code flow + PKCE + nonce: the library validates the ID token; userinfo, refresh, introspect', async () => {
        const { tokenSet, nonce } = await signIn(rp, conf.redirect_uris[0]);
        const claims = tokenSet.claims();
        assert.equal(claims.iss, idp.issuer);
        assert.equal(claims.aud, conf.id);
        assert.equal(claims.nonce, nonce);
        assert.equal(claims.acr, 'eidas1');
        assert.equal(tokenSet.token_type.toLowerCase(), 'bearer');
        assert.ok(tokenSet.refresh_token);
        assert.ok(tokenSet.expires_at > Date.now() / 1000);

        const info = await rp.userinfo(tokenSet); // the library checks sub against the ID token
        assertPscUserinfo(info);
        assert.equal(info.sub, claims.sub);
        assert.equal(info.preferred_username, info.SubjectNameID);

        const refreshed = await rp.refresh(tokenSet);
        assert.ok(refreshed.access_token && refreshed.access_token !== tokenSet.access_token);
        assert.ok(refreshed.refresh_token && refreshed.refresh_token !== tokenSet.refresh_token);
        const again = await rp.userinfo(refreshed.access_token);
        assert.equal(again.sub, claims.sub);
        await assert.rejects(
            rp.refresh(tokenSet.refresh_token),
            (e) => e.error === 'invalid_grant',
            'old refresh token reused',
        );

        const active = await rp.introspect(tokenSet.access_token);
        assert.equal(active.active, false, 'refresh-token reuse revoked the family');
        const garbage = await rp.introspect('garbage');
        assert.equal(garbage.active, false);
    });

    test('introspection of a live token through the library', async () => {
        const { tokenSet } = await signIn(rp, conf.redirect_uris[0]);
        const r = await rp.introspect(tokenSet.access_token, 'access_token');
        assert.equal(r.active, true);
        assert.equal(r.client_id, conf.id);
        assert.equal(r.sub, tokenSet.claims().sub);
        assert.match(r.SubjectNameID, /^8\d{11}$/);
    });

    test('private_key_jwt client built by the library', async () => {
        const jwtConf = idp.clients['rp-jwt'];
        const privateJwk = {
            ...(await jose.exportJWK(jwtConf.privateKey)),
            kid: jwtConf.kid,
            alg: 'RS256',
            use: 'sig',
        };
        const client = new issuer.Client(
            {
                client_id: jwtConf.id,
                redirect_uris: jwtConf.redirect_uris,
                response_types: ['code'],
                token_endpoint_auth_method: 'private_key_jwt',
                token_endpoint_auth_signing_alg: 'RS256',
            },
            { keys: [privateJwk] },
        );
        const { tokenSet } = await signIn(client, jwtConf.redirect_uris[0], { login: 'troisactivites' });
        const info = await client.userinfo(tokenSet);
        const activities = assertPscUserinfo(info);
        assert.equal(activities.length, 3);
        const cc = await client.grant({ grant_type: 'client_credentials' });
        assert.ok(cc.access_token);
    });

    test('end session: library URL followed → post-logout redirect with state, then login again', async () => {
        const { tokenSet, jar } = await signIn(rp, conf.redirect_uris[0]);
        const state = generators.state();
        const url = rp.endSessionUrl({
            id_token_hint: tokenSet.id_token,
            post_logout_redirect_uri: conf.post_logout_redirect_uris[0],
            state,
        });
        assert.ok(url.startsWith(idp.endpoints.logout));
        const choice = await request(url, { ca: idp.ca, jar });
        // The professional chooses « Me déconnecter partout » (the page's first form).
        assert.equal(choice.status, 200, `the choice page, got ${choice.status}`);
        const everywhere = parseForms(choice.body).find((f) => f.fields.scope === 'everywhere');
        assert.ok(everywhere, 'a « partout » form');
        const res = await request(new URL(everywhere.action, url).toString(), {
            method: 'POST',
            form: everywhere.fields,
            ca: idp.ca,
            jar,
        });
        assert.equal(res.status, 303, `status ${res.status}`);
        assert.ok(isRedirectTo(res.location, conf.post_logout_redirect_uris[0]), res.location);
        assert.equal(queryOf(res.location).state, state);
        const next = await followAuthorization(
            idp,
            rp.authorizationUrl({
                scope: 'openid',
                state: 'x',
                nonce: 'y',
                code_challenge: generators.codeChallenge(generators.codeVerifier()),
                code_challenge_method: 'S256',
            }),
            { redirectUri: conf.redirect_uris[0], jar },
        );
        assert.ok(next.page && next.sawLoginPage, 'the professional has to log in again');
    });

    test('end session without a redirect URI → "Session fermée"', async () => {
        const { tokenSet, jar } = await signIn(rp, conf.redirect_uris[0]);
        const url = new URL(rp.endSessionUrl({ id_token_hint: tokenSet.id_token }));
        // With one registered URI the library fills it in; drop it to get the provider's own page.
        url.searchParams.delete('post_logout_redirect_uri');
        let res = await request(url.toString(), { ca: idp.ca, jar });
        if (res.status === 200 && !/Session fermée/.test(res.body)) {
            // The provider asked for confirmation (RP-Initiated Logout §2): confirm like the user would.
            const form = parseForms(res.body).find((f) => f.method === 'post');
            assert.ok(form, 'a confirmation form');
            res = await request(new URL(form.action, url).toString(), {
                method: 'POST',
                form: form.fields,
                ca: idp.ca,
                jar,
            });
        }
        assert.equal(res.status, 200);
        assert.match(res.body, /Session fermée/);
    });
});
