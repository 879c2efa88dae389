// A real SMTP server (npm smtp-server) inside the test process, on a loopback port the kernel picks: the idp
// delivers to it over TCP as it would to a relay, and the test reads what arrived, decoded (the idp writes
// multipart/alternative with base64 parts and RFC 2047 subjects).
import { once } from 'node:events';
import { importE2e } from './deps.mjs';

const { SMTPServer } = await importE2e('smtp-server');

// RFC 2047 encoded words (B and Q) in a header value.
function decodeWords(value) {
    return value.replace(/=\?([^?]+)\?([bBqQ])\?([^?]*)\?=\s*/g, (_, charset, enc, text) => {
        const bytes =
            enc.toUpperCase() === 'B'
                ? Buffer.from(text, 'base64')
                : Buffer.from(
                      text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (__, h) => String.fromCharCode(parseInt(h, 16))),
                      'latin1',
                  );
        return new TextDecoder(charset).decode(bytes);
    });
}

function splitHeaders(raw) {
    const end = raw.indexOf('\r\n\r\n');
    const head = end < 0 ? raw : raw.slice(0, end);
    const body = end < 0 ? '' : raw.slice(end + 4);
    const headers = new Map();
    for (const line of head.replace(/\r\n[ \t]/g, ' ').split('\r\n')) {
        const colon = line.indexOf(':');
        if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), decodeWords(line.slice(colon + 1).trim()));
    }
    return { headers, body };
}

function decodeBody(headers, body) {
    const encoding = (headers.get('content-transfer-encoding') ?? '').toLowerCase();
    if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
    if (encoding === 'quoted-printable')
        return Buffer.from(body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, h) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8');
    return body;
}

// { headers, from, to, subject, text, html, links, raw }
export function parseMessage(raw) {
    const { headers, body } = splitHeaders(raw.replace(/\r?\n/g, '\r\n'));
    const type = headers.get('content-type') ?? 'text/plain';
    const parts = [];
    const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
    if (type.toLowerCase().startsWith('multipart/') && boundary) {
        for (const chunk of body.split(`--${boundary}`).slice(1)) {
            if (chunk.startsWith('--')) break;
            const part = splitHeaders(chunk.replace(/^\r\n/, ''));
            parts.push({ type: part.headers.get('content-type') ?? '', text: decodeBody(part.headers, part.body) });
        }
    } else {
        parts.push({ type, text: decodeBody(headers, body) });
    }
    const text = parts.find((p) => p.type.startsWith('text/plain'))?.text ?? '';
    const html = parts.find((p) => p.type.startsWith('text/html'))?.text ?? '';
    return {
        headers,
        from: headers.get('from'),
        to: headers.get('to'),
        subject: headers.get('subject'),
        text,
        html,
        links: [...text.matchAll(/https?:\/\/[^\s<>"]+/g)].map((m) => m[0]),
        raw,
    };
}

// Resolves { port, messages, waitFor(predicate, { timeout }), failNext(n, code), close() }.
export async function startMailbox() {
    const messages = [];
    const waiters = [];
    let failures = [];
    const server = new SMTPServer({
        authOptional: true,
        disabledCommands: ['STARTTLS', 'AUTH'],
        logger: false,
        size: 10 * 1024 * 1024,
        onData(stream, session, callback) {
            const chunks = [];
            stream.on('data', (c) => chunks.push(c));
            stream.on('end', () => {
                if (failures.length) {
                    const code = failures.shift();
                    const err = new Error(code >= 500 ? 'mailbox unavailable' : 'try again later');
                    err.responseCode = code;
                    return callback(err);
                }
                const message = parseMessage(Buffer.concat(chunks).toString('utf8'));
                message.envelope = {
                    from: session.envelope.mailFrom?.address,
                    to: session.envelope.rcptTo.map((r) => r.address),
                };
                messages.push(message);
                for (const w of [...waiters]) w(message);
                callback();
            });
        },
    });
    server.listen(0, '127.0.0.1');
    await once(server.server, 'listening');
    const { port } = server.server.address();
    return {
        port,
        messages,
        // The first message (already received or to come) matching `predicate`.
        waitFor(predicate, { timeout = 10000 } = {}) {
            const found = messages.find(predicate);
            if (found) return Promise.resolve(found);
            return new Promise((resolve, reject) => {
                const waiter = (m) => {
                    if (!predicate(m)) return;
                    clearTimeout(timer);
                    waiters.splice(waiters.indexOf(waiter), 1);
                    resolve(m);
                };
                const timer = setTimeout(() => {
                    waiters.splice(waiters.indexOf(waiter), 1);
                    const got = messages.map((m) => `${m.envelope.to} "${m.subject}"`).join(', ') || 'nothing';
                    reject(new Error(`no matching mail within ${timeout} ms (received: ${got})`));
                }, timeout);
                waiters.push(waiter);
            });
        },
        // The next `n` messages are refused at the end of DATA with `code` (4xx transient, 5xx permanent).
        failNext(n, code = 451) {
            failures = failures.concat(Array(n).fill(code));
        },
        close: () => new Promise((resolve) => server.close(resolve)),
    };
}
