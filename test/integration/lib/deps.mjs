// npm dependencies live in one place, test/e2e/package.json (installed by scripts/npm-deps);
// the integration tests load them from there.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const e2eRequire = createRequire(new URL('../../e2e/package.json', import.meta.url));

export async function importE2e(name) {
    let resolved;
    try {
        resolved = e2eRequire.resolve(name);
    } catch (e) {
        throw new Error(`npm package '${name}' is not installed in test/e2e: run scripts/npm-deps (${e.message})`);
    }
    return import(pathToFileURL(resolved).href);
}

export const jose = await importE2e('jose');
