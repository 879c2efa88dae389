// Accessibility audit of the page a real browser shows, with axe-core (npm axe-core, Deque's rules engine):
// WCAG 2.0 / 2.1 levels A and AA only (the RGAA, France's accessibility reference, is built on them).
//
//   await checkA11y(page, 'login');   // throws, listing every violation, when axe finds any
//
// The idp's pages send a strict Content-Security-Policy (default-src 'none': no script at all), which blocks the
// <script> that page.addScriptTag() inserts. A page audited here must therefore come from a browser context opened
// with playwright's `bypassCSP: true` (see auditContext()); only the audited contexts get it, the CSP itself is
// tested elsewhere (browser.test.mjs, the form_post page).
import fs from 'node:fs';
import { createRequire } from 'node:module';

const e2eRequire = createRequire(new URL('../package.json', import.meta.url));

let axeSource;
function loadAxe() {
    if (axeSource === undefined) {
        let file;
        try {
            file = e2eRequire.resolve('axe-core/axe.min.js');
        } catch (e) {
            throw new Error(`npm package 'axe-core' is not installed in test/e2e: run scripts/npm-deps (${e.message})`);
        }
        axeSource = fs.readFileSync(file, 'utf8');
    }
    return axeSource;
}

export const kWcagTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

// A browser context whose pages axe can be injected into (CSP bypassed, see above); other options are passed on.
export function auditContext(browser, options = {}) {
    return browser.newContext({ ignoreHTTPSErrors: true, locale: 'fr-FR', ...options, bypassCSP: true });
}

// The violations, one readable block each: rule id, impact, help text, and the CSS selectors of the nodes at fault.
export function formatViolations(violations) {
    return violations
        .map((v) => {
            const nodes = v.nodes
                .map((n) => `    - ${n.target.map((t) => (Array.isArray(t) ? t.join(' >>> ') : t)).join(', ')}` +
                    (n.failureSummary ? `\n      ${n.failureSummary.replace(/\n\s*/g, ' ')}` : ''))
                .join('\n');
            return `  [${v.impact ?? 'n/a'}] ${v.id}: ${v.help} (${v.helpUrl})\n${nodes}`;
        })
        .join('\n');
}

// Runs axe on the whole document; resolves the axe result when there is no violation, throws otherwise.
export async function runAxe(page) {
    const injected = await page.evaluate(() => typeof window.axe === 'object');
    if (!injected) {
        const hint = 'open the page in a context created with bypassCSP: true (auditContext())';
        try {
            await page.addScriptTag({ content: loadAxe() });
        } catch (e) {
            throw new Error(`axe-core could not be injected into ${page.url()}: ${e.message.split('\n')[0]}; ${hint}`);
        }
        if (!(await page.evaluate(() => typeof window.axe === 'object')))
            throw new Error(`axe-core could not be injected into ${page.url()} (Content-Security-Policy?): ${hint}`);
    }
    return page.evaluate(
        (values) => window.axe.run(document, { runOnly: { type: 'tag', values }, resultTypes: ['violations'] }),
        kWcagTags,
    );
}

export async function checkA11y(page, name) {
    const result = await runAxe(page);
    if (result.violations.length) {
        const count = result.violations.reduce((n, v) => n + v.nodes.length, 0);
        throw new Error(
            `a11y: ${result.violations.length} axe rule(s) violated (${count} node(s)) on page "${name}" ` +
                `(${page.url()}):\n${formatViolations(result.violations)}`,
        );
    }
    return result;
}
