// The SMTP side of the outbox against a server that speaks STARTTLS and requires an account, as a
// production relay does: [mail] security = "starttls" upgrades before anything is sent, verifies the
// server's certificate against [mail] ca_file, authenticates; and a server that does not offer
// STARTTLS gets nothing (a password link never crosses a network in clear).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startIdp, runIdp } from './lib/harness.mjs';
import { request, CookieJar } from './lib/http.mjs';
import { parseForms } from './lib/flow.mjs';
import { startMailbox } from './lib/mailbox.mjs';

async function askReset(idp, identifier) {
    const jar = new CookieJar();
    const url = `${idp.base}/password/forgot`;
    const page = await request(url, { ca: idp.ca, jar });
    const form = parseForms(page.body)[0];
    return request(new URL(form.action, url).toString(), {
        method: 'POST',
        form: { ...form.fields, identifier },
        jar,
        ca: idp.ca,
    });
}

describe('mail over STARTTLS with authentication', { timeout: 120000 }, () => {
    let dir, secure, plain, idpSecure, idpPlain;
    before(async () => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), 'esculape-smtp-'));
        const cert = await runIdp(['dev-cert', '--out', dir]);
        assert.equal(cert.code, 0, cert.stderr);
        const tls = { key: fs.readFileSync(path.join(dir, 'server.key')), cert: fs.readFileSync(path.join(dir, 'server.crt')) };
        fs.writeFileSync(path.join(dir, 'smtp-password'), 'relay-s3cret\n', { mode: 0o600 });
        secure = await startMailbox({ tls, users: { esculape: 'relay-s3cret' } });
        plain = await startMailbox();
        const mail = (port) => ({
            smtp_url: `smtp://127.0.0.1:${port}`,
            security: 'starttls',
            ca_file: path.join(dir, 'server.crt'),
            username: 'esculape',
            password_file: path.join(dir, 'smtp-password'),
            from: 'Esculape <ne-pas-repondre@esculape.test>',
        });
        idpSecure = await startIdp({ top: { mail: mail(secure.port) } });
        idpPlain = await startIdp({ top: { mail: mail(plain.port) } });
    });
    after(async () => {
        await idpSecure?.stop();
        await idpPlain?.stop();
        await secure?.close();
        await plain?.close();
        fs.rmSync(dir, { recursive: true, force: true });
    });

    test('the mail goes after STARTTLS, authenticated, with the server certificate verified', async () => {
        assert.equal((await askReset(idpSecure, 'medecin')).status, 200);
        const mail = await secure.waitFor((m) => m.envelope.to.includes('claire.moreau@demo-esculape.example'));
        assert.equal(mail.envelope.secure, true, 'upgraded by STARTTLS before MAIL FROM');
        assert.equal(mail.envelope.user, 'esculape');
        assert.equal(mail.subject, 'Réinitialisation de votre mot de passe Esculape');
    });

    test('a server without STARTTLS receives nothing when STARTTLS is required', async () => {
        assert.equal((await askReset(idpPlain, 'medecin')).status, 200);
        // The sender tries within a second; give it three, then check nothing arrived in clear.
        await new Promise((r) => setTimeout(r, 3000));
        assert.equal(plain.messages.length, 0, 'no mail in clear');
    });
});
