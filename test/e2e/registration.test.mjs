// The self-service registration in a real browser (Debian's Chromium driven by playwright-core), every page
// screenshot (screenshots/registration-*.png), audited with axe-core against WCAG 2.1 A/AA (lib/a11y.mjs), and
// checked for exactly one h1, a label on each visible input and error messages that say something:
//   Camille DURAND, infirmière in the sandbox directory without an account, registers without a card:
//   « Créer un compte » from the portal → step 1 (no card) → step 2 filled with the keyboard only (Tab from field to
//   field, each stop showing the focus; radios with the arrows, the profession by typing its name), sent once with a
//   wrong postal code and two different e-mail addresses (messages next to the fields, everything typed kept), then
//   corrected → step 3 a service checked → step 4 the review, « Modifier les coordonnées » and back (nothing lost),
//   a wrong answer to the arithmetic question, then the right one → « Vérifiez votre messagerie » → the proof mail
//   (real SMTP in this process) → its link → « Confirmer mon adresse » → « Votre compte est créé » → the login mail
//   (camille.durand) and the set-password mail → « Choisir votre mot de passe » → login → the portal greets Camille.
// One idp (SQLite database, [mail] to the in-process mailbox), one Chromium.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startIdp } from '../integration/lib/harness.mjs';
import { startMailbox } from '../integration/lib/mailbox.mjs';
import { auditContext } from './lib/a11y.mjs';
import { chromiumSkip, launchChromium } from './lib/chromium.mjs';
import { pageVisitor } from './lib/page_checks.mjs';

const kEmail = 'camille.durand@exemple.fr';
const kPassword = 'Une longue phrase de passe secrète'; // neither her names nor her login
// The service she asks for: a catalogue client with a portal tile (front_url), the only one in this idp.
// A service on approval (only those are offered at registration): the registration asks for it.
const kService = { id: 'dcc', name: 'Dossier communicant de cancérologie' };

// What Camille types at step 2, in the page's order (Tab order). `kind` says how the keyboard sets it.
const kDetails = [
    { target: 'civility', value: 'MME', kind: 'radio' },
    { target: 'family_name', value: 'DURAND' },
    { target: 'given_name', value: 'Camille' },
    { target: 'national_id', value: '99700001011' },
    { target: 'establishment', value: 'Cabinet infirmier Durand' },
    { target: 'street', value: '12 rue de la République' },
    { target: 'postal_code', value: '25000' },
    { target: 'town', value: 'Besançon' },
    { target: 'phone', value: '03 81 00 00 00' },
    { target: 'email', value: kEmail },
    { target: 'email_confirmation', value: kEmail },
    { target: 'profession', value: '60', typed: 'Infirmier', kind: 'select' },
    { target: 'reason', value: 'Accès au dossier communicant de cancérologie du territoire.' },
    { target: 'visibility', value: 'public', kind: 'radio' },
];
// The first submission's mistakes.
const kMistakes = { postal_code: '2500', email_confirmation: 'camille.durand@exemple.com' };

// Known axe violations of the idp's pages, by page name: the audit of that page is reported as a todo (the lead
// fixes the templates/CSS under idp/, which this test must not touch). Empty when every page passes.
const kA11yTodo = {};

// Pages whose radios and checkboxes are drawn apart from their text (none since esculape.css keeps them inline).
const kLayoutTodo = {};

// Radios and checkboxes whose text is not on the same line, just after the control.
async function controlsApartFromText(page) {
    return page.evaluate(() => {
        const problems = [];
        for (const input of document.querySelectorAll('input[type="radio"], input[type="checkbox"]')) {
            if (input.closest('[aria-hidden="true"]')) continue;
            const label = input.closest('label') ?? input.labels?.[0];
            if (!label) continue;
            const walker = document.createTreeWalker(label, NodeFilter.SHOW_TEXT, {
                acceptNode: (n) => (n.textContent.trim() ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_SKIP),
            });
            const textNode = walker.nextNode();
            if (!textNode) continue;
            const range = document.createRange();
            range.selectNodeContents(textNode);
            const t = range.getClientRects()[0];
            const r = input.getBoundingClientRect();
            const middle = r.top + r.height / 2;
            const gap = t.left - r.right;
            if (middle < t.top || middle > t.bottom || gap < -4 || gap > 48)
                problems.push(
                    `${input.name}=${input.value}: control ${Math.round(r.width)}×${Math.round(r.height)} at ` +
                        `(${Math.round(r.left)}, ${Math.round(r.top)}), its text « ${textNode.textContent.trim().slice(0, 40)} » ` +
                        `at (${Math.round(t.left)}, ${Math.round(t.top)})`,
                );
        }
        return problems;
    });
}

// One page of the journey (lib/page_checks.mjs): screenshot, one h1, a label for every visible field, the axe
// audit and the error markup check; then, when the page has radios or checkboxes, each beside its text (its own
// subtest, a todo for the pages of kLayoutTodo).
const visit = pageVisitor({
    prefix: 'registration',
    a11yTodo: kA11yTodo,
    more: async (t, page, name) => {
        if (await page.$('input[type="radio"], input[type="checkbox"]'))
            await t.test(`layout: ${name}`, { todo: kLayoutTodo[name] }, async () => {
                assert.deepEqual(await controlsApartFromText(page), [], `page ${name}: each radio and checkbox beside its text`);
            });
    },
});

// The focused element, and whether it draws a visible focus (WCAG 2.4.7: an outline or a box-shadow).
async function focusState(page) {
    return page.evaluate(() => {
        const el = document.activeElement;
        const s = getComputedStyle(el);
        const text = (el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40);
        return {
            what: `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.name ? `[name=${el.name}]` : ''}${el.type === 'radio' || el.type === 'checkbox' ? `[value=${el.value}]` : ''} ${text}`.trim(),
            tag: el.tagName.toLowerCase(),
            id: el.id,
            name: el.name ?? '',
            type: el.type ?? '',
            value: el.value ?? '',
            checked: !!el.checked,
            text,
            visible:
                (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) ||
                (s.boxShadow !== 'none' && s.boxShadow !== ''),
            outline: `${s.outlineStyle} ${s.outlineWidth}`,
        };
    });
}

// Presses Tab until match(focus) holds, checking that every stop shows the focus; returns the stops.
async function tabUntil(page, match, what, maxStops = 40) {
    const stops = [];
    for (let i = 0; i < maxStops; ++i) {
        await page.keyboard.press('Tab');
        const focus = await focusState(page);
        stops.push(focus.what);
        assert.ok(focus.visible, `focus visible on ${focus.what} (outline ${focus.outline})`);
        if (match(focus)) return stops;
    }
    assert.fail(`${what} never got the focus with Tab; stops: ${stops.join(' → ')}`);
}

const isField = (target) => (f) => f.id === target || (f.type === 'radio' && f.name === target);
const isButton = (label) => (f) => (f.tag === 'button' || f.tag === 'a') && f.text === label;

// Sets the focused field with the keyboard only: typed text replaces the old one, a radio group is walked with
// the arrows, a select takes the typed option name, a checkbox is toggled with Space.
async function setFocused(page, { target, value, typed, kind }) {
    if (kind === 'radio') {
        for (let i = 0; i < 6; ++i) {
            const focus = await focusState(page);
            if (focus.value === value) {
                if (!focus.checked) await page.keyboard.press('Space');
                break;
            }
            await page.keyboard.press('ArrowDown');
        }
        assert.equal(await page.$eval(`input[name="${target}"]:checked`, (i) => i.value).catch(() => ''), value, `${target} chosen with the arrows`);
    } else if (kind === 'select') {
        await page.keyboard.type(typed);
        assert.equal(await page.inputValue(`#${target}`), value, `${target}: typing « ${typed} » chooses it`);
    } else if (kind === 'checkbox') {
        if (!(await focusState(page)).checked) await page.keyboard.press('Space');
    } else {
        await page.keyboard.press('Control+A');
        await page.keyboard.press('Backspace');
        if (value) await page.keyboard.type(value);
        assert.equal(await page.inputValue(`#${target}`), value, `${target} typed`);
    }
}

// Fills `plan` in order with Tab and the keyboard, from the current focus; returns every Tab stop.
async function keyboardFill(page, plan) {
    const stops = [];
    for (const field of plan) {
        stops.push(...(await tabUntil(page, isField(field.target), `#${field.target}`)));
        await setFocused(page, field);
    }
    return stops;
}

// Tabs to the button (or link) `label` and presses Enter: resolves the response of the page it leads to.
async function pressButton(page, label) {
    await tabUntil(page, isButton(label), `« ${label} »`);
    const [response] = await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    return response;
}

// From the top of the page: focus on the document, so that the first Tab reaches the skip link.
async function fromTop(page) {
    await page.evaluate(() => {
        document.activeElement?.blur();
        window.scrollTo(0, 0);
    });
}

// Every field of step 2 as the page shows it.
async function detailsShown(page) {
    return page.evaluate(() => {
        const form = document.querySelector('form[action="/register/details"]');
        const out = {};
        for (const el of form.elements) {
            if (!el.name || el.name === 'csrf' || el.type === 'submit') continue;
            if (el.type === 'radio') {
                if (el.checked) out[el.name] = el.value;
                else out[el.name] ??= '';
            } else out[el.name] = el.value;
        }
        return out;
    });
}

// The error next to a field: its message, and whether the field is marked invalid and points at it.
async function fieldError(page, name) {
    return page.evaluate((name) => {
        const input = document.getElementById(name);
        const message = document.getElementById(`${name}-erreur`);
        return {
            text: message?.textContent.trim(),
            sameField: !!message && message.closest('.field') === input.closest('.field'),
            invalid: input.getAttribute('aria-invalid'),
            describedBy: (input.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean),
        };
    }, name);
}

describe(
    'registration in the browser',
    { timeout: 90000, skip: chromiumSkip },
    () => {
        let idp;
        let mailbox;
        let browser;
        before(async () => {
            mailbox = await startMailbox();
            idp = await startIdp({
                clientOverrides: { [kService.id]: { front_name: kService.name, front_url: 'https://rp.test/', access: 'approval' } },
                top: {
                    mail: {
                        smtp_url: `smtp://127.0.0.1:${mailbox.port}`,
                        security: 'none',
                        from: 'Esculape <ne-pas-repondre@esculape.test>',
                    },
                },
            });
            browser = await launchChromium();
        });
        after(async () => {
            await browser?.close();
            await idp?.stop();
            await mailbox?.close();
        });

        test('Camille DURAND registers without a card, by the keyboard, and logs in with her new password', async (t) => {
            const context = await auditContext(browser);
            const page = await context.newPage();
            const expected = Object.fromEntries(kDetails.map((f) => [f.target, f.value]));

            // --- the portal, then step 1 -------------------------------------------------------------------
            await page.goto(`${idp.base}/`);
            await visit(t, page, 'home');
            await Promise.all([page.waitForNavigation(), page.click('a:has-text("Créer un compte")')]);
            assert.equal(new URL(page.url()).pathname, '/register');
            assert.equal(await visit(t, page, 'card'), 'Créer un compte : carte CPS');
            assert.doesNotMatch(await page.textContent('main'), /Carte détectée/, 'no certificate, no card');
            assert.equal(await page.getAttribute('.steps li[aria-current="step"]', 'aria-current'), 'step');
            assert.equal((await page.textContent('.steps li[aria-current="step"]')).trim(), 'Carte CPS');

            const toDetails = await pressButton(page, 'Continuer sans carte');
            assert.equal(toDetails.status(), 200);
            assert.equal(new URL(page.url()).pathname, '/register/details');
            assert.equal(await visit(t, page, 'details'), 'Vos coordonnées');

            // --- step 2 by the keyboard, with two mistakes -------------------------------------------------
            const firstTry = kDetails.map((f) => (f.target in kMistakes ? { ...f, value: kMistakes[f.target] } : f));
            const stops = await keyboardFill(page, firstTry);
            t.diagnostic(`tab stops: ${stops.join(' → ')}`);
            const refused = await pressButton(page, 'Continuer');
            assert.equal(refused.status(), 400);
            assert.equal(new URL(page.url()).pathname, '/register/details');
            assert.equal(await visit(t, page, 'details-errors'), 'Vos coordonnées');
            assert.match(await page.textContent('[role="alert"]'), /Certains champs sont à corriger/);

            const postal = await fieldError(page, 'postal_code');
            assert.equal(postal.text, 'Le code postal compte 5 chiffres.');
            const confirmation = await fieldError(page, 'email_confirmation');
            assert.equal(confirmation.text, 'Les deux adresses e-mail ne sont pas identiques.');
            for (const [name, e] of [['postal_code', postal], ['email_confirmation', confirmation]]) {
                assert.ok(e.sameField, `${name}: the message sits in the field's block`);
                assert.equal(e.invalid, 'true', `${name} is marked invalid`);
                assert.ok(e.describedBy.includes(`${name}-erreur`), `${name} points at its message: ${e.describedBy}`);
            }
            const wrongOnes = await page.$$eval('.field-error', (list) => list.map((p) => p.id));
            assert.deepEqual(wrongOnes.sort(), ['email_confirmation-erreur', 'postal_code-erreur'], 'only the two mistakes');
            assert.deepEqual(await detailsShown(page), { ...expected, ...kMistakes }, 'everything typed is kept');

            // A reload shows the same (the draft is in the database), then the two fields are corrected.
            await page.reload();
            assert.deepEqual(await detailsShown(page), { ...expected, ...kMistakes }, 'kept across a reload');
            await fromTop(page);
            await keyboardFill(page, [
                { target: 'postal_code', value: expected.postal_code },
                { target: 'email_confirmation', value: expected.email_confirmation },
            ]);
            const accepted = await pressButton(page, 'Continuer');
            assert.equal(accepted.status(), 200);
            assert.equal(new URL(page.url()).pathname, '/register/profile', `step 3, got ${page.url()}`);

            // --- step 3: one service ---------------------------------------------------------------------
            assert.equal(await visit(t, page, 'profile'), 'Les services que vous demandez');
            const offered = await page.$$eval('input[name="services"]', (list) => list.map((i) => i.value));
            assert.deepEqual(offered, [kService.id], 'the catalogue clients with a portal tile');
            await tabUntil(page, (f) => f.name === 'services' && f.value === kService.id, 'the service');
            await setFocused(page, { target: 'services', kind: 'checkbox' });
            assert.ok(await page.isChecked(`input[name="services"][value="${kService.id}"]`));
            const toReview = await pressButton(page, 'Continuer');
            assert.equal(toReview.status(), 200);
            assert.equal(new URL(page.url()).pathname, '/register/review');

            // --- step 4: the review, « Modifier les coordonnées » and back ---------------------------------
            assert.equal(await visit(t, page, 'review'), 'Vérifiez votre demande');
            const summary = async () =>
                page.$$eval('dl.details dt', (dts) => Object.fromEntries(dts.map((dt) => [dt.textContent.trim(), dt.nextElementSibling.textContent.trim()])));
            const recap = await summary();
            assert.equal(recap.Nom, 'DURAND');
            assert.equal(recap['Prénom'], 'Camille');
            assert.equal(recap.Profession, 'Infirmier');
            assert.equal(recap['Numéro RPPS ou ADELI'], '99700001011');
            assert.equal(recap.Adresse, '12 rue de la République, 25000 Besançon');
            assert.equal(recap['Adresse e-mail'], kEmail);
            assert.equal(recap['Visibilité dans l’annuaire'], 'Publique');
            assert.deepEqual(await page.$$eval('#recap-services ~ ul li', (l) => l.map((li) => li.textContent.trim())), [kService.name]);

            const edit = await pressButton(page, 'Modifier les coordonnées');
            assert.equal(edit.status(), 200);
            assert.equal(new URL(page.url()).pathname, '/register/details');
            await visit(t, page, 'details-edit');
            assert.deepEqual(await detailsShown(page), expected, 'the details are all there when coming back');
            const again = await pressButton(page, 'Continuer');
            assert.equal(again.status(), 200);
            assert.equal(new URL(page.url()).pathname, '/register/profile');
            await visit(t, page, 'profile-edit');
            assert.ok(await page.isChecked(`input[name="services"][value="${kService.id}"]`), 'the service is still chosen');
            await pressButton(page, 'Continuer');
            assert.equal(new URL(page.url()).pathname, '/register/review');
            await visit(t, page, 'review-again');
            assert.deepEqual(await summary(), recap, 'the same summary');

            // --- a wrong answer, then the right one ------------------------------------------------------
            const question = async () => {
                const label = await page.textContent('label[for="challenge"]');
                const [, a, b] = /combien font (\d+) plus (\d+)/.exec(label) ?? [];
                assert.ok(a && b, `the question: ${label}`);
                return Number(a) + Number(b);
            };
            const wrong = (await question()) + 1;
            await tabUntil(page, (f) => f.name === 'terms', 'the terms');
            await setFocused(page, { target: 'terms', kind: 'checkbox' });
            await tabUntil(page, isField('challenge'), '#challenge');
            await page.keyboard.type(String(wrong));
            const [answered] = await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
            assert.equal(answered.status(), 400);
            assert.equal(await visit(t, page, 'review-wrong-answer'), 'Vérifiez votre demande');
            const challenge = await fieldError(page, 'challenge');
            assert.match(challenge.text ?? '', /La réponse est incorrecte/);
            assert.ok(challenge.sameField && challenge.invalid === 'true' && challenge.describedBy.includes('challenge-erreur'));
            assert.equal(await page.$('#terms-erreur'), null, 'the terms were accepted');
            await t.test('review: the accepted terms stay checked after a wrong answer', async () => {
                assert.ok(await page.isChecked('input[name="terms"]'), 'terms still checked');
            });

            const right = await question();
            await fromTop(page);
            await tabUntil(page, (f) => f.name === 'terms', 'the terms');
            await setFocused(page, { target: 'terms', kind: 'checkbox' });
            await tabUntil(page, isField('challenge'), '#challenge');
            await page.keyboard.type(String(right));
            const [sent] = await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
            assert.equal(sent.status(), 200);
            assert.equal(new URL(page.url()).pathname, '/register/sent');
            assert.equal(await visit(t, page, 'sent'), 'Vérifiez votre messagerie');
            assert.match(await page.textContent('main'), new RegExp(`envoyé à ${kEmail.replace(/\./g, '\\.')}`));

            // --- the e-mail proof ------------------------------------------------------------------------
            const proof = await mailbox.waitFor((m) => m.envelope.to.includes(kEmail));
            assert.equal(proof.subject, 'Confirmez votre adresse e-mail pour créer votre compte Esculape');
            assert.match(proof.text, /Bonjour Camille DURAND/);
            const link = proof.links.find((l) => l.includes('/register/verify?'));
            assert.ok(link?.startsWith(`${idp.base}/register/verify?r=`), `a verify link in: ${proof.text}`);
            const opened = await page.goto(link);
            assert.equal(opened.status(), 200);
            assert.equal(await visit(t, page, 'verify'), 'Confirmer votre adresse e-mail');
            assert.match(await page.textContent('main'), new RegExp(kEmail.replace(/\./g, '\\.')));
            const created = await pressButton(page, 'Confirmer mon adresse');
            assert.equal(created.status(), 200);
            assert.equal(await visit(t, page, 'created'), 'Votre compte est créé');

            // --- the two mails: the login, then the link to choose a password ----------------------------
            const loginMail = await mailbox.waitFor((m) => m.envelope.to.includes(kEmail) && m.subject === 'Votre identifiant Esculape');
            assert.match(loginMail.text, /Bonjour Camille DURAND/);
            const [, login] = /Votre identifiant est :\s+(\S+)/.exec(loginMail.text) ?? [];
            assert.equal(login, 'camille.durand', `the login by the prenom.nom rule, in: ${loginMail.text}`);
            const passwordMail = await mailbox.waitFor(
                (m) => m.envelope.to.includes(kEmail) && m.subject === 'Choisissez votre mot de passe Esculape',
            );
            const setLink = passwordMail.links.find((l) => l.includes('/password/reset?token='));
            assert.ok(setLink?.startsWith(`${idp.base}/password/reset?token=`), `a set-password link in: ${passwordMail.text}`);

            await page.goto(setLink);
            assert.equal(await visit(t, page, 'password'), 'Choisir votre mot de passe');
            await fromTop(page);
            await keyboardFill(page, [
                { target: 'password', value: kPassword },
                { target: 'confirmation', value: kPassword },
            ]);
            const [saved] = await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
            assert.equal(saved.status(), 200);
            assert.equal(await visit(t, page, 'password-done'), 'Mot de passe enregistré');

            // --- the first login: the portal greets Camille ----------------------------------------------
            await Promise.all([page.waitForNavigation(), page.click('a:has-text("Retour à l’accueil du portail")')]);
            await Promise.all([page.waitForNavigation(), page.click('a:has-text("Se connecter")')]);
            assert.ok(page.url().startsWith(idp.endpoints.login), `login page, got ${page.url()}`);
            await visit(t, page, 'login');
            await page.fill('input[name="login"]', login);
            await page.fill('input[name="password"]', kPassword);
            await Promise.all([page.waitForNavigation(), page.press('input[name="password"]', 'Enter')]);
            assert.equal(page.url(), `${idp.base}/`, 'back on the portal');
            assert.match(await visit(t, page, 'portal'), /^Bonjour Camille DURAND\b/);
            await context.close();
        });
    },
);
