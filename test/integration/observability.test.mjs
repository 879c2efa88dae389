// Health, readiness, Prometheus metrics, and the JSON access log that never carries codes, tokens or secrets.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startIdp } from './lib/harness.mjs';
import { request, CookieJar } from './lib/http.mjs';
import {
    obtainTokens,
    clientPost,
    tokenRequest,
    authorizeUrl,
    codeRequest,
    submitLogin,
    DEMO_PASSWORD,
} from './lib/flow.mjs';

const kLogFields = ['ts', 'method', 'route', 'path', 'status', 'duration_ms', 'bytes', 'remote', 'request_id'];

// Value of the metric line `name{labels}` (labels in any order), 0 when absent.
function metricValue(text, name, labels) {
    let total = 0;
    for (const line of text.split('\n')) {
        const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{([^}]*)\})?\s+(\S+)/.exec(line);
        if (!m || m[1] !== name) continue;
        const have = Object.fromEntries(
            [...(m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((x) => [x[1], x[2]]),
        );
        if (Object.entries(labels).every(([k, v]) => have[k] === v)) total += Number(m[3]);
    }
    return total;
}

describe('observability', { timeout: 180000 }, () => {
    let idp;
    const metrics = async () => {
        const res = await request(`${idp.admin}/metrics`);
        assert.equal(res.status, 200);
        return res;
    };
    before(async () => {
        idp = await startIdp();
    });
    after(() => idp?.stop());

    test('/healthz on both listeners, /readyz on the admin listener', async () => {
        for (const [base, ca] of [[idp.base, idp.ca], [idp.admin, undefined]]) {
            const h = await request(`${base}/healthz`, { ca });
            assert.equal(h.status, 200, base);
            assert.equal(h.body.trim(), 'ok');
        }
        assert.equal((await request(`${idp.admin}/readyz`)).status, 200);
    });

    test('/readyz and /metrics are not served on the public listener', async () => {
        for (const path of ['/readyz', '/metrics']) {
            const res = await request(`${idp.base}${path}`, { ca: idp.ca });
            assert.equal(res.status, 404, `${path} on the public listener`);
            assert.ok(!res.body.includes('esculape_http_requests_total'));
        }
        // The admin listener serves nothing else.
        assert.equal((await request(`${idp.admin}${new URL(idp.endpoints.discovery).pathname}`)).status, 404);
    });

    test('the admin listener is on loopback and plain HTTP', async () => {
        assert.match(idp.logs().stdout, new RegExp(`admin listening on http://127\\.0\\.0\\.1:${idp.adminPort}`));
    });

    test('/metrics is Prometheus text and its counters move', async () => {
        const before = await metrics();
        assert.match(before.headers['content-type'], /^text\/plain/);
        assert.match(before.body, /# TYPE esculape_http_requests_total counter/);
        assert.match(before.body, /# TYPE esculape_http_request_duration_seconds histogram/);
        assert.match(before.body, /esculape_http_request_duration_seconds_bucket\{[^}]*le="\+Inf"[^}]*\}/);
        const issued0 = metricValue(before.body, 'esculape_tokens_issued_total', { grant: 'client_credentials' });
        const code0 = metricValue(before.body, 'esculape_tokens_issued_total', { grant: 'authorization_code' });
        const ok0 = metricValue(before.body, 'esculape_logins_total', { result: 'success' });
        const health0 = metricValue(before.body, 'esculape_http_requests_total', { status: '200' });
        const svc = idp.clients.svc;
        assert.equal((await tokenRequest(idp, svc, { grant_type: 'client_credentials' })).status, 200);
        await obtainTokens(idp, idp.clients['rp-basic']);
        const after = (await metrics()).body;
        assert.equal(metricValue(after, 'esculape_tokens_issued_total', { grant: 'client_credentials' }), issued0 + 1);
        assert.equal(metricValue(after, 'esculape_tokens_issued_total', { grant: 'authorization_code' }), code0 + 1);
        assert.equal(metricValue(after, 'esculape_logins_total', { result: 'success' }), ok0 + 1);
        assert.ok(metricValue(after, 'esculape_http_requests_total', { status: '200' }) >= health0 + 4);
    });

    test('access log: one JSON line per request, never a code, token, password, secret or cookie', async () => {
        const basic = idp.clients['rp-basic'];
        const post = idp.clients['rp-post'];
        const wrongPassword = 'Mauvais-Mot-De-Passe-42';
        const jar = new CookieJar();
        // A failed login (its password must not be logged either).
        const start = await request(authorizeUrl(idp, codeRequest(basic).params), { ca: idp.ca, jar });
        const page = await request(start.location, { ca: idp.ca, jar });
        page.url = start.location;
        await submitLogin(idp, page, { login: 'medecin', password: wrongPassword, jar });
        const { tokens, flow } = await obtainTokens(idp, basic, { jar });
        await request(idp.endpoints.userinfo, { ca: idp.ca, bearer: tokens.access_token });
        await clientPost(idp, idp.endpoints.introspection, basic, { token: tokens.access_token });
        const refreshed = (
            await tokenRequest(idp, basic, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token })
        ).json();
        await clientPost(idp, idp.endpoints.revocation, basic, { token: refreshed.refresh_token });
        await tokenRequest(idp, post, { grant_type: 'client_credentials' });
        await new Promise((r) => setTimeout(r, 300)); // let the last log lines flush

        const { stdout, stderr } = idp.logs();
        const secrets = {
            code: flow.code,
            access_token: tokens.access_token,
            refresh_token: tokens.refresh_token,
            id_token: tokens.id_token,
            refreshed_access: refreshed.access_token,
            refreshed_refresh: refreshed.refresh_token,
            demo_password: DEMO_PASSWORD,
            wrong_password: wrongPassword,
            basic_secret: basic.secret,
            post_secret: post.secret,
            session_cookie: jar.get('__Host-esc_session'),
            pkce_verifier: flow.pkce.verifier,
            state: flow.request.state,
            nonce: flow.request.nonce,
            basic_header: Buffer.from(`${basic.id}:${basic.secret}`).toString('base64'),
        };
        for (const [what, value] of Object.entries(secrets)) {
            assert.ok(value && value.length >= 8, `${what} known to the test`);
            assert.ok(!stdout.includes(value), `stdout leaks ${what}`);
            assert.ok(!stderr.includes(value), `stderr leaks ${what}`);
        }
        // Tokens are long: a leaked prefix (e.g. a truncated JWT) is a leak too.
        assert.ok(!stdout.includes(tokens.access_token.slice(0, 60)), 'no access-token prefix in the log');
        assert.ok(!/[?&]code=/.test(stdout) && !/[?&]code=/.test(stderr), 'no code= in the logs');

        const lines = stdout.split('\n').filter((l) => l.startsWith('{'));
        const entries = lines.map((l) => JSON.parse(l));
        const access = entries.filter((e) => e.request_id !== undefined);
        assert.ok(access.length >= 10, `access log lines: ${access.length}`);
        for (const e of access)
            for (const f of kLogFields) assert.ok(f in e, `access log field ${f} in ${JSON.stringify(e)}`);
        assert.equal(new Set(access.map((e) => e.request_id)).size, access.length, 'request ids are unique');
        const tokenPath = new URL(idp.endpoints.token).pathname;
        assert.ok(
            access.some((e) => e.path === tokenPath && e.method === 'POST' && e.status === 200),
            'token request logged',
        );
        const authPath = new URL(idp.endpoints.authorization).pathname;
        const auths = access.filter((e) => e.path.startsWith(authPath));
        assert.ok(auths.length > 0, 'authorize logged');
        for (const e of auths) assert.ok(!e.path.includes('?'), `no query string logged for authorize: ${e.path}`);
        for (const e of access) {
            assert.equal(typeof e.status, 'number');
            assert.equal(typeof e.duration_ms, 'number');
            const ts = typeof e.ts === 'number' ? e.ts : Date.parse(e.ts);
            assert.ok(Number.isFinite(ts) && ts > 0, `ts is a time: ${e.ts}`);
        }
    });
});
