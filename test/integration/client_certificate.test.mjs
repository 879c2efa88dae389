// TLS client certificates (CPS cards, workstation certificates) are requested, never required:
// a browser without one, with a trusted one or with an unknown one all get their pages, and the
// login page says which certificate it saw (the handler reads it from the request).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startIdp } from './lib/harness.mjs';
import { request } from './lib/http.mjs';

// A CA and a client certificate shaped like a CPS test card (SN+CN+GN multi-valued RDN).
function makePki(dir, name) {
    const run = (args) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
    run(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '2',
        '-subj', `/O=IGC-Sante TEST/CN=${name} CA`, '-keyout', `${name}-ca.key`, '-out', `${name}-ca.crt`]);
    run(['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-multivalue-rdn',
        '-subj', '/C=FR/O=TEST/SN=MOREAU+CN=899700000112+GN=CLAIRE', '-keyout', `${name}-client.key`,
        '-out', `${name}-client.csr`]);
    run(['x509', '-req', '-in', `${name}-client.csr`, '-CA', `${name}-ca.crt`, '-CAkey', `${name}-ca.key`,
        '-CAcreateserial', '-days', '2', '-out', `${name}-client.crt`]);
    return {
        ca: path.join(dir, `${name}-ca.crt`),
        cert: fs.readFileSync(path.join(dir, `${name}-client.crt`)),
        key: fs.readFileSync(path.join(dir, `${name}-client.key`)),
    };
}

describe('TLS client certificates', { timeout: 120000 }, () => {
    let idp, trusted, unknown, pkiDir;
    before(async () => {
        pkiDir = fs.mkdtempSync(path.join(os.tmpdir(), 'esculape-pki-'));
        trusted = makePki(pkiDir, 'trusted');
        unknown = makePki(pkiDir, 'unknown');
        idp = await startIdp({ tls: { client_ca_file: trusted.ca } });
    });
    after(async () => {
        await idp?.stop();
        fs.rmSync(pkiDir, { recursive: true, force: true });
    });

    const loginPage = (opts) => request(`${idp.base}/auth/realms/esculape/login`, { ca: idp.ca, ...opts });

    test('without a certificate the page is served and mentions none', async () => {
        const res = await loginPage({});
        assert.equal(res.status, 200);
        assert.ok(!res.body.includes('Certificat détecté'));
    });

    test('a certificate from the configured CA is seen and recognised', async () => {
        const res = await loginPage({ cert: trusted.cert, key: trusted.key });
        assert.equal(res.status, 200);
        assert.match(res.body, /Certificat détecté/);
        assert.match(res.body, /899700000112/);
        assert.ok(!res.body.includes('ne reconnaît pas'));
    });

    test('a certificate from another CA still gets the page, marked as not recognised', async () => {
        const res = await loginPage({ cert: unknown.cert, key: unknown.key });
        assert.equal(res.status, 200);
        assert.match(res.body, /Certificat détecté/);
        assert.match(res.body, /ne reconnaît pas/);
    });

    test('the certificate never reaches the access log', async () => {
        await loginPage({ cert: trusted.cert, key: trusted.key });
        assert.ok(!idp.logs().stdout.includes('899700000112'));
    });
});
