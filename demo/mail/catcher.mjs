// The demo's mail catcher, started by scripts/run: an SMTP server on loopback that accepts every mail the idp
// sends (conf/idp.toml [mail] points at it) and keeps it as an .eml file, and French pages to read them, so that
// a newcomer can follow a password reset without a real mailbox. The directory is the only state: a restart
// lists the mails received before it, and deleting files by hand is fine.
//
//   node demo/mail/catcher.mjs [--smtp 127.0.0.1:2525] [--http 127.0.0.1:8025] [--dir var/mail] [--exit-with-parent]
//
// Pages: / (the list), /messages/<id> (one mail), /messages/<id>.eml (its source); API: GET /api/messages (JSON,
// newest first), DELETE /api/messages (removes them all).
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parseMessage } from './mime.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const { values: args } = parseArgs({ options: {
    smtp: { type: 'string', default: '127.0.0.1:2525' },
    http: { type: 'string', default: '127.0.0.1:8025' },
    dir: { type: 'string', default: path.join(here, '../../var/mail') },
    'exit-with-parent': { type: 'boolean', default: false },
} });

const kMaxSize = 10 * 1024 * 1024;
const kId = /^[\w-]+$/;
// Pages need nothing but their inline style. The mail's HTML inherits this policy in its sandboxed frame: no
// script, no remote image (nothing reaches the network when a mail is opened).
const kPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

function fail(message) {
    console.error(`mail catcher: ${message}`);
    process.exit(1);
}

function hostPort(option, value) {
    const m = /^(.+):(\d+)$/.exec(value);
    if (!m || Number(m[2]) > 65535) fail(`--${option} ${value}: expected host:port, like 127.0.0.1:2525`);
    return { host: m[1].replace(/^\[(.*)\]$/, '$1'), port: Number(m[2]) };
}

// smtp-server comes with the demo relying parties' dependencies (demo/rp/package.json, `npm ci` in demo/rp).
function loadSmtpServer() {
    try {
        return createRequire(new URL('../rp/package.json', import.meta.url))('smtp-server').SMTPServer;
    } catch (err) {
        if (err.code !== 'MODULE_NOT_FOUND') throw err;
        return fail('the npm package smtp-server is missing: run `npm ci` in demo/rp');
    }
}

// --- The mails, one .eml file each --------------------------------------------------------------------------------

const dir = path.resolve(args.dir);
fs.mkdirSync(dir, { recursive: true, mode: 0o700 }); // the mails carry password links: for this account only
let counter = 0;

// Named by reception time (20261207T164820123Z-000001.eml) and written under a temporary name first, so that a
// restart never lists half a mail.
function store(raw) {
    const stamp = new Date().toISOString().replace(/[-:.]/g, '');
    for (;;) {
        const id = `${stamp}-${String(++counter).padStart(6, '0')}`;
        const file = path.join(dir, `${id}.eml`);
        if (fs.existsSync(file)) continue;
        const temporary = path.join(dir, `.${id}.tmp`);
        fs.writeFileSync(temporary, raw, { mode: 0o600 });
        fs.renameSync(temporary, file);
        return id;
    }
}

function load(id) {
    if (!kId.test(id)) return undefined;
    const file = path.join(dir, `${id}.eml`);
    try {
        const raw = fs.readFileSync(file);
        return { id, received: fs.statSync(file).mtime, raw, ...parseMessage(raw) };
    } catch (err) {
        if (err.code === 'ENOENT') return undefined; // deleted meanwhile
        throw err;
    }
}

// Newest first.
function list() {
    return fs.readdirSync(dir)
        .filter((f) => f.endsWith('.eml'))
        .map((f) => load(f.slice(0, -4)))
        .filter(Boolean)
        .sort((a, b) => b.received - a.received || b.id.localeCompare(a.id));
}

function clear() {
    for (const f of fs.readdirSync(dir)) if (f.endsWith('.eml')) fs.rmSync(path.join(dir, f), { force: true });
}

// --- Pages ------------------------------------------------------------------------------------------------------

const kStyle = `
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;background:#f4f6f9;color:#1b2430}
header{background:#0b3d6e;color:#fff;padding:1rem 2rem}header h1{margin:0;font-size:1.4rem}
header p{margin:.3rem 0 0;opacity:.85;font-size:.9rem}header a{color:#fff}main{max-width:64rem;margin:1.5rem auto;padding:0 1rem}
section{background:#fff;border:1px solid #d8dee6;border-radius:6px;padding:1rem 1.5rem;margin-bottom:1rem}
h2{font-size:1.1rem;margin:.2rem 0 .8rem}table{border-collapse:collapse;width:100%}
th,td{text-align:left;vertical-align:top;padding:.4rem .8rem .4rem 0;border-bottom:1px solid #e4e8ee}
th{color:#4a5563;font-weight:600;white-space:nowrap}pre{background:#f0f2f5;padding:.8rem;overflow:auto;
white-space:pre-wrap;word-break:break-word}iframe{width:100%;height:32rem;border:1px solid #d8dee6;background:#fff}
.muted{color:#5b6573;font-size:.9rem}`;

function escapeHtml(value) {
    return String(value ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const when = (date) => date.toLocaleString('fr-FR', { timeZone: 'Europe/Paris' });

function layout(title, body, { refresh } = {}) {
    return `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
${refresh ? `<meta http-equiv="refresh" content="${refresh}">` : ''}<title>${escapeHtml(title)}</title><style>${kStyle}</style></head>
<body><header><h1>Boîte de réception de démonstration</h1><p>Les e-mails envoyés par Esculape en développement
arrivent ici ; aucun n'est remis à son destinataire.</p></header><main>${body}</main></body></html>`;
}

function indexPage(messages) {
    if (!messages.length) {
        return layout('Boîte de réception de démonstration', `<section><p>Aucun message reçu pour l'instant.</p>
<p class="muted">Esculape les envoie en SMTP à ${escapeHtml(args.smtp)} : demandez par exemple « Mot de passe oublié »
sur la page de connexion. Cette page se met à jour toute seule.</p></section>`, { refresh: 5 });
    }
    const rows = messages.map((m) => `<tr><td>${escapeHtml(when(m.received))}</td><td>${escapeHtml(m.to)}</td>
<td><a href="/messages/${escapeHtml(m.id)}">${escapeHtml(m.subject || '(sans objet)')}</a></td></tr>`).join('\n');
    return layout('Boîte de réception de démonstration', `<section><table>
<caption class="muted">${messages.length} message(s), du plus récent au plus ancien</caption>
<thead><tr><th scope="col">Reçu le</th><th scope="col">Destinataire</th><th scope="col">Objet</th></tr></thead>
<tbody>${rows}</tbody></table></section>`, { refresh: 5 });
}

function messagePage(m) {
    const links = m.links.map((l) => `<li><a href="${escapeHtml(l)}" rel="noreferrer">${escapeHtml(l)}</a></li>`).join('');
    const headers = m.headerList.map(([name, value]) =>
        `<tr><th scope="row">${escapeHtml(name)}</th><td>${escapeHtml(value)}</td></tr>`).join('');
    // The mail's own HTML in a sandbox (no script, no form, an opaque origin); its links open in a new tab.
    const frame = `<base target="_blank">${m.html}`;
    return layout(m.subject || 'Message', `<p><a href="/">← Tous les messages</a></p>
<section><h2>${escapeHtml(m.subject || '(sans objet)')}</h2><table>
<tr><th scope="row">De</th><td>${escapeHtml(m.from)}</td></tr>
<tr><th scope="row">À</th><td>${escapeHtml(m.to)}</td></tr>
<tr><th scope="row">Reçu le</th><td>${escapeHtml(when(m.received))}</td></tr></table></section>
<section><h2>Liens du message</h2>${links ? `<ul>${links}</ul>` : '<p class="muted">Aucun lien.</p>'}</section>
<section><h2>Version texte</h2><pre>${escapeHtml(m.text) || '<span class="muted">(aucune)</span>'}</pre></section>
<section><h2>Version HTML</h2>${m.html
        ? `<iframe title="Version HTML du message" sandbox="allow-popups allow-popups-to-escape-sandbox" srcdoc="${escapeHtml(frame)}"></iframe>`
        : '<p class="muted">(aucune)</p>'}</section>
<section><h2>En-têtes</h2><table>${headers}</table>
<p><a href="/messages/${escapeHtml(m.id)}.eml">Source du message (.eml)</a></p></section>`);
}

// --- Servers ----------------------------------------------------------------------------------------------------

function send(res, status, type, body) {
    res.writeHead(status, {
        'Content-Type': type,
        'Cache-Control': 'no-store',
        'Content-Security-Policy': kPolicy,
        'Referrer-Policy': 'no-referrer',
        'X-Content-Type-Options': 'nosniff',
    });
    res.end(body);
}

const sendHtml = (res, status, html) => send(res, status, 'text/html; charset=utf-8', html);
const notFound = (res) => sendHtml(res, 404, layout('Page introuvable',
    '<section><p>Ce message n\'existe pas (ou plus).</p><p><a href="/">← Tous les messages</a></p></section>'));

function handle(req, res) {
    const { pathname } = new URL(req.url, 'http://catcher');
    if (pathname === '/api/messages' && req.method === 'GET') {
        const view = list().map((m) => ({ id: m.id, date: m.received.toISOString(), from: m.from, to: m.to,
            subject: m.subject, text: m.text, html: m.html, links: m.links }));
        return send(res, 200, 'application/json; charset=utf-8', JSON.stringify(view));
    }
    if (pathname === '/api/messages' && req.method === 'DELETE') {
        clear();
        return send(res, 204, 'text/plain', '');
    }
    if (req.method !== 'GET') return send(res, 405, 'text/plain; charset=utf-8', 'method not allowed\n');
    if (pathname === '/') return sendHtml(res, 200, indexPage(list()));
    const [, id, source] = /^\/messages\/([^/]+?)(\.eml)?$/.exec(pathname) ?? [];
    const message = id && load(id);
    if (!message) return notFound(res);
    if (source) return send(res, 200, 'text/plain; charset=utf-8', message.raw);
    sendHtml(res, 200, messagePage(message));
}

const SMTPServer = loadSmtpServer();
const smtpAt = hostPort('smtp', args.smtp);
const httpAt = hostPort('http', args.http);

const smtp = new SMTPServer({
    // Plain SMTP without an account, as [mail] security = "none" sends it (loopback only).
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    size: kMaxSize,
    logger: false,
    onData(stream, session, callback) {
        const chunks = [];
        stream.on('data', (chunk) => stream.sizeExceeded || chunks.push(chunk)); // the rest is refused anyway
        stream.on('end', () => {
            if (stream.sizeExceeded) {
                return callback(Object.assign(new Error('message larger than 10 MB'), { responseCode: 552 }));
            }
            // The envelope, as a delivering server records it (it can differ from the From and To headers).
            const rcpt = session.envelope.rcptTo.map((r) => r.address).join(', ');
            const envelope = `Return-Path: <${session.envelope.mailFrom?.address ?? ''}>\r\nX-Envelope-To: ${rcpt}\r\n`;
            try {
                const id = store(Buffer.concat([Buffer.from(envelope), ...chunks]));
                console.log(`mail catcher: kept ${id} for ${rcpt}`);
                callback(null, `kept as ${id}`);
            } catch (err) {
                console.error(`mail catcher: cannot keep a mail for ${rcpt}: ${err.message}`);
                callback(Object.assign(new Error('cannot store the message, try again later'), { responseCode: 451 }));
            }
        });
    },
});

const web = http.createServer((req, res) => {
    try {
        handle(req, res);
    } catch (err) {
        console.error(`mail catcher: ${req.method} ${req.url}: ${err.stack ?? err}`);
        if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', 'internal error\n');
    }
});

// `events` is what reports the server's errors: smtp-server re-emits those of its net.Server (and of connections).
function listen(server, { host, port }, name, events = server) {
    return new Promise((resolve) => {
        const early = (err) => fail(`cannot listen on ${name} ${host}:${port}: ${err.code === 'EADDRINUSE' ? 'port already in use' : err.message}`);
        events.once('error', early);
        server.listen(port, host, () => {
            events.off('error', early);
            // Later errors concern one connection (a client that went away), not the catcher.
            events.on('error', (err) => console.error(`mail catcher: ${name}: ${err.message}`));
            resolve(server.address());
        });
    });
}

const smtpAddress = await listen(smtp.server, smtpAt, 'SMTP', smtp);
const httpAddress = await listen(web, httpAt, 'HTTP');
const show = ({ address, port }) => `${address.includes(':') ? `[${address}]` : address}:${port}`;
console.log(`mail catcher: SMTP ${show(smtpAddress)}, read the mails at http://${show(httpAddress)}/`);

// Every acknowledged mail is already on disk: stopping needs no draining. A mail cut off mid-transfer was not
// acknowledged, and the idp sends it again (a lost connection is a transient failure).
const stop = () => process.exit(0);
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
// scripts/run execs the idp after starting us: when that process ends we are re-parented, and stop with it.
if (args['exit-with-parent']) {
    const parent = process.ppid;
    setInterval(() => process.ppid !== parent && stop(), 1000);
}
