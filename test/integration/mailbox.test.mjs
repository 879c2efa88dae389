// The mail tooling against a real SMTP client (curl): the in-process mailbox (lib/mailbox.mjs) with the MIME reader
// (demo/mail/mime.mjs) on the kind of mail the idp writes, refusals on demand, and the demo's mail catcher
// (demo/mail/catcher.mjs) as scripts/run starts it. No idp needed.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from './lib/harness.mjs';
import { startMailbox } from './lib/mailbox.mjs';
import { parseMessage } from '../../demo/mail/mime.mjs';

const kSubject = 'Réinitialisation de votre mot de passe';
const kLink = 'https://localhost:8443/password/reset?token=AbC-123_xyz&lang=fr';
const kText = `Bonjour Clémence Hébert,\n\nPour choisir un nouveau mot de passe, ouvrez ce lien (valable 30 minutes) :\n${kLink}\n\nSi vous n'êtes pas à l'origine de cette demande, ignorez ce message.\n`;

// Quoted-printable (RFC 2045 §6.7) by hand: UTF-8 bytes outside printable ASCII and "=" as =XX, lines of at most
// 76 characters with soft breaks.
function quotedPrintable(text) {
    const encoded = [...Buffer.from(text, 'utf8')]
        .map((b) => (b === 0x0a ? '\r\n' : b >= 0x20 && b < 0x7f && b !== 0x3d ? String.fromCharCode(b) : `=${b.toString(16).toUpperCase().padStart(2, '0')}`))
        .join('');
    return encoded.split('\r\n').map((line) => {
        const out = [];
        while (line.length > 75) {
            let cut = 75;
            while (line[cut - 1] === '=' || line[cut - 2] === '=') cut--; // never inside =XX
            out.push(`${line.slice(0, cut)}=`);
            line = line.slice(cut);
        }
        return [...out, line].join('\r\n');
    }).join('\r\n');
}

// A mail shaped like idp/mail/mime.cpp's, with a quoted-printable HTML part and folded, encoded headers.
function resetMail(to = 'clemence.hebert@sante.test') {
    const base64 = Buffer.from(kText.replace(/\n/g, '\r\n')).toString('base64').replace(/.{76}/g, '$&\r\n');
    const html = `<p>Bonjour Clémence Hébert,</p>\n<p>Pour choisir un nouveau mot de passe : <a href="${kLink.replace('&', '&amp;')}">réinitialiser mon mot de passe</a> (valable 30 minutes).</p>\n`;
    return [
        'Date: Mon, 07 Dec 2026 09:30:00 +0000',
        'From: =?UTF-8?Q?Esculape_(d=C3=A9mo)?= <ne-pas-repondre@esculape.test>',
        `To: ${to}`,
        `Subject: =?UTF-8?B?${Buffer.from(kSubject.slice(0, 20)).toString('base64')}?=`,
        ` =?UTF-8?B?${Buffer.from(kSubject.slice(20)).toString('base64')}?=`,
        'Message-ID: <abc@esculape.test>',
        'MIME-Version: 1.0',
        'Content-Type: multipart/alternative;',
        '\tboundary="=_esc_abc"',
        '',
        '--=_esc_abc',
        'Content-Type: text/plain; charset=utf-8',
        'Content-Transfer-Encoding: base64',
        '',
        base64,
        '--=_esc_abc',
        'Content-Type: text/html; charset="UTF-8"',
        'Content-Transfer-Encoding: quoted-printable',
        '',
        quotedPrintable(html),
        '--=_esc_abc--',
        '',
    ].join('\r\n');
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'esc-mailbox-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));
let mails = 0;

// curl as the SMTP client: resolves { code, stderr } (code 0 once the server accepted the mail; -v puts the
// dialogue in stderr, since curl reports any refusal after DATA as "(8) Weird server reply").
function curlSend(port, mail, { to = 'clemence.hebert@sante.test' } = {}) {
    const file = path.join(tmp, `mail-${++mails}.eml`);
    fs.writeFileSync(file, mail);
    const args = ['-sSv', `smtp://127.0.0.1:${port}`, '--mail-from', 'ne-pas-repondre@esculape.test', '--mail-rcpt', to, '-T', file];
    return new Promise((resolve) => {
        execFile('curl', args, { timeout: 20000 }, (err, stdout, stderr) => resolve({ code: err ? (err.code ?? -1) : 0, stderr }));
    });
}

function checkResetMail(m) {
    assert.equal(m.subject, kSubject);
    assert.equal(m.from, 'Esculape (démo) <ne-pas-repondre@esculape.test>');
    assert.equal(m.to, 'clemence.hebert@sante.test');
    assert.equal(m.text, kText);
    assert.match(m.html, /^<p>Bonjour Clémence Hébert,<\/p>/);
    assert.ok(m.html.includes(`<a href="${kLink.replace('&', '&amp;')}">réinitialiser mon mot de passe</a>`), m.html);
    assert.deepEqual(m.links, [kLink]);
}

describe('in-process mailbox, fed by curl', { timeout: 60000 }, () => {
    let mailbox;
    before(async () => {
        mailbox = await startMailbox();
    });
    after(() => mailbox?.close());

    test('a multipart/alternative mail is decoded: encoded words, base64 and quoted-printable parts, links', async () => {
        const sent = await curlSend(mailbox.port, resetMail());
        assert.equal(sent.code, 0, sent.stderr);
        const m = await mailbox.waitFor((x) => x.envelope.to.includes('clemence.hebert@sante.test'));
        checkResetMail(m);
        assert.equal(mailbox.host, '127.0.0.1');
        assert.deepEqual(m.envelope, { from: 'ne-pas-repondre@esculape.test', to: ['clemence.hebert@sante.test'] });
        assert.equal(m.headers.get('message-id'), '<abc@esculape.test>');
        assert.equal(m.date.toISOString(), '2026-12-07T09:30:00.000Z');
        // The same bytes with bare LF line ends read the same.
        const lf = parseMessage(m.raw.replace(/\r\n/g, '\n'));
        assert.equal(lf.subject, kSubject);
        assert.equal(lf.text, kText);
        assert.equal(lf.html, m.html);
    });

    test('waitFor resolves on the arrival, waitForCount counts, clear empties', async () => {
        mailbox.clear();
        assert.equal(mailbox.messages.length, 0);
        const waiting = mailbox.waitFor((x) => x.envelope.to.includes('later@sante.test'));
        const sent = await curlSend(mailbox.port, resetMail('later@sante.test'), { to: 'later@sante.test' });
        assert.equal(sent.code, 0, sent.stderr);
        assert.equal((await waiting).to, 'later@sante.test');
        await curlSend(mailbox.port, resetMail());
        assert.equal((await mailbox.waitForCount(2)).length, 2);
    });

    test('waitFor times out with what was received', async () => {
        await assert.rejects(mailbox.waitFor(() => false, { timeout: 200 }),
            /no matching message within 200 ms \(received 2: later@sante\.test "Réinitialisation/);
    });

    test('failNext refuses the next mails at the end of DATA: 451, then the same mail goes through', async () => {
        mailbox.clear();
        mailbox.failNext(1, 451);
        const refused = await curlSend(mailbox.port, resetMail());
        assert.notEqual(refused.code, 0, 'curl reports the refusal');
        assert.match(refused.stderr, /^< 451 /m);
        assert.equal(mailbox.messages.length, 0);
        const retried = await curlSend(mailbox.port, resetMail());
        assert.equal(retried.code, 0, retried.stderr);
        checkResetMail(await mailbox.waitFor(() => true));

        mailbox.failNext(1, 550);
        const permanent = await curlSend(mailbox.port, resetMail());
        assert.match(permanent.stderr, /^< 550 /m);
        assert.equal(mailbox.messages.length, 1);
    });
});

// The catcher as scripts/run starts it, on ports the kernel picks (it prints them). It finds smtp-server in
// demo/rp/node_modules; NODE_PATH lets it use the test dependencies when the demo's are not installed.
function startCatcher(dir) {
    const child = spawn(process.execPath, [path.join(repoRoot, 'demo/mail/catcher.mjs'),
        '--smtp', '127.0.0.1:0', '--http', '127.0.0.1:0', '--dir', dir], {
        env: { ...process.env, NODE_PATH: path.join(repoRoot, 'test/e2e/node_modules') },
        stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`the catcher did not start: ${out}${err}`)), 10000);
        child.on('exit', (code) => reject(new Error(`the catcher exited (${code}): ${err}`)));
        child.stdout.on('data', (d) => {
            out += d;
            const m = /^mail catcher: SMTP 127\.0\.0\.1:(\d+), read the mails at (http:\/\/127\.0\.0\.1:\d+\/)$/m.exec(out);
            if (!m) return;
            clearTimeout(timer);
            resolve({
                smtpPort: Number(m[1]),
                web: m[2],
                stop: () => new Promise((done) => (child.exitCode !== null ? done() : (child.once('exit', done), child.kill('SIGTERM')))),
            });
        });
    });
}

describe('demo mail catcher', { timeout: 60000 }, () => {
    const dir = path.join(tmp, 'catcher', 'mail');
    let catcher;
    after(() => catcher?.stop());

    test('keeps a mail sent by curl, lists it in French and as JSON, and still after a restart', async () => {
        catcher = await startCatcher(dir);
        assert.equal(fs.statSync(dir).mode & 0o777, 0o700);
        const sent = await curlSend(catcher.smtpPort, resetMail());
        assert.equal(sent.code, 0, sent.stderr);

        const list = await (await fetch(new URL('api/messages', catcher.web))).json();
        assert.equal(list.length, 1);
        const [m] = list;
        checkResetMail(m);
        assert.match(m.id, /^\d{8}T\d{9}Z-\d{6}$/);
        assert.ok(Math.abs(Date.parse(m.date) - Date.now()) < 60000, `${m.date} is the reception time`);
        assert.equal(fs.statSync(path.join(dir, `${m.id}.eml`)).mode & 0o777, 0o600);

        const index = await fetch(catcher.web);
        assert.equal(index.status, 200);
        assert.match(index.headers.get('content-security-policy'), /default-src 'none'/);
        const page = await index.text();
        assert.match(page, /<html lang="fr">/);
        assert.equal(page.match(/<h1>/g).length, 1);
        assert.match(page, /<h1>Boîte de réception de démonstration<\/h1>/);
        assert.ok(page.includes(`<a href="/messages/${m.id}">${kSubject}</a>`), page);
        assert.ok(page.includes('clemence.hebert@sante.test'));

        const detail = await (await fetch(new URL(`messages/${m.id}`, catcher.web))).text();
        const escapedLink = kLink.replace('&', '&#38;');
        assert.ok(detail.includes(`<a href="${escapedLink}" rel="noreferrer">${escapedLink}</a>`), 'the link, clickable');
        assert.ok(detail.includes('<pre>Bonjour Clémence Hébert,\n'), 'the text part');
        const srcdoc = /<iframe [^>]*\bsandbox="[^"]*" srcdoc="([^"]*)"><\/iframe>/.exec(detail)?.[1];
        assert.ok(srcdoc, 'the HTML part in a sandboxed frame');
        assert.ok(!/[<>]/.test(srcdoc) && srcdoc.includes('&#60;a href=&#34;'), 'escaped into the attribute');
        assert.equal((await fetch(new URL('messages/..%2F..%2Fetc%2Fpasswd', catcher.web))).status, 404);

        await catcher.stop();
        catcher = await startCatcher(dir);
        const again = await (await fetch(new URL('api/messages', catcher.web))).json();
        assert.deepEqual(again, list, 'listed again after a restart');

        const cleared = await fetch(new URL('api/messages', catcher.web), { method: 'DELETE' });
        assert.equal(cleared.status, 204);
        assert.deepEqual(await (await fetch(new URL('api/messages', catcher.web))).json(), []);
    });
});
