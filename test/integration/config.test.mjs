// Configuration checking: every error listed with its path, exit 1, and `serve` refuses to bind on a bad file.
import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { prepareIdp, runIdp, idpBin, freePort } from './lib/harness.mjs';
import { isListening } from './lib/http.mjs';

function badConfig(tmp, port) {
    return `issuer = "ftp://example.test/auth/realms/esculape"
database = "${path.join(tmp, 'bad.db')}"
dev_mode = false
[server]
listen = "127.0.0.1:${port}"
max_header_bytes = -5
bogus = 1
[tls]
enabled = true
cert_file = "${path.join(tmp, 'missing.crt')}"
key_file = "${path.join(tmp, 'missing.key')}"
[tokens]
signing_algs = ["HS256"]
[clients.bad]
name = "Mauvais client"
type = "confidential"
token_endpoint_auth_method = "client_secret_basic"
secret = "short"
redirect_uris = ["https://bad.test/cb#frag"]
grant_types = ["authorization_code"]
`;
}

// The paths every validator must name for the file above.
const kExpectedPaths = [
    'issuer',
    'server.max_header_bytes',
    'server.bogus',
    'tls.cert_file',
    'tokens.signing_algs',
    'clients.bad.secret',
    'clients.bad.redirect_uris',
];

describe('configuration', { timeout: 120000 }, () => {
    const dirs = [];
    after(() => {
        for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
    });

    test('check-config accepts the generated test configuration', async () => {
        const prepared = await prepareIdp();
        dirs.push(prepared.tmp);
        const r = await runIdp(['check-config', '--config', prepared.configPath]);
        assert.equal(r.code, 0, `check-config on a good file: ${r.stderr}`);
    });

    test('check-config lists every error as `path: message` and exits 1', async () => {
        const prepared = await prepareIdp();
        dirs.push(prepared.tmp);
        const file = path.join(prepared.tmp, 'bad.toml');
        fs.writeFileSync(file, badConfig(prepared.tmp, prepared.port));
        const r = await runIdp(['check-config', '--config', file]);
        assert.equal(r.code, 1, `exit code ${r.code}`);
        const lines = r.stderr
            .split('\n')
            .map((l) => l.trim())
            .filter((l) => /^[A-Za-z0-9_.\[\]"-]+: \S/.test(l));
        assert.ok(lines.length >= kExpectedPaths.length, `one line per error, got:\n${r.stderr}`);
        for (const p of kExpectedPaths) {
            assert.ok(
                lines.some((l) => l.startsWith(p)),
                `error for ${p} in:\n${r.stderr}`,
            );
        }
    });

    test('a missing config file is an error, not a crash', async () => {
        const r = await runIdp(['check-config', '--config', '/nonexistent/esculape.toml']);
        assert.equal(r.code, 1, r.stderr);
        assert.ok(r.stderr.length > 0);
    });

    test('serve with a bad config exits 1 without binding the port', async () => {
        const prepared = await prepareIdp();
        dirs.push(prepared.tmp);
        const port = await freePort();
        const file = path.join(prepared.tmp, 'bad.toml');
        fs.writeFileSync(file, badConfig(prepared.tmp, port));
        const child = spawn(idpBin(), ['serve', '--config', file], { stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        child.stdout.on('data', (d) => {
            out += d;
        });
        child.stderr.on('data', () => {});
        const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal)));
        let bound = false;
        let code;
        const deadline = Date.now() + 15000;
        while (code === undefined && Date.now() < deadline) {
            if (await isListening(port)) bound = true;
            code = await Promise.race([exited, new Promise((r) => setTimeout(() => r(undefined), 50))]);
        }
        if (code === undefined) child.kill('SIGKILL');
        assert.equal(code, 1, 'exit code 1');
        assert.equal(bound, false, 'the port was never bound');
        assert.ok(!out.includes('listening on'), 'never announced listening');
        assert.equal(fs.existsSync(path.join(prepared.tmp, 'bad.db')), false, 'no database created before validation');
    });
});
