// lib.mjs -- the harness of sklaida's browser tests.
//
// tests/suites/50-e2e.db.sh creates a database, loads `sklaida demo`,
// starts `sklaida serve` and runs run.mjs with:
//   SK_E2E_BASE    http://127.0.0.1:PORT of the running server
//   SK_E2E_LOGINS  the demo's stdout (ROLE<TAB>email<TAB>password<TAB>inst)
//   SK_E2E_DB      the --db URL of that server (for CLI set-up steps)
//   SK_E2E_VAR     its SKLAIDA_VAR (mail files land in VAR/mail)
//   SK_BIN         the sklaida binary
//   SK_E2E_SHOTS   where screenshots go (default tests/e2e/screenshots)
//   SK_E2E_SERVER_LOG  the server's log (quoted in some failure messages)
//
// A tiny sequential runner (no framework: the same on Node 18 and 20)
// prints one line per test, "ok NAME" or "FAIL NAME: why" with indented
// detail, as tests/run-all.sh expects. Tests run in declaration order and
// may build on each other's state (the user created in one is edited in
// the next), like a person working through the UI.
import { chromium } from 'playwright-core';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

function need(name) {
	const v = process.env[name];
	if (!v) throw new Error(`${name} is not set (run through tests/suites/50-e2e.db.sh)`);
	return v;
}

export const env = {
	base: need('SK_E2E_BASE').replace(/\/$/, ''),
	db: need('SK_E2E_DB'),
	bin: need('SK_BIN'),
	varDir: process.env.SK_E2E_VAR || '',
	shots: process.env.SK_E2E_SHOTS || path.join(here, 'screenshots'),
	logins: parseLogins(fs.readFileSync(need('SK_E2E_LOGINS'), 'utf8')),
};
fs.mkdirSync(env.shots, { recursive: true });

function parseLogins(text) {
	const out = [];
	for (const line of text.split('\n')) {
		if (!line.trim()) continue;
		const [role, email, password, inst] = line.split('\t');
		if (!role || !email || !password || !inst) throw new Error(`bad demo login line: ${JSON.stringify(line)}`);
		out.push({ role, email, password, inst });
	}
	return out;
}

/* The demo login of ROLE in INST (throws when the demo has none). */
export function login(role, inst = 'pavb') {
	const l = env.logins.find((x) => x.role === role && x.inst === inst);
	if (!l) throw new Error(`the demo output has no ${role} in ${inst}`);
	return l;
}

/* ---- failures ------------------------------------------------------------ */

/* Thrown when a page the test needs answers 404: the page is not written
 * yet. Tests listed in WAITING (run.mjs) report that as "waiting", all
 * others as FAIL. */
export class PageMissing extends Error {
	constructor(url) {
		super(`page ${url} does not exist (404)`);
		this.url = url;
	}
}

export function check(cond, msg) {
	if (!cond) throw new Error(msg);
}

export function eq(got, want, msg) {
	if (got !== want) throw new Error(`${msg}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
}

/* ---- the runner ---------------------------------------------------------- */

const tests = [];

/* test(NAME, async (t) => ..., {timeout, waiting: '/path'}) */
export function test(name, fn, opts = {}) {
	tests.push({ name, fn, timeout: opts.timeout ?? 180_000, waiting: opts.waiting ?? null });
}

function indent(s) {
	return String(s).split('\n').map((l) => '    ' + l).join('\n');
}

export async function run(waiting) {
	let passed = 0, failed = 0, pending = 0;
	const t0 = Date.now();
	const only = process.argv.slice(2);
	for (const t of tests) {
		if (only.length && !only.some((o) => t.name.includes(o))) continue;
		let timer;
		const t1 = Date.now();
		const limit = new Promise((_, reject) => {
			timer = setTimeout(() => reject(new Error(`did not finish within ${t.timeout / 1000} s`)), t.timeout);
		});
		try {
			await Promise.race([t.fn(), limit]);
			console.log(`ok ${t.name}`);
			console.log(`    (${((Date.now() - t1) / 1000).toFixed(1)} s)`);
			if (waiting.has(t.name))
				console.log(`    NOTE: ${t.name} passes now; remove it from WAITING in run.mjs`);
			passed++;
		} catch (e) {
			if (e instanceof PageMissing && waiting.has(t.name)) {
				console.log(`waiting ${t.name}: ${e.message}; it runs once the page exists`);
				pending++;
			} else {
				const why = (e && e.message ? e.message : String(e)).split('\n')[0];
				console.log(`FAIL ${t.name}: ${why}`);
				if (e && e.detail) console.log(indent(e.detail));
				if (e && e.stack) console.log(indent(e.stack.split('\n').slice(0, 8).join('\n')));
				failed++;
			}
		} finally {
			clearTimeout(timer);
		}
	}
	console.log(`e2e: ${passed} passed, ${failed} failed, ${pending} waiting for pages ` +
	            `(${Math.round((Date.now() - t0) / 1000)} s)`);
	return failed === 0;
}

/* ---- the browser --------------------------------------------------------- */

let browser = null;

/* Debian's Chromium; playwright-core downloads no browser of its own. It
 * gives every launch a fresh temporary profile (--user-data-dir), which
 * is why that flag is not passed here (it refuses one in `args`). */
export async function startBrowser() {
	browser = await chromium.launch({
		executablePath: process.env.SK_CHROMIUM || '/usr/bin/chromium',
		args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
		       '--disable-background-networking', '--disable-component-update', '--disable-sync',
		       '--disable-dev-shm-usage', '--lang=lt-LT'],
	});
	return browser;
}

export async function stopBrowser() {
	if (browser) await browser.close();
	browser = null;
}

/* A new browser context = a new person (own cookies). */
export async function newContext(opts = {}) {
	const ctx = await browser.newContext({
		viewport: { width: opts.width ?? 1280, height: opts.height ?? 800 },
		locale: 'lt-LT',
		timezoneId: 'Europe/Vilnius',
		bypassCSP: opts.bypassCSP ?? false,
		reducedMotion: 'reduce',
	});
	ctx.setDefaultTimeout(20_000);
	ctx.setDefaultNavigationTimeout(30_000);
	return ctx;
}

/* Opens URL (relative to the server); throws PageMissing on 404 and an
 * error on any other status >= 400 unless `allow` lists it. */
export async function open(page, url, allow = []) {
	const full = url.startsWith('http') ? url : env.base + url;
	const resp = await page.goto(full, { waitUntil: 'load' });
	const st = resp ? resp.status() : 0;
	if (st === 404 && !allow.includes(404)) throw new PageMissing(url);
	if (st >= 400 && !allow.includes(st)) throw new Error(`GET ${url} answered ${st}`);
	return resp;
}

/* Submits the form that holds `button` and waits for the next page. */
export async function submit(page, button) {
	const [resp] = await Promise.all([
		page.waitForNavigation({ waitUntil: 'load' }),
		(typeof button === 'string' ? page.locator(button) : button).click(),
	]);
	return resp;
}

/* Logs in through the form; returns the response of the page after it. */
export async function logIn(page, who) {
	await open(page, '/login');
	await page.fill('#f-email', who.email);
	await page.fill('#f-password', who.password);
	const resp = await submit(page, 'main form.stack button[type="submit"]');
	const u = new URL(page.url());
	check(u.pathname !== '/login', `login of ${who.email} failed: still on /login (status ${resp && resp.status()})`);
	return resp;
}

export async function logOut(page) {
	const btn = page.locator('header.top form.inline button[type="submit"]');
	check(await btn.count() === 1, 'no log-out button in the header');
	await submit(page, btn);
}

export function pathOf(page) {
	return new URL(page.url()).pathname;
}

/* A file name for a URL: "/staff/pavb/users?x=1" -> "staff-pavb-users-x-1" */
export function slugOf(url) {
	const s = url.replace(/^https?:\/\/[^/]+/, '').replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '');
	return s || 'home';
}

export async function shot(page, name) {
	const file = path.join(env.shots, name.replace(/[^A-Za-z0-9._-]+/g, '-') + '.png');
	await page.screenshot({ path: file, fullPage: true });
	return file;
}

/* ---- axe-core ------------------------------------------------------------ */

const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/* Runs axe on the loaded page (injected through the DevTools protocol,
 * so the page's CSP, which allows no inline script, stays on). Returns
 * the violations. */
export async function axe(page) {
	const has = await page.evaluate(() => typeof window.axe === 'object');
	if (!has) await page.evaluate(axeSource);
	return page.evaluate(async (tags) => {
		const res = await window.axe.run(document, {
			runOnly: { type: 'tag', values: tags },
			resultTypes: ['violations'],
		});
		return res.violations.map((v) => ({
			id: v.id,
			impact: v.impact,
			help: v.help,
			nodes: v.nodes.map((n) => ({ target: n.target.join(' '), html: n.html.slice(0, 200),
			                             summary: (n.failureSummary || '').replace(/\s+/g, ' ').slice(0, 300) })),
		}));
	}, AXE_TAGS);
}

export function describeViolations(url, vs) {
	const lines = [];
	for (const v of vs) {
		lines.push(`${url}: ${v.id} (${v.impact}): ${v.help}`);
		for (const n of v.nodes.slice(0, 5)) lines.push(`    ${n.target}  ${n.html}\n      ${n.summary}`);
		if (v.nodes.length > 5) lines.push(`    ... and ${v.nodes.length - 5} more`);
	}
	return lines.join('\n');
}

/* ---- the CLI and mail ---------------------------------------------------- */

/* Runs `sklaida --db DB ARGS...` with `input` on stdin; resolves stdout. */
export function cli(args, input = '') {
	return new Promise((resolve, reject) => {
		// the server's var/ too, so that the CLI leaves nothing in tests/e2e
		const e = { ...process.env, ...(env.varDir ? { SKLAIDA_VAR: env.varDir } : {}) };
		const child = execFile(env.bin, ['--db', env.db, ...args], { timeout: 60_000, env: e }, (err, stdout, stderr) => {
			if (err) reject(new Error(`sklaida ${args.join(' ')} failed: ${err.message}\n${stderr}`));
			else resolve(stdout);
		});
		child.stdin.end(input);
	});
}

/* The decoded text bodies of the mails sent to `to` (file adapter). */
export function mailsTo(to) {
	const dir = path.join(env.varDir, 'mail');
	if (!env.varDir || !fs.existsSync(dir)) return [];
	const out = [];
	for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.eml')).sort()) {
		const raw = fs.readFileSync(path.join(dir, f), 'utf8');
		const [head, ...rest] = raw.split('\r\n\r\n');
		if (!new RegExp(`^To: ${to.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\r?$`, 'mi').test(head)) continue;
		const body = rest.join('\r\n\r\n');
		out.push(/Content-Transfer-Encoding: base64/i.test(head)
			? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8') : body);
	}
	return out;
}

/* The server's log so far ("" when the runner did not say where it is). */
export function serverLog() {
	const f = process.env.SK_E2E_SERVER_LOG;
	return f && fs.existsSync(f) ? fs.readFileSync(f, 'utf8') : '';
}

/* Polls `fn` until it returns a truthy value (a readiness wait, not a
 * timing assertion: the limit only bounds a hang). */
export async function until(fn, what, limitMs = 30_000) {
	const end = Date.now() + limitMs;
	for (;;) {
		const v = await fn();
		if (v) return v;
		if (Date.now() > end) throw new Error(`gave up waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 200));
	}
}
