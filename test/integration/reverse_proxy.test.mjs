// Plain-HTTP deployment behind a TLS-terminating reverse proxy: X-Forwarded-* headers and a forwarded
// client certificate are honoured only from the configured proxy addresses.
import { describe, test, before, after } from 'node:test';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import assert from 'node:assert/strict';
import { startIdp } from './lib/harness.mjs';
import { request } from './lib/http.mjs';

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
                server: { trusted_proxies: trusted ? ['127.0.0.1'] : ['192.0.2.1'] },
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
    });
}
