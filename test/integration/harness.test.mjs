// Checks the harness pieces that need no running idp: PKCE, cookie jar, HTML form parsing, TOML writer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { CookieJar, parseSetCookie, encodeForm, basicAuth, statusOf } from './lib/http.mjs';
import { pkcePair, parseForms, findLoginForm, decodeHtml, queryOf, isRedirectTo } from './lib/flow.mjs';
import { toToml } from './lib/toml.mjs';

test('PKCE pair follows RFC 7636 appendix B', () => {
    const { verifier, challenge, method } = pkcePair();
    assert.equal(method, 'S256');
    assert.match(verifier, /^[A-Za-z0-9._~-]{43,128}$/);
    assert.equal(challenge, crypto.createHash('sha256').update(verifier).digest('base64url'));
    assert.notEqual(pkcePair().verifier, verifier);
    // RFC 7636 appendix B test vector, computed the way pkcePair does.
    const v = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
    assert.equal(
        crypto.createHash('sha256').update(v).digest('base64url'),
        'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
});

test('cookie jar stores, sends and expires cookies', () => {
    const jar = new CookieJar();
    jar.store(['__Host-esc_session=abc123; Path=/; Secure; HttpOnly; SameSite=Lax', 'other=1; Max-Age=60']);
    assert.equal(jar.header(), '__Host-esc_session=abc123; other=1');
    const c = parseSetCookie('__Host-esc_session=abc123; Path=/; Secure; HttpOnly; SameSite=Lax');
    assert.deepEqual(c, {
        name: '__Host-esc_session',
        value: 'abc123',
        attrs: { path: '/', secure: true, httponly: true, samesite: 'Lax' },
    });
    jar.store(['__Host-esc_session=; Path=/; Max-Age=0']);
    assert.equal(jar.get('__Host-esc_session'), undefined);
    jar.store(['other=x; Expires=Thu, 01 Jan 1970 00:00:00 GMT']);
    assert.equal(jar.size(), 0);
    const copy = new CookieJar();
    copy.set('a', 'b');
    const clone = copy.clone();
    clone.set('c', 'd');
    assert.equal(copy.header(), 'a=b');
});

test('login form parsing finds hidden fields in any attribute order and decodes entities', () => {
    const html = `<!doctype html><html lang="fr"><body>
      <form method="get" action="/search"><input name="q"></form>
      <form class="login" action="/auth/realms/esculape/login?x=1&amp;y=2" method="POST">
        <input type="hidden" value="tok&#x2F;en&amp;1" name="csrf">
        <input name='interaction' type='hidden' value='int-42'/>
        <input type="text" name="login" autocomplete="username" required>
        <input type="password" name="password">
        <button type="submit">Se connecter</button>
      </form></body></html>`;
    assert.equal(parseForms(html).length, 2);
    const form = findLoginForm(html);
    assert.equal(form.action, '/auth/realms/esculape/login?x=1&y=2');
    assert.equal(form.method, 'post');
    assert.equal(form.fields.csrf, 'tok/en&1');
    assert.equal(form.fields.interaction, 'int-42');
    assert.equal(form.fields.login, '');
    assert.equal(findLoginForm('<form><input name="a"></form>'), undefined);
    assert.equal(decodeHtml('&lt;&#233;&gt;&quot;'), '<é>"');
});

test('form encoding, Basic credentials and status parsing', () => {
    assert.equal(encodeForm({ a: 'x y', b: ['1', '2'], c: undefined }), 'a=x+y&b=1&b=2');
    // RFC 6749 §2.3.1: form-urlencode before base64.
    assert.equal(basicAuth('id:1', 's e'), 'Basic ' + Buffer.from('id%3A1:s+e').toString('base64'));
    assert.equal(statusOf('HTTP/1.1 431 Request Header Fields Too Large\r\n'), 431);
    assert.equal(statusOf('garbage'), undefined);
    assert.deepEqual(queryOf('https://rp.test/cb?code=a&state=b'), { code: 'a', state: 'b' });
    assert.ok(isRedirectTo('https://rp.test/cb?code=a', 'https://rp.test/cb'));
    assert.ok(!isRedirectTo('https://rp.test/cb/x?code=a', 'https://rp.test/cb'));
});

test('TOML writer produces sections, quoted keys and escaped strings', () => {
    const text = toToml({
        issuer: 'https://x/"q"',
        dev_mode: true,
        server: { port: 1, list: ['a', 'b'] },
        clients: { 'rp-basic': { jwks: '{"keys":[]}' } },
    });
    assert.equal(
        text,
        'issuer = "https://x/\\"q\\""\ndev_mode = true\n\n[server]\nport = 1\nlist = ["a", "b"]\n\n' +
            '[clients.rp-basic]\njwks = "{\\"keys\\":[]}"\n',
    );
});
