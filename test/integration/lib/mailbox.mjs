// A real SMTP server (npm smtp-server) inside the test process, on a loopback port the kernel picks: the idp
// delivers to it over TCP as it would to a relay, and the test reads what arrived, decoded by the same MIME reader
// as the demo's mail catcher (demo/mail/mime.mjs).
//
//   const mailbox = await startMailbox();   // { host, port, messages, waitFor, waitForCount, clear, failNext, close }
//
// Each message is parseMessage()'s result plus `envelope` ({ from, to: [...] }, the SMTP MAIL FROM and RCPT TO)
// and `raw` (the message as received, a string).
import { importE2e } from './deps.mjs';
import { parseMessage } from '../../../demo/mail/mime.mjs';

const { SMTPServer } = await importE2e('smtp-server');

const describe = (m) => `${m.envelope.to.join(', ')} "${m.subject}"`;

// Options: `tls: { key, cert }` offers STARTTLS with that certificate; `users: { name: password }` requires
// AUTH (PLAIN/LOGIN) with one of them. Without options: plain SMTP, no account.
export async function startMailbox({ tls, users } = {}) {
    const host = '127.0.0.1';
    const messages = [];
    const waiters = new Set(); // called with each new message
    const failures = []; // SMTP codes for the next messages to refuse
    const disabled = [];
    if (!tls) disabled.push('STARTTLS');
    if (!users) disabled.push('AUTH');
    const server = new SMTPServer({
        // By default plain SMTP without an account, as [mail] security = "none" sends to a loopback server.
        authOptional: !users,
        disabledCommands: disabled,
        ...(tls ? { key: tls.key, cert: tls.cert } : {}),
        onAuth(auth, session, callback) {
            if (users && users[auth.username] === auth.password) return callback(null, { user: auth.username });
            return callback(new Error('invalid credentials (test)'));
        },
        disableReverseLookup: true,
        logger: false,
        size: 10 * 1024 * 1024,
        onData(stream, session, callback) {
            const chunks = [];
            stream.on('data', (c) => chunks.push(c));
            stream.on('end', () => {
                // Refused after the whole DATA, as a real server refuses (the client has sent it all).
                if (failures.length) {
                    const code = failures.shift();
                    const err = new Error(code >= 500 ? 'mailbox unavailable (test)' : 'try again later (test)');
                    err.responseCode = code;
                    return callback(err);
                }
                const raw = Buffer.concat(chunks);
                const message = {
                    ...parseMessage(raw),
                    envelope: {
                        from: session.envelope.mailFrom?.address,
                        to: session.envelope.rcptTo.map((r) => r.address),
                        // With the options: whether STARTTLS upgraded the session, and the account used.
                        ...(tls ? { secure: Boolean(session.secure) } : {}),
                        ...(users ? { user: session.user } : {}),
                    },
                    raw: raw.toString('utf8'),
                };
                messages.push(message);
                for (const waiter of [...waiters]) waiter();
                callback();
            });
        },
    });
    await new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, host, () => {
            server.off('error', reject);
            resolve();
        });
    });
    server.on('error', () => {}); // from now on a client hanging up mid-session: not the test's failure
    const { port } = server.server.address();

    // Resolves when check() returns something other than undefined, re-checked on every new message.
    function until(check, what, timeout) {
        const now = check();
        if (now !== undefined) return Promise.resolve(now);
        return new Promise((resolve, reject) => {
            const waiter = () => {
                const result = check();
                if (result === undefined) return;
                done();
                resolve(result);
            };
            const timer = setTimeout(() => {
                done();
                const got = messages.map(describe).join('; ') || 'nothing';
                reject(new Error(`mailbox: no ${what} within ${timeout} ms (received ${messages.length}: ${got})`));
            }, timeout);
            const done = () => {
                clearTimeout(timer);
                waiters.delete(waiter);
            };
            waiters.add(waiter);
        });
    }

    return {
        host,
        port,
        messages,
        // The first message, already received or to come, for which predicate(message) is true.
        waitFor(predicate, { timeout = 10000 } = {}) {
            return until(() => messages.find(predicate), 'matching message', timeout);
        },
        // Resolves the messages once there are at least n of them.
        waitForCount(n, { timeout = 10000 } = {}) {
            return until(() => (messages.length >= n ? messages.slice() : undefined), `${n} message(s)`, timeout);
        },
        clear() {
            messages.length = 0;
        },
        // The next n messages are refused at the end of DATA with `code` (4xx transient, 5xx permanent).
        failNext(n, code = 451) {
            failures.push(...Array(n).fill(code));
        },
        close: () => new Promise((resolve) => server.close(resolve)),
    };
}
