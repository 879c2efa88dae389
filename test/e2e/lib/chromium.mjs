// The Chromium the browser tests drive (Debian's package, through playwright-core: no browser download), its
// flags, and the directory the tests write their screenshots to (test/e2e/screenshots/).
//
//   describe('…', { skip: chromiumSkip }, () => {
//       before(async () => { browser = await launchChromium(); });
//       …
//       await page.screenshot({ path: path.join(screenshots, 'login.png'), fullPage: true });
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const kChromium = '/usr/bin/chromium';
export const kChromiumArgs = [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
];
export const screenshots = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'screenshots');
export const haveChromium = fs.existsSync(kChromium);
// The `skip` of a describe() that needs Chromium: false when it is installed, otherwise why the suite is skipped.
export const chromiumSkip = haveChromium ? false : `${kChromium} is missing (apt-get install chromium)`;

// Creates the screenshots directory, then launches a headless Chromium; the caller closes it.
export async function launchChromium() {
    fs.mkdirSync(screenshots, { recursive: true });
    return chromium.launch({ executablePath: kChromium, args: kChromiumArgs, headless: true });
}
