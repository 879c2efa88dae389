// Plain-HTTP deployment behind a TLS-terminating reverse proxy: X-Forwarded-* headers are honoured only
// from the configured proxy addresses, and a forwarded client certificate only with the proxy secret too.
import { describe, test, before, after } from 'node:test';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import assert from 'node:assert/strict';
import { startIdp } from './lib/harness.mjs';
import { request } from './lib/http.mjs';
import { randomToken } from './lib/flow.mjs';

const proxySecret = randomToken(32);

// A self-signed certificate shaped like a CPS card, as nginx would forward it ($ssl_client_escaped_cert).
function cardCertificatePem() {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'esculape-proxy-'));
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes',
        '-days', '1', '-multivalue-rdn', '-subj', '/C=FR/SN=MOREAU+CN=899700000112+GN=CLAIRE',
        '-keyout', path.join(dir, 'k.pem'), '-out', path.join(dir, 'c.pem')], { stdio: 'pipe' });
    const pem = fs.readFileSync(path.join(dir, 'c.pem'), 'utf8');
    fs.rmSync(dir, { recursive: true, force: true });
    return pem;
}

const forwarded = {
    'x-forwarded-for': '203.0.113.7',
    'x-forwarded-proto': 'https',
    'x-client-cert': encodeURIComponent(cardCertificatePem()),
    'x-client-verify': 'SUCCESS',
    'x-proxy-secret': proxySecret,
    accept: 'text/html',
};

async function remoteOfLastLine(idp, path) {
    const lines = idp.logs().stdout.split('\n').filter((l) => l.includes(`"path":"${path}"`));
    return JSON.parse(lines.at(-1)).remote;
}

for (const trusted of [true, false]) {
    describe(`plain HTTP, proxy ${trusted ? 'trusted' : 'not trusted'}`, { timeout: 60000 }, () => {
        let idp;
        before(async () => {
            idp = await startIdp({
                tls: { enabled: false },
                server: { trusted_proxies: trusted ? ['127.0.0.1'] : ['192.0.2.1'], proxy_secret: proxySecret },
            });
        });
        after(() => idp?.stop());

        test('the issuer and the discovery document use http:// in this mode', async () => {
            assert.match(idp.base, /^http:\/\//);
            const res = await request(idp.endpoints.discovery);
            assert.equal(res.status, 200);
            assert.equal(res.json().issuer, idp.issuer);
        });

        test(`X-Forwarded-For ${trusted ? 'gives' : 'does not change'} the logged client address`, async () => {
            const path = `/auth/realms/esculape/.well-known/openid-configuration`;
            await request(`${idp.base}${path}`, { headers: forwarded });
            await new Promise((r) => setTimeout(r, 100));
            assert.equal(await remoteOfLastLine(idp, path), trusted ? '203.0.113.7' : '127.0.0.1');
        });

        test(`a forwarded client certificate is ${trusted ? 'seen' : 'ignored'}`, async () => {
            const res = await request(`${idp.base}/auth/realms/esculape/login`, { headers: forwarded });
            assert.equal(res.status, 200);
            assert.equal(/Certificat détecté/.test(res.body), trusted);
            if (trusted) assert.match(res.body, /899700000112/);
        });

        test(`Strict-Transport-Security ${trusted ? 'when the proxy says https' : 'never over plain HTTP'}`, async () => {
            const viaHttps = await request(`${idp.base}/healthz`, { headers: { 'x-forwarded-proto': 'https' } });
            assert.equal(viaHttps.headers['strict-transport-security'], trusted ? 'max-age=31536000' : undefined);
            const viaHttp = await request(`${idp.base}/healthz`);
            assert.equal(viaHttp.headers['strict-transport-security'], undefined);
        });

        if (trusted) {
            test('a forwarded certificate without the right proxy secret is ignored, and logged', async () => {
                for (const secret of [undefined, 'wrong-' + proxySecret, proxySecret.slice(0, 20)]) {
                    const headers = { ...forwarded };
                    if (secret === undefined) delete headers['x-proxy-secret'];
                    else headers['x-proxy-secret'] = secret;
                    const res = await request(`${idp.base}/auth/realms/esculape/login`, { headers });
                    assert.equal(res.status, 200);
                    assert.ok(!/Certificat détecté/.test(res.body), `certificate believed with secret ${secret}`);
                }
                await new Promise((r) => setTimeout(r, 100));
                const lines = idp.logs().stdout.split('\n').filter((l) => l.includes('forwarded_certificate_ignored'));
                assert.ok(lines.length >= 3, 'one log line per ignored certificate');
                assert.equal(JSON.parse(lines[0]).level, 'warn');
                assert.ok(!idp.logs().stdout.includes(proxySecret), 'the secret is never logged');
            });
        }
    });
}
