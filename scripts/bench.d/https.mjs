// The benchmark drivers' HTTPS client (auth.mjs, access.mjs): node:https with the caller's agent, so that each
// benchmark decides what a connection costs (new per request or kept alive, TLS sessions cached or not).
import https from 'node:https';
import { encodeForm } from '../../test/integration/lib/http.mjs';

// `send` keeps each driver's CA and timeout (auth.mjs 15 s, access.mjs 30 s) out of its call sites. It never follows
// redirects: each step of a flow is timed and checked on its own. Resolves { status, headers, body, location,
// reused, json }; `card` ({ cert, key }) presents a client certificate on the connection.
export function sender({ ca, timeout }) {
    return function send(url, { method = 'GET', headers = {}, form, body, jar, agent, card } = {}) {
        const target = new URL(url);
        const all = { ...headers };
        let payload = body;
        if (form !== undefined) {
            payload = encodeForm(form);
            all['content-type'] = 'application/x-www-form-urlencoded';
        }
        if (payload !== undefined) all['content-length'] = Buffer.byteLength(payload);
        if (jar && jar.size() > 0) all.cookie = jar.header();
        return new Promise((resolve, reject) => {
            const req = https.request(target, { method, headers: all, agent, ca, timeout, ...card }, (res) => {
                const chunks = [];
                res.on('data', (c) => chunks.push(c));
                res.on('end', () => {
                    if (jar) jar.store(res.headers['set-cookie'] ?? []);
                    const text = Buffer.concat(chunks).toString('utf8');
                    resolve({
                        status: res.statusCode,
                        headers: res.headers,
                        body: text,
                        location: res.headers.location ? new URL(res.headers.location, target).toString() : undefined,
                        reused: req.reusedSocket,
                        json: () => JSON.parse(text),
                    });
                });
                res.on('error', reject);
            });
            req.on('timeout', () => req.destroy(new Error(`timeout: ${method} ${url}`)));
            req.on('error', reject);
            if (payload !== undefined) req.write(payload);
            req.end();
        });
    };
}
