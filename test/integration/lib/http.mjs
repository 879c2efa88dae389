// HTTP helpers for the integration tests: one request function over node:https that never follows redirects,
// a tiny cookie jar, form/Basic helpers, and a raw TLS socket exchange for transport-level tests.
import http from 'node:http';
import https from 'node:https';
import tls from 'node:tls';
import net from 'node:net';

// Sends one request and resolves with { status, headers, setCookies, body, bytes, json(), location }.
// `form` (object) is sent as application/x-www-form-urlencoded; `body` (string/Buffer) is sent as is.
// Arrays in `form` repeat the parameter (used to test duplicate parameters). A client certificate is `cert` + `key`
// (PEM) or `pfx` (a PKCS#12) + its `passphrase`.
export function request(
    url,
    {
        method = 'GET',
        headers = {},
        form,
        body,
        jar,
        ca,
        basic,
        bearer,
        timeout = 15000,
        cert,
        key,
        pfx,
        passphrase,
    } = {},
) {
    const target = new URL(url);
    const all = { ...headers };
    let payload = body;
    if (form !== undefined) {
        payload = encodeForm(form);
        all['content-type'] ??= 'application/x-www-form-urlencoded';
    }
    if (payload !== undefined) all['content-length'] = Buffer.byteLength(payload);
    if (basic) all.authorization = basicAuth(basic[0], basic[1]);
    if (bearer) all.authorization = `Bearer ${bearer}`;
    if (jar && jar.size() > 0) all.cookie = jar.header();
    return new Promise((resolve, reject) => {
        const transport = target.protocol === 'http:' ? http : https; // plain HTTP: the behind-a-proxy mode
        const options = { method, headers: all, ca, timeout, agent: false, cert, key, pfx, passphrase };
        const req = transport.request(target, options, (res) => {
            const chunks = [];
            res.on('data', (c) => chunks.push(c));
            res.on('end', () => {
                const setCookies = res.headers['set-cookie'] ?? [];
                if (jar) jar.store(setCookies);
                const bytes = Buffer.concat(chunks);
                const text = bytes.toString('utf8');
                resolve({
                    status: res.statusCode,
                    headers: res.headers,
                    setCookies,
                    body: text,
                    bytes, // the body as received (binary answers: a PKCS#12, a CRL)
                    location: res.headers.location ? new URL(res.headers.location, target).toString() : undefined,
                    json() {
                        return JSON.parse(text);
                    },
                });
            });
            res.on('error', reject);
        });
        req.on('timeout', () => req.destroy(new Error(`timeout after ${timeout} ms: ${method} ${url}`)));
        req.on('error', reject);
        if (payload !== undefined) req.write(payload);
        req.end();
    });
}

// application/x-www-form-urlencoded, with array values repeated (a=1&a=2).
export function encodeForm(fields) {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(fields)) {
        if (v === undefined || v === null) continue;
        for (const one of Array.isArray(v) ? v : [v]) params.append(k, String(one));
    }
    return params.toString();
}

// RFC 6749 §2.3.1: client id and secret are form-urlencoded before the Basic encoding.
export function basicAuth(id, secret) {
    const enc = (s) => encodeURIComponent(s).replace(/%20/g, '+');
    return 'Basic ' + Buffer.from(`${enc(id)}:${enc(secret)}`).toString('base64');
}

// Parses one Set-Cookie header into { name, value, attrs } (attribute names lower-cased; flags map to true).
export function parseSetCookie(line) {
    const [pair, ...rest] = line.split(';');
    const eq = pair.indexOf('=');
    const attrs = {};
    for (const part of rest) {
        const p = part.trim();
        if (!p) continue;
        const i = p.indexOf('=');
        if (i < 0) attrs[p.toLowerCase()] = true;
        else attrs[p.slice(0, i).trim().toLowerCase()] = p.slice(i + 1).trim();
    }
    return { name: pair.slice(0, eq).trim(), value: pair.slice(eq + 1).trim(), attrs };
}

// One host only (every test talks to one idp), so Domain and Path are ignored; expiry is honoured.
export class CookieJar {
    constructor() {
        this.cookies = new Map();
    }
    store(setCookies) {
        for (const line of setCookies) {
            const c = parseSetCookie(line);
            if (isExpired(c)) this.cookies.delete(c.name);
            else this.cookies.set(c.name, c.value);
        }
    }
    get(name) {
        return this.cookies.get(name);
    }
    set(name, value) {
        this.cookies.set(name, value);
    }
    delete(name) {
        this.cookies.delete(name);
    }
    size() {
        return this.cookies.size;
    }
    header() {
        return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    }
    clone() {
        const j = new CookieJar();
        j.cookies = new Map(this.cookies);
        return j;
    }
}

function isExpired(cookie) {
    const maxAge = cookie.attrs['max-age'];
    if (maxAge !== undefined && Number(maxAge) <= 0) return true;
    const expires = cookie.attrs.expires;
    if (expires !== undefined && Date.parse(expires) <= Date.now()) return true;
    return cookie.value === '' || cookie.value === '""';
}

// Opens a TLS connection, writes `chunks` (strings, or numbers = pause in ms), and collects everything the server
// sends until it closes or `waitMs` elapses. Resolves { text, closed, elapsedMs, error }.
export function rawExchange({ port, ca, chunks = [], waitMs = 5000, host = '127.0.0.1' }) {
    return new Promise((resolve) => {
        const started = Date.now();
        const socket = tls.connect({ host, port, ca, servername: 'localhost' });
        const received = [];
        let closed = false;
        let error;
        let done = false;
        const finish = () => {
            if (done) return;
            done = true;
            clearTimeout(timer);
            socket.destroy();
            resolve({
                text: Buffer.concat(received).toString('latin1'),
                closed,
                elapsedMs: Date.now() - started,
                error,
            });
        };
        const timer = setTimeout(finish, waitMs);
        socket.on('data', (d) => received.push(d));
        socket.on('error', (e) => {
            error = e;
        });
        socket.on('close', () => {
            closed = true;
            finish();
        });
        socket.on('secureConnect', async () => {
            for (const c of chunks) {
                if (typeof c === 'number') await new Promise((r) => setTimeout(r, c));
                else if (!socket.destroyed) socket.write(c);
            }
        });
    });
}

// The status code of the first HTTP/1.1 status line in `text`, or undefined.
export function statusOf(text) {
    const m = /^HTTP\/1\.[01] (\d{3})/.exec(text);
    return m ? Number(m[1]) : undefined;
}

// Resolves true if something accepts TCP connections on the port.
export function isListening(port, host = '127.0.0.1') {
    return new Promise((resolve) => {
        const s = net.connect({ host, port });
        s.once('connect', () => {
            s.destroy();
            resolve(true);
        });
        s.once('error', () => resolve(false));
    });
}
