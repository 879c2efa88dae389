// Transport hardening in http/: header and body limits, read and idle timeouts, many idle connections,
// framing (Host, Transfer-Encoding, Expect), TLS suites and HSTS, the parameter cap, the per-address
// connection cap and first-byte timeout, several listen addresses (IPv4 and IPv6), graceful drain on SIGTERM. Raw TLS sockets, so the server's own answers are observed byte for byte.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import tls from 'node:tls';
import { startIdp, freePort } from './lib/harness.mjs';
import { request, rawExchange, statusOf, isListening } from './lib/http.mjs';

const kReadTimeout = 2;
const kIdleTimeout = 3;
const limits = {
    max_header_bytes: 4096,
    max_body_bytes: 2048,
    read_timeout: kReadTimeout,
    idle_timeout: kIdleTimeout,
    max_connections_per_address: 1000, // the idle-connections test opens 200 from 127.0.0.1
};

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

describe('transport', { timeout: 180000 }, () => {
    let idp;
    const raw = (chunks, waitMs = 5000) => rawExchange({ port: idp.port, ca: idp.ca, chunks, waitMs });
    const tokenPath = () => new URL(idp.endpoints.token).pathname;
    before(async () => {
        idp = await startIdp({ server: limits });
    });
    after(() => idp?.stop());

    test('a normal request over a raw socket works (control)', async () => {
        const r = await raw(['GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n']);
        assert.equal(statusOf(r.text), 200, r.text);
    });

    test('headers larger than max_header_bytes → 431', async () => {
        const pad = 'x'.repeat(8192);
        const r = await raw([`GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Pad: ${pad}\r\n\r\n`]);
        assert.equal(statusOf(r.text), 431, r.text.slice(0, 200) || `nothing received (${r.error?.code})`);
    });

    test('a body larger than max_body_bytes → 413 (declared and sent)', async () => {
        const declared = await raw([
            `POST ${tokenPath()} HTTP/1.1\r\nHost: 127.0.0.1\r\n` +
                'Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100000\r\n\r\n',
        ]);
        assert.equal(statusOf(declared.text), 413, declared.text.slice(0, 200) || 'nothing received');
        assert.ok(declared.elapsedMs < kReadTimeout * 1000, 'refused from the header, without waiting for the body');
        const body = `grant_type=client_credentials&pad=${'y'.repeat(4096)}`;
        const sent = await raw([
            `POST ${tokenPath()} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n` +
                `Content-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`,
        ]);
        assert.equal(statusOf(sent.text), 413, sent.text.slice(0, 200) || `nothing received (${sent.error?.code})`);
    });

    test('a chunked body larger than max_body_bytes → 413', async () => {
        const chunk = 'z'.repeat(1024);
        const parts = [
            `POST ${tokenPath()} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n` +
                'Transfer-Encoding: chunked\r\n\r\n',
        ];
        for (let i = 0; i < 4; ++i) parts.push(`400\r\n${chunk}\r\n`);
        parts.push('0\r\n\r\n');
        const r = await raw(parts);
        assert.equal(statusOf(r.text), 413, r.text.slice(0, 200) || `nothing received (${r.error?.code})`);
    });

    test('half a request → 408 after read_timeout, then the connection is closed', async () => {
        const r = await raw(['GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n'], (kReadTimeout + 5) * 1000);
        assert.equal(statusOf(r.text), 408, r.text.slice(0, 200) || 'nothing received');
        assert.ok(r.closed, 'connection closed');
        assert.ok(r.elapsedMs >= kReadTimeout * 1000 - 300, `not before read_timeout (${r.elapsedMs} ms)`);
        assert.ok(r.elapsedMs <= (kReadTimeout + 2.5) * 1000, `within read_timeout + slack (${r.elapsedMs} ms)`);
    });

    test('a body that trickles in slower than read_timeout → 408', async () => {
        const head =
            `POST ${tokenPath()} HTTP/1.1\r\nHost: 127.0.0.1\r\n` +
            'Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 40\r\n\r\n';
        const chunks = [head];
        for (let i = 0; i < 8; ++i) chunks.push(700, 'a');
        const r = await raw(chunks, (kReadTimeout + 6) * 1000);
        assert.equal(statusOf(r.text), 408, r.text.slice(0, 200) || 'nothing received');
        assert.ok(r.elapsedMs <= (kReadTimeout + 2.5) * 1000, `the timer covers the whole request (${r.elapsedMs} ms)`);
    });

    test('malformed request line → 400', async () => {
        for (const line of [
            'GARBAGE\r\n\r\n',
            'GET /healthz\r\n\r\n',
            'GET /healthz HTTP/1.1 extra\r\nHost: x\r\n\r\n',
        ]) {
            const r = await raw([line]);
            assert.equal(statusOf(r.text), 400, `${JSON.stringify(line)} → ${r.text.slice(0, 100) || 'nothing'}`);
        }
    });

    test('HTTP/1.1 without Host, or with two Host headers → 400 (RFC 9112 §3.2)', async () => {
        const none = await raw(['GET /healthz HTTP/1.1\r\nConnection: close\r\n\r\n']);
        assert.equal(statusOf(none.text), 400, none.text.slice(0, 200) || 'nothing received');
        const two = await raw(['GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n']);
        assert.equal(statusOf(two.text), 400, two.text.slice(0, 200) || 'nothing received');
        assert.match(two.text, /Host/);
        // HTTP/1.0 may omit Host.
        const old = await raw(['GET /healthz HTTP/1.0\r\n\r\n']);
        assert.equal(statusOf(old.text), 200, old.text.slice(0, 200));
    });

    test('a Transfer-Encoding other than chunked → 501, never read as a body (RFC 9112 §6.1)', async () => {
        for (const te of ['gzip', 'gzip, chunked', 'chunked, chunked', 'identity']) {
            const r = await raw([
                `POST ${tokenPath()} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n` +
                    `Transfer-Encoding: ${te}\r\nConnection: close\r\n\r\n5\r\nabcde\r\n0\r\n\r\n`,
            ]);
            assert.equal(statusOf(r.text), 501, `${te}: ${r.text.slice(0, 200) || 'nothing received'}`);
            assert.ok(r.closed, 'connection closed after a framing error');
        }
        const both = await raw([
            `POST ${tokenPath()} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n` +
                'Connection: close\r\n\r\n0\r\n\r\n',
        ]);
        assert.equal(statusOf(both.text), 400, both.text.slice(0, 200) || 'nothing received');
    });

    test('Expect: 100-continue gets 100 before the body is sent; over the limit 413; unknown 417', async () => {
        const body = 'grant_type=client_credentials';
        const r = await raw(
            [
                `POST ${tokenPath()} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n` +
                    `Content-Length: ${body.length}\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n`,
                1000, // a client waits (curl: 1 s) for the interim answer
                body,
            ],
            8000,
        );
        assert.match(r.text, /^HTTP\/1\.1 100 Continue\r\n\r\n/, r.text.slice(0, 200) || 'nothing received');
        assert.match(r.text, /\r\n\r\nHTTP\/1\.1 401 /, 'then the final answer (invalid_client)');
        const big = await raw([
            `POST ${tokenPath()} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n` +
                'Content-Length: 100000\r\nExpect: 100-continue\r\n\r\n',
        ]);
        assert.equal(statusOf(big.text), 413, big.text.slice(0, 200) || 'nothing received');
        assert.ok(!big.text.includes('100 Continue'));
        const odd = await raw([
            `POST ${tokenPath()} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 4\r\nExpect: something-else\r\n\r\nabcd`,
        ]);
        assert.equal(statusOf(odd.text), 417, odd.text.slice(0, 200) || 'nothing received');
    });

    test('more than 128 parameters → 400 invalid_request, before client authentication', async () => {
        const many = Array.from({ length: 200 }, (_, i) => `p${i}=${i}`).join('&');
        const form = await request(idp.endpoints.token, {
            method: 'POST',
            ca: idp.ca,
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: `grant_type=client_credentials&${many}`,
        });
        assert.equal(form.status, 400, form.body);
        assert.equal(form.json().error, 'invalid_request');
        assert.match(form.json().error_description, /more than 128 parameters/);
        const query = await request(`${idp.endpoints.authorization}?${many}`, { ca: idp.ca });
        assert.equal(query.status, 400, query.body);
        assert.match(query.body, /more than 128 parameters/);
        // The authorization endpoint is a browser's route: the same failure is the French error page.
        assert.match(query.headers['content-type'], /^text\/html/);
        assert.match(query.body, /<html lang="fr">/);
        assert.match(query.body, /invalid_request/);
        assert.match(form.headers['content-type'], /^application\/json/);
        // 100 parameters are still parsed by the endpoint (here: an unauthenticated client).
        const fine = Array.from({ length: 100 }, (_, i) => `p${i}=${i}`).join('&');
        const ok = await request(idp.endpoints.token, {
            method: 'POST',
            ca: idp.ca,
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: `grant_type=client_credentials&${fine}`,
        });
        assert.equal(ok.json().error, 'invalid_client', ok.body);
    });

    test('HTTPS answers carry Strict-Transport-Security (RFC 6797)', async () => {
        const res = await request(`${idp.base}/healthz`, { ca: idp.ca });
        assert.equal(res.headers['strict-transport-security'], 'max-age=31536000');
        const err = await raw(['GET /healthz HTTP/1.1\r\nConnection: close\r\n\r\n']);
        assert.match(err.text, /\r\nStrict-Transport-Security: max-age=31536000\r\n/i, 'also on errors');
        const admin = await request(`${idp.admin}/healthz`);
        assert.equal(admin.headers['strict-transport-security'], undefined, 'never over plain HTTP (RFC 6797 §7.2)');
    });

    test('TLS 1.2 offers only ECDHE with AEAD suites; TLS 1.3 works', async () => {
        const handshake = (options) =>
            new Promise((resolve) => {
                const s = tls.connect(
                    { host: '127.0.0.1', port: idp.port, ca: idp.ca, servername: 'localhost', ...options },
                    () => {
                        const out = { ok: true, cipher: s.getCipher().name, version: s.getProtocol() };
                        s.destroy();
                        resolve(out);
                    },
                );
                s.on('error', (e) => resolve({ ok: false, error: e }));
            });
        for (const cipher of [
            'ECDHE-ECDSA-AES128-SHA', // CBC with SHA-1
            'ECDHE-ECDSA-AES256-SHA',
            'ECDHE-ECDSA-AES128-SHA256', // CBC
            'ECDHE-ECDSA-AES256-SHA384',
            'AES128-GCM-SHA256', // no forward secrecy
        ]) {
            const r = await handshake({ maxVersion: 'TLSv1.2', ciphers: cipher });
            assert.equal(r.ok, false, `${cipher} must be refused, got ${r.cipher}`);
            assert.match(String(r.error?.message), /handshake failure|no shared cipher|alert/i, `${cipher}: ${r.error}`);
        }
        for (const cipher of ['ECDHE-ECDSA-AES128-GCM-SHA256', 'ECDHE-ECDSA-AES256-GCM-SHA384',
            'ECDHE-ECDSA-CHACHA20-POLY1305']) {
            const r = await handshake({ maxVersion: 'TLSv1.2', ciphers: cipher });
            assert.equal(r.ok, true, `${cipher}: ${r.error}`);
            assert.equal(r.cipher, cipher);
        }
        const tls13 = await handshake({ minVersion: 'TLSv1.3' });
        assert.equal(tls13.ok, true, String(tls13.error));
        assert.equal(tls13.version, 'TLSv1.3');
    });

    test('an idle keep-alive connection is closed after idle_timeout', async () => {
        const r = await raw(['GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'], (kIdleTimeout + 5) * 1000);
        assert.equal(statusOf(r.text), 200);
        assert.ok(r.closed, 'closed by the server');
        assert.ok(r.elapsedMs >= kIdleTimeout * 1000 - 300, `kept alive until idle_timeout (${r.elapsedMs} ms)`);
        assert.ok(r.elapsedMs <= (kIdleTimeout + 3) * 1000, `closed soon after idle_timeout (${r.elapsedMs} ms)`);
    });

    test('200 idle connections do not stop a normal request, and are reaped afterwards', async () => {
        const sockets = [];
        const closed = [];
        const track = (s) => {
            sockets.push(s);
            s.on('close', () => closed.push(s));
            s.on('error', () => {});
        };
        // 100 bare TCP connections that never start TLS, 100 that finish the handshake and then say nothing.
        for (let i = 0; i < 100; ++i) track(net.connect({ host: '127.0.0.1', port: idp.port }));
        await Promise.all(
            Array.from(
                { length: 100 },
                () =>
                    new Promise((resolve) => {
                        const s = tls.connect(
                            { host: '127.0.0.1', port: idp.port, ca: idp.ca, servername: 'localhost' },
                            resolve,
                        );
                        track(s);
                        s.on('error', resolve);
                    }),
            ),
        );
        try {
            const started = Date.now();
            const res = await request(`${idp.base}/healthz`, { ca: idp.ca, timeout: 5000 });
            assert.equal(res.status, 200);
            assert.ok(Date.now() - started < 2000, `served promptly (${Date.now() - started} ms)`);
            const deadline = Date.now() + (kReadTimeout + 5) * 1000;
            while (closed.length < sockets.length && Date.now() < deadline) await sleep(200);
            assert.equal(
                closed.length,
                sockets.length,
                `${sockets.length - closed.length} idle connections still open`,
            );
        } finally {
            for (const s of sockets) s.destroy();
        }
    });
});

// Opens `count` TLS connections that finish the handshake, then write `say` (nothing by default); resolves the sockets.
function idleTlsConnections(idp, count, say = '') {
    return Promise.all(
        Array.from(
            { length: count },
            () =>
                new Promise((resolve) => {
                    const s = tls.connect({ host: '127.0.0.1', port: idp.port, ca: idp.ca, servername: 'localhost' }, () => {
                        if (say) s.write(say);
                        resolve(s);
                    });
                    s.on('error', () => resolve(s));
                }),
        ),
    );
}

describe('connection limits per address', { timeout: 60000 }, () => {
    let idp;
    before(async () => {
        idp = await startIdp({ server: { max_connections_per_address: 4, first_byte_timeout: 1, idle_timeout: 60 } });
    });
    after(() => idp?.stop());

    test('one address cannot hold more than max_connections_per_address connections', async () => {
        // Half a request each: held until read_timeout (10 s), well past this test.
        const held = await idleTlsConnections(idp, 4, 'GET /healthz HTTP/1.1\r\n');
        try {
            // The fifth connection from the same address is closed at once, before any TLS.
            const fifth = await raw5(idp);
            assert.equal(fifth.ok, false, 'the fifth connection is refused');
            held[0].destroy();
            let res;
            for (const deadline = Date.now() + 3000; Date.now() < deadline; await sleep(100)) {
                res = await request(`${idp.base}/healthz`, { ca: idp.ca, timeout: 5000 }).catch((e) => e);
                if (res.status === 200) break;
            }
            assert.equal(res.status, 200, `a freed slot can be used again (${res})`);
        } finally {
            for (const s of held) s.destroy();
        }
    });

    test('a new connection that says nothing is closed after first_byte_timeout', async () => {
        await sleep(300); // let the previous test's connections go
        const started = Date.now();
        const closedAfter = await new Promise((resolve) => {
            const s = net.connect({ host: '127.0.0.1', port: idp.port });
            s.on('error', () => {});
            s.on('close', () => resolve(Date.now() - started));
            setTimeout(() => {
                s.destroy();
                resolve(Infinity);
            }, 8000);
        });
        assert.ok(closedAfter <= 3500, `bare TCP connection closed after ${closedAfter} ms (read_timeout is 10 s)`);
        // After the TLS handshake, the first request must start within first_byte_timeout too (idle_timeout is 60 s).
        const [s] = await idleTlsConnections(idp, 1);
        const t0 = Date.now();
        const tlsClosedAfter = await new Promise((resolve) => {
            if (s.destroyed) return resolve(0);
            s.on('close', () => resolve(Date.now() - t0));
            setTimeout(() => {
                s.destroy();
                resolve(Infinity);
            }, 8000);
        });
        assert.ok(tlsClosedAfter <= 3500, `silent TLS connection closed after ${tlsClosedAfter} ms`);
    });
});

// A TLS handshake from 127.0.0.1: { ok } (false when the server closes the connection first).
function raw5(idp) {
    return new Promise((resolve) => {
        const s = tls.connect({ host: '127.0.0.1', port: idp.port, ca: idp.ca, servername: 'localhost' }, () => {
            s.destroy();
            resolve({ ok: true });
        });
        s.on('error', (e) => resolve({ ok: false, error: e }));
        s.on('close', () => resolve({ ok: false }));
        setTimeout(() => {
            s.destroy();
            resolve({ ok: false, error: new Error('timeout') });
        }, 5000);
    });
}

describe('listen addresses', { timeout: 60000 }, () => {
    test('a list of addresses binds IPv4 and IPv6 loopback on one port', async () => {
        const port = await freePort();
        const idp = await startIdp({ port, server: { listen: [`127.0.0.1:${port}`, `[::1]:${port}`] } });
        try {
            for (const host of ['127.0.0.1', '[::1]']) {
                const res = await request(`https://${host}:${port}/healthz`, { ca: idp.ca });
                assert.equal(res.status, 200, host);
            }
            assert.match(idp.logs().stdout, new RegExp(`listening on https://\\[::1\\]:${port}`));
        } finally {
            await idp.stop();
        }
    });

    test('a host name binds every address it resolves to', async () => {
        const port = await freePort();
        const idp = await startIdp({ port, server: { listen: `localhost:${port}` } });
        try {
            const res = await request(`https://127.0.0.1:${port}/healthz`, { ca: idp.ca });
            assert.equal(res.status, 200);
            assert.match(idp.logs().stdout, new RegExp(`listening on https://127\\.0\\.0\\.1:${port}`));
        } finally {
            await idp.stop();
        }
    });
});

describe('graceful shutdown', { timeout: 60000 }, () => {
    test('SIGTERM: stops accepting, finishes the request in flight, exits 0', async () => {
        const idp = await startIdp({ server: { read_timeout: 10 } });
        let code;
        try {
            const path = new URL(idp.endpoints.token).pathname;
            const body = 'grant_type=client_credentials';
            const inFlight = rawExchange({
                port: idp.port,
                ca: idp.ca,
                waitMs: 8000,
                chunks: [
                    `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n` +
                        `Content-Length: ${body.length}\r\nConnection: close\r\n\r\n${body.slice(0, 10)}`,
                    1500,
                    body.slice(10),
                ],
            });
            await sleep(500);
            const exited = idp.stop('SIGTERM');
            await sleep(400);
            assert.equal(await isListening(idp.port), false, 'no new connections after SIGTERM');
            const r = await inFlight;
            const status = statusOf(r.text);
            assert.ok(
                status >= 400 && status < 500,
                `the in-flight request got its answer: ${r.text.slice(0, 200) || 'nothing'}`,
            );
            assert.match(r.text, /"error"\s*:\s*"invalid_client"/, 'a complete token-endpoint answer');
            code = await exited;
        } finally {
            if (code === undefined) code = await idp.stop('SIGKILL');
        }
        assert.equal(code, 0, 'exit code 0 after draining');
    });
});
