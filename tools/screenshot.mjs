// tools/screenshot.mjs -- docs/screenshot.png for the README: the PAVB
// users page of the demo, 1280x800, in Lithuanian.
//
//   node tools/screenshot.mjs BASE_URL LOGINS_FILE [OUT] [PATH]
//   e.g. make run (in another terminal), then
//   node tools/screenshot.mjs http://127.0.0.1:8080 var/demo-logins.txt
//
// Uses the browser-test packages (cd tests/e2e && npm ci) and Debian's
// Chromium, like the browser tests do.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'tests/e2e/package.json'));
const { chromium } = require('playwright-core');

const [base, loginsFile, out = path.join(root, 'docs/screenshot.png'), page_ = '/staff/pavb/users'] =
	process.argv.slice(2);
if (!base || !loginsFile) {
	console.error('usage: node tools/screenshot.mjs BASE_URL LOGINS_FILE [OUT] [PATH]');
	process.exit(2);
}
const admin = fs.readFileSync(loginsFile, 'utf8').split('\n').map((l) => l.split('\t'))
	.find((f) => f[0] === 'ADMIN' && f[3] === 'pavb');
if (!admin) {
	console.error(`${loginsFile} has no PAVB ADMIN line`);
	process.exit(1);
}

const browser = await chromium.launch({
	executablePath: process.env.SK_CHROMIUM || '/usr/bin/chromium',
	args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
	       '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
	const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'lt-LT' });
	const page = await ctx.newPage();
	await page.goto(base + '/login');
	await page.fill('#f-email', admin[1]);
	await page.fill('#f-password', admin[2]);
	await Promise.all([page.waitForNavigation(), page.click('main form button[type="submit"]')]);
	await page.goto(base + page_);
	fs.mkdirSync(path.dirname(out), { recursive: true });
	await page.screenshot({ path: out });
	console.log(`${out} written`);
} finally {
	await browser.close();
}
