// Transport hardening in http/: header and body limits, read and idle timeouts, many idle connections,
// graceful drain on SIGTERM. Raw TLS sockets, so the server's own answers are observed byte for byte.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import tls from 'node:tls';
import { startIdp } from './lib/harness.mjs';
import { request, rawExchange, statusOf, isListening } from './lib/http.mjs';

const kReadTimeout = 2;
const kIdleTimeout = 3;
const limits = { max_header_bytes: 4096, max_body_bytes: 2048, read_timeout: kReadTimeout, idle_timeout: kIdleTimeout };

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
