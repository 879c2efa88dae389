// The checks every idp page of a browser journey goes through: a screenshot (screenshots/<prefix>-<name>.png),
// exactly one h1, a label on each visible field, then the axe audit (lib/a11y.mjs) and the error markup check,
// each its own subtest so that a known problem can be a todo without hiding the rest.
//
//   const visit = pageVisitor({ prefix: 'password', a11yTodo: kA11yTodo });
//   assert.equal(await visit(t, page, 'login'), 'Connexion');   // resolves the page's h1
//
// The page must come from an auditContext() (lib/a11y.mjs), or axe cannot be injected.
import assert from 'node:assert/strict';
import path from 'node:path';
import { checkA11y } from './a11y.mjs';
import { screenshots } from './chromium.mjs';

// What must carry a label (its own <label>, aria-label or aria-labelledby): the visible inputs only, or every
// visible form field (selects and text areas too). `noun` names them in the assertion message.
export const kVisibleInputs = { selector: 'input:not([type="hidden"]):not([hidden])', noun: 'input' };
export const kVisibleFields = { selector: `${kVisibleInputs.selector}, select, textarea`, noun: 'field' };

// The elements that show a message, which must not be empty.
export const kErrorMessages = '[role="alert"], .field-error';

// Every error the page shows says something: no empty message element (`messages`, a CSS selector), and a field
// marked aria-invalid is described by a non-empty message.
export async function errorMarkupProblems(page, messages = kErrorMessages) {
    return page.evaluate((messages) => {
        const problems = [];
        const text = (el) => (el?.textContent ?? '').trim();
        for (const el of document.querySelectorAll(messages))
            if (!text(el)) problems.push(`empty ${el.outerHTML.replace(/\s+/g, ' ').slice(0, 80)}`);
        for (const el of document.querySelectorAll('[aria-invalid="true"]')) {
            const ids = (el.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean);
            const said = ids.map((id) => document.getElementById(id)).filter((d) => d && text(d));
            const errors = said.filter((d) => d.matches('.field-error, [role="alert"]'));
            if (!errors.length) problems.push(`#${el.id} is aria-invalid="true" without a message (aria-describedby="${ids.join(' ')}")`);
        }
        return problems;
    }, messages);
}

// Returns visit(t, page, name), which runs the checks above on the page as it is and resolves its h1's text.
//   prefix      the screenshots' file name prefix (the test file's name);
//   a11yTodo    known axe violations, by page name: that page's audit is a todo (the message says why);
//   errorTodo   known empty error markup, by page name: that page's error check is a todo;
//   labelled    kVisibleInputs or kVisibleFields: what must carry a label;
//   messages    the CSS selector of the message elements that must not be empty;
//   more        async (t, page, name) => …: the file's own subtests, run after the error check.
export function pageVisitor({
    prefix,
    a11yTodo = {},
    errorTodo = {},
    labelled = kVisibleFields,
    messages = kErrorMessages,
    more,
}) {
    return async function visit(t, page, name) {
        await page.screenshot({ path: path.join(screenshots, `${prefix}-${name}.png`), fullPage: true });
        const h1 = await page.$$eval('h1', (list) => list.map((h) => h.textContent.trim()));
        assert.equal(h1.length, 1, `page ${name} (${page.url()}) has exactly one h1, got ${JSON.stringify(h1)}`);
        const unlabelled = await page.$$eval(labelled.selector, (inputs) =>
            inputs
                .filter((i) => !(i.labels?.length || i.getAttribute('aria-label') || i.getAttribute('aria-labelledby')))
                .map((i) => i.outerHTML),
        );
        assert.deepEqual(unlabelled, [], `page ${name}: every visible ${labelled.noun} has a label`);
        await t.test(`a11y: ${name}`, { todo: a11yTodo[name] }, async (st) => {
            const result = await checkA11y(page, name);
            // What axe could not decide alone (e.g. contrast over an image): listed for a human, not a failure.
            if (result.incomplete.length) st.diagnostic(`axe needs review: ${result.incomplete.map((r) => r.id).join(', ')}`);
        });
        await t.test(`errors: ${name}`, { todo: errorTodo[name] }, async () => {
            assert.deepEqual(await errorMarkupProblems(page, messages), [], `page ${name} (${page.url()}): error markup`);
        });
        if (more) await more(t, page, name);
        return h1[0];
    };
}
