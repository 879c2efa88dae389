// « Mot de passe oublié » over the wire: the idp queues the mail, its sender delivers it over SMTP (libcurl) to
// a real SMTP server in this process, the test follows the link like the professional would, sets a new
// password and logs in with it. A permanent SMTP refusal is recorded, not retried.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startIdp } from './lib/harness.mjs';
import { request, CookieJar } from './lib/http.mjs';
import { authorizeUrl, codeRequest, followAuthorization, parseForms, DEMO_PASSWORD } from './lib/flow.mjs';
import { startMailbox } from './lib/mailbox.mjs';

const kNewPassword = 'Une phrase de passe bien longue';

async function askReset(idp, identifier) {
    const jar = new CookieJar();
    const url = `${idp.base}/password/forgot`;
    const page = await request(url, { ca: idp.ca, jar });
    assert.equal(page.status, 200);
    const form = parseForms(page.body)[0];
    return request(new URL(form.action, url).toString(), {
        method: 'POST',
        form: { ...form.fields, identifier },
        jar,
        ca: idp.ca,
    });
}

describe('password reset by mail', { timeout: 120000 }, () => {
    let idp;
    let mailbox;
    before(async () => {
        mailbox = await startMailbox();
        idp = await startIdp({
            top: {
                mail: {
                    smtp_url: `smtp://127.0.0.1:${mailbox.port}`,
                    security: 'none',
                    from: 'Esculape <ne-pas-repondre@esculape.test>',
                },
            },
        });
    });
    after(async () => {
        await idp?.stop();
        await mailbox?.close();
    });

    test('the link arrives by SMTP, sets a new password once, and the new password logs in', async () => {
        const asked = await askReset(idp, 'medecin');
        assert.equal(asked.status, 200);
        assert.match(asked.body, /Si un compte correspond/);

        const mail = await mailbox.waitFor((m) => m.envelope.to.includes('claire.moreau@demo-esculape.example'));
        assert.equal(mail.subject, 'Réinitialisation de votre mot de passe Esculape');
        assert.equal(mail.envelope.from, 'ne-pas-repondre@esculape.test');
        assert.match(mail.from, /^Esculape <ne-pas-repondre@esculape\.test>$/);
        assert.match(mail.text, /Bonjour Claire MOREAU/);
        assert.match(mail.html, /<a href="https:\/\/127\.0\.0\.1:\d+\/password\/reset\?token=/);
        const link = mail.links.find((l) => l.includes('/password/reset?token='));
        assert.ok(link, `a reset link in: ${mail.text}`);
        assert.ok(link.startsWith(idp.base), `${link} leads to this idp`);

        const jar = new CookieJar();
        const page = await request(link, { ca: idp.ca, jar });
        assert.equal(page.status, 200);
        assert.equal(page.headers['referrer-policy'], 'no-referrer'); // the token must not leak to other sites
        const form = parseForms(page.body)[0];
        const post = (fields) =>
            request(new URL(form.action, link).toString(), { method: 'POST', form: { ...form.fields, ...fields }, jar, ca: idp.ca });
        const weak = await post({ password: 'court', confirmation: 'court' });
        assert.equal(weak.status, 400);
        assert.match(weak.body, /au moins 12 caractères/i);
        const done = await post({ password: kNewPassword, confirmation: kNewPassword });
        assert.equal(done.status, 200);
        assert.match(done.body, /Mot de passe enregistré/);
        assert.equal((await request(link, { ca: idp.ca })).status, 400, 'the link is spent');

        const client = idp.clients['rp-basic'];
        const req = codeRequest(client);
        const old = await followAuthorization(idp, authorizeUrl(idp, req.params), {
            redirectUri: client.redirect_uris[0],
            login: 'medecin',
            password: DEMO_PASSWORD,
        }).catch((e) => e);
        assert.ok(old instanceof Error || !old.params?.code, 'the old password no longer logs in');
        const flow = await followAuthorization(idp, authorizeUrl(idp, codeRequest(client).params), {
            redirectUri: client.redirect_uris[0],
            login: 'medecin',
            password: kNewPassword,
        });
        assert.ok(flow.params.code, 'the new password logs in');
    });

    test('a permanent SMTP refusal is recorded once, never retried', async () => {
        mailbox.failNext(1, 550);
        const before = mailbox.messages.length;
        assert.equal((await askReset(idp, 'pharmacien')).status, 200);
        // The sender logs the failure as soon as the server answers 550 (it polls the outbox every second).
        const deadline = Date.now() + 10000;
        while (!/failed for good.*SMTP 550/.test(idp.logs().stderr) && Date.now() < deadline)
            await new Promise((r) => setTimeout(r, 100));
        assert.match(idp.logs().stderr, /failed for good after 1 attempt\(s\): SMTP 550/);
        assert.equal(mailbox.messages.length, before);
        // Operators see it on the admin listener (never the body: it carries a link); not on the public one.
        const listed = await request(`${idp.admin}/deliveries?state=failed`);
        assert.equal(listed.status, 200);
        const failed = listed.json().mails.find((m) => m.recipient === 'thomas.girard@demo-esculape.example');
        assert.ok(failed, listed.body);
        assert.equal(failed.state, 'failed');
        assert.match(failed.last_error, /SMTP 550/);
        assert.equal(failed.text, undefined);
        assert.equal((await request(`${idp.base}/deliveries`, { ca: idp.ca })).status, 404);
        assert.equal((await request(`${idp.admin}/deliveries?state=lost`)).status, 400);
    });
});
