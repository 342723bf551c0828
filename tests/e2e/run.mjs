// run.mjs -- sklaida's browser tests (Chromium + playwright-core, axe-core).
//
// Run by tests/suites/50-e2e.db.sh against a server loaded with
// `sklaida demo` (see lib.mjs for the environment). The tests walk
// through the platform as people would:
//   (a) the PAVB administrator logs in and sees the dashboard in Lithuanian
//   (b) the language switch: public pages (link), staff pages (/profile)
//   (c) an administrator creates a user with a role; the invited person
//       sets a password from the mailed link and logs in
//   (d) a change in the permission matrix takes effect for the people
//       holding that role
//   (e) after logging out, the old session cookie opens nothing
//   (g) axe-core finds no WCAG 2.1 A/AA violation on any page, in
//       Lithuanian and in English
//   (h) at 360 px no page scrolls sideways
//   (f) XSS payloads in names stay inert text on every page showing them
// Screenshots of every page go to tests/e2e/screenshots/ (git-ignored).
//
// WAITING: tests for pages that are still being written. A listed test
// whose page answers 404 prints "waiting NAME: ..." (not counted); once
// the page exists it runs and passes or FAILs like any other. Remove a
// name when its page has landed, so that losing the page fails loudly.
import {
	env, login, check, eq, test, run, startBrowser, stopBrowser, newContext, open, submit, logIn, logOut,
	pathOf, slugOf, shot, axe, describeViolations, cli, mailsTo, until, serverLog, PageMissing,
} from './lib.mjs';

const WAITING = new Set([
	// e.g. 'e2e-language-profile',   // needs GET/POST /profile
]);
/* Pages linked from the chrome before they exist (the header linked to
 * /profile before it was written): page discovery notes them instead of
 * failing. Keep in step with WAITING. */
const WAITING_PAGES = new Set([]);

const EN_TITLE_HOME = 'Libraries using sklaida';   // msgids are the English texts

const htmlLang = (page) => page.evaluate(() => document.documentElement.lang);
const text = (page, sel) => page.locator(sel).first().innerText();

// state shared by the tests that follow each other
const S = {
	admin: null,       // {ctx, page} of the PAVB administrator
	pages: null,       // staff pages discovered by the superadmin
	newUser: { email: 'e2e.naujokaite@pavb.demo', name: 'Eglė Naujokaitė', role: 'PR', password: 'Šviesa-ir-knygos-2026' },
	created: false,    // e2e-users-create succeeded
};

async function adminPage() {
	if (!S.admin) {
		const ctx = await newContext();
		const page = await ctx.newPage();
		await logIn(page, login('ADMIN'));
		S.admin = { ctx, page };
	}
	return S.admin.page;
}

/* ---- (a) ---------------------------------------------------------------- */
test('e2e-login-dashboard-lt', async () => {
	const page = await adminPage();
	eq(pathOf(page), '/staff/pavb/', 'a one-institution user lands on its dashboard');
	eq(await htmlLang(page), 'lt', 'html lang');
	eq((await text(page, 'main h1')).trim(), 'Darbalaukis', 'dashboard heading');
	check((await page.title()).includes('Darbalaukis'), `title "${await page.title()}" is not Lithuanian`);
	eq((await text(page, 'nav.main-nav a[href="/staff/pavb/"]')).trim(), 'Darbalaukis', 'nav item');
	const roles = await page.locator('main .tags li').allInnerTexts();
	check(roles.includes('Sistemos administratorius'), `roles shown: ${JSON.stringify(roles)}`);
	const who = (await text(page, 'header.top .tools a[href="/profile"]')).trim();
	check(who.length > 0 && (await text(page, 'main')).includes(who), 'the welcome names the person');
	check(await page.locator('header.top button', { hasText: 'Atsijungti' }).count() === 1, 'a Lithuanian log-out button');
	await shot(page, 'a-dashboard-lt');
});

/* ---- (b) ---------------------------------------------------------------- */
test('e2e-language-public', async () => {
	const ctx = await newContext();
	const page = await ctx.newPage();
	try {
		await open(page, '/pavb/');
		eq(await htmlLang(page), 'lt', 'default language');
		const ltContacts = (await text(page, 'main h2#contacts')).trim();
		const sw = page.locator('header.top a.lang');
		eq(await sw.getAttribute('hreflang'), 'en', 'the switch offers English');
		await submit(page, sw);
		eq(pathOf(page), '/pavb/', 'the switch stays on the page');
		eq(await htmlLang(page), 'en', 'after the switch');
		eq((await text(page, 'main h2#contacts')).trim(), 'Contacts', 'English heading');
		check(ltContacts !== 'Contacts', `the Lithuanian page said "${ltContacts}"`);
		await shot(page, 'b-pavb-en');
		// the choice is remembered on the next page (cookie)
		await open(page, '/');
		eq(await htmlLang(page), 'en', 'remembered on /');
		eq((await text(page, 'main h1')).trim(), EN_TITLE_HOME, 'English home');
		const back = page.locator('header.top a.lang');
		eq(await back.getAttribute('hreflang'), 'lt', 'the switch offers Lithuanian');
		eq((await back.innerText()).trim(), 'Lietuvių', 'the switch names the language in itself');
		await submit(page, back);
		eq(await htmlLang(page), 'lt', 'back to Lithuanian');
		check((await text(page, 'main h1')).trim() !== EN_TITLE_HOME, 'the home heading is Lithuanian again');
		await open(page, '/login');
		eq(await htmlLang(page), 'lt', 'remembered on /login');
	} finally {
		await ctx.close();
	}
});

/* The staff language is a personal setting on /profile. */
async function setProfileLang(page, code) {
	await open(page, '/profile');
	const selQ = 'select[name="lang"]', radioQ = `input[type="radio"][name="lang"][value="${code}"]`;
	const sel = page.locator('main').locator(selQ);
	const radio = page.locator('main').locator(radioQ);
	let form;
	if (await sel.count() === 1) {
		await sel.selectOption(code);
		form = page.locator('main form').filter({ has: page.locator(selQ) });
	} else if (await radio.count() === 1) {
		await radio.check();
		form = page.locator('main form').filter({ has: page.locator(radioQ) });
	} else {
		throw new Error('no language field (select or radio named "lang") on /profile');
	}
	await submit(page, form.locator('button[type="submit"]').first());
	check(await page.locator('main .error-summary').count() === 0, 'saving the language showed errors');
}

test('e2e-language-profile', async () => {
	const page = await adminPage();
	await setProfileLang(page, 'en');
	await open(page, '/staff/pavb/');
	eq(await htmlLang(page), 'en', 'staff page after choosing English');
	eq((await text(page, 'main h1')).trim(), 'Dashboard', 'English dashboard');
	await shot(page, 'b-dashboard-en');
	await setProfileLang(page, 'lt');
	await open(page, '/staff/pavb/');
	eq(await htmlLang(page), 'lt', 'staff page after choosing Lithuanian');
	eq((await text(page, 'main h1')).trim(), 'Darbalaukis', 'Lithuanian dashboard again');
});

/* ---- (c) ---------------------------------------------------------------- */
/* The new-user form: on the users page itself, or behind a link from it. */
async function openNewUserForm(page) {
	await open(page, '/staff/pavb/users');
	await shot(page, 'c-users-before');
	const here = page.locator('main form:has(input[name="email"])');
	if (await here.count() > 0) return here.first();
	const links = page.locator('main a[href*="/staff/pavb/users/"]');
	const hrefs = await links.evaluateAll((as) => as.map((a) => a.getAttribute('href')));
	const href = hrefs.find((h) => /\/users\/(new|add|create|invite)\b/.test(h));
	check(href, `no link to a new-user form on /staff/pavb/users (links: ${hrefs.slice(0, 8).join(' ')})`);
	await open(page, href);
	const form = page.locator('main form:has(input[name="email"])');
	check(await form.count() > 0, `no form with an e-mail field on ${href}`);
	return form.first();
}

function roleBox(scope, role) {
	return scope.locator(`input[type="checkbox"][name="roles[]"][value="${role}"], ` +
	                     `input[type="checkbox"][name="roles"][value="${role}"], ` +
	                     `input[type="checkbox"][name="role_${role}"], input[type="checkbox"][name="${role}"]`);
}

test('e2e-users-create', async () => {
	const page = await adminPage();
	const u = S.newUser;
	const form = await openNewUserForm(page);
	await form.locator('input[name="email"]').fill(u.email);
	await form.locator('input[name="name"]').fill(u.name);
	const box = roleBox(form, u.role);
	if (await box.count() === 1) {
		await box.check();
	} else {
		const sel = form.locator('select[name="role"], select[name="roles[]"]');
		check(await sel.count() === 1, `no ${u.role} role checkbox or role select in the new-user form`);
		await sel.selectOption(u.role);
	}
	await shot(page, 'c-user-form-filled');
	await submit(page, form.locator('button[type="submit"]').first());
	const errs = await page.locator('main .error-summary').count();
	check(errs === 0, `the form answered with errors: ${errs ? await text(page, 'main .error-summary') : ''}`);
	// the list shows the person with the role's Lithuanian name
	await open(page, '/staff/pavb/users');
	const row = page.locator('main tr', { hasText: u.name });
	check(await row.count() === 1, `${u.name} is not listed once on /staff/pavb/users`);
	const rowText = await row.innerText();
	check(rowText.includes('Ryšių su visuomene specialistas') || rowText.includes(u.role),
	      `the row does not show the role: ${rowText}`);
	await shot(page, 'c-users-after');
	S.created = true;
});

test('e2e-users-invited-login', async () => {
	const u = S.newUser;
	if (!S.created) {
		// nothing to log in with; say why in the terms of the page it needs
		await open(await adminPage(), '/staff/pavb/users');
		throw new Error('e2e-users-create did not create the person');
	}
	// the invitation goes out through the job queue
	let body;
	try {
		body = await until(() => mailsTo(u.email).find((b) => b.includes(env.base)), `a mail to ${u.email}`);
	} catch (e) {
		// say why: the job queue logs a failed mail
		const failed = serverLog().split('\n').filter((l) => /job_failed|mail/.test(l)).slice(-3);
		throw new Error(`${e.message}${failed.length ? '; server log: ' + failed.join(' | ') : ''}`);
	}
	const links = body.match(/https?:\/\/[^\s<>"]+/g) || [];
	const link = links.find((l) => l.startsWith(env.base));
	check(link, `no link to ${env.base} in the invitation:\n${body}`);
	const ctx = await newContext();
	const page = await ctx.newPage();
	try {
		await open(page, link);
		const pws = page.locator('main form input[type="password"]');
		check(await pws.count() >= 1, `no password field on ${link}`);
		for (let i = 0; i < await pws.count(); i++) await pws.nth(i).fill(u.password);
		await submit(page, page.locator('main form button[type="submit"]').first());
		check(await page.locator('main .error-summary').count() === 0, 'choosing the password failed');
		if (!pathOf(page).startsWith('/staff')) await logIn(page, { email: u.email, password: u.password });
		eq(pathOf(page), '/staff/pavb/', 'the new person lands on the PAVB dashboard');
		const roles = await page.locator('main .tags li').allInnerTexts();
		check(roles.includes('Ryšių su visuomene specialistas'), `roles shown: ${JSON.stringify(roles)}`);
	} finally {
		await ctx.close();
	}
});

/* ---- (d) ---------------------------------------------------------------- */
function matrixQuery(role, perm) {
	const pair = `${role}:${perm}`;
	return [
		`input[type="checkbox"][value="${pair}"]`,
		`input[type="checkbox"][name="${pair}"]`,
		`input[type="checkbox"][name="p[${pair}]"]`,
	].join(', ');
}
const matrixBox = (page, role, perm) => page.locator('main').locator(matrixQuery(role, perm));

async function setMatrix(page, role, perm, on) {
	await open(page, '/staff/pavb/permissions');
	const box = matrixBox(page, role, perm);
	if (await box.count() !== 1) {
		const seen = await page.locator('main input[type="checkbox"]').evaluateAll(
			(bs) => bs.slice(0, 6).map((b) => `${b.name}=${b.value}`));
		throw new Error(`no single checkbox for ${role} × ${perm} on the matrix (checkboxes: ${seen.join(' ')})`);
	}
	eq(await box.isChecked(), !on, `${role} × ${perm} before the change`);
	await box.setChecked(on);
	const form = page.locator('main form').filter({ has: page.locator(matrixQuery(role, perm)) });
	await submit(page, form.locator('button[type="submit"]').first());
	check(await page.locator('main .error-summary').count() === 0, 'saving the matrix showed errors');
	await open(page, '/staff/pavb/permissions');
	eq(await matrixBox(page, role, perm).isChecked(), on, `${role} × ${perm} after saving`);
}

test('e2e-permission-matrix', async () => {
	const admin = await adminPage();
	const ctx = await newContext();
	const staff = await ctx.newPage();
	try {
		// a library employee (STAFF) may not see the users list by default
		await logIn(staff, login('STAFF'));
		const usersLink = 'nav.main-nav a[href="/staff/pavb/users"]';
		eq(await staff.locator(usersLink).count(), 0, 'STAFF sees no users menu item before');
		let resp = await open(staff, '/staff/pavb/users', [403]);
		eq(resp.status(), 403, 'STAFF opens the users list before');

		await setMatrix(admin, 'STAFF', 'users.view', true);
		await shot(admin, 'd-permissions-after-grant');
		await open(staff, '/staff/pavb/');
		eq(await staff.locator(usersLink).count(), 1, 'STAFF sees the users menu item after the grant');
		resp = await open(staff, '/staff/pavb/users');
		eq(resp.status(), 200, 'STAFF opens the users list after the grant');

		await setMatrix(admin, 'STAFF', 'users.view', false);
		resp = await open(staff, '/staff/pavb/users', [403]);
		eq(resp.status(), 403, 'STAFF opens the users list after the revocation');
	} finally {
		await ctx.close();
	}
});

/* ---- (e) ---------------------------------------------------------------- */
test('e2e-logout', async () => {
	const page = await adminPage();
	await open(page, '/staff/pavb/');
	const cookies = await S.admin.ctx.cookies();
	check(cookies.some((c) => c.httpOnly), 'no HttpOnly session cookie after login');
	await logOut(page);
	eq(pathOf(page), '/login', 'after logging out');
	await open(page, '/staff');
	eq(pathOf(page), '/login', '/staff after logging out');
	// the old cookie, replayed by someone else, opens nothing either
	const ctx = await newContext();
	try {
		await ctx.addCookies(cookies);
		const p = await ctx.newPage();
		await open(p, '/staff/pavb/');
		eq(pathOf(p), '/login', 'the replayed session cookie');
		eq(await p.locator('nav.main-nav').count(), 0, 'no staff menu for the replayed cookie');
	} finally {
		await ctx.close();
		await S.admin.ctx.close();
		S.admin = null;
	}
});

/* ---- keyboard and print -------------------------------------------------- */
test('e2e-keyboard-and-print', async () => {
	const ctx = await newContext();
	const page = await ctx.newPage();
	try {
		await logIn(page, login('ADMIN'));
		await open(page, '/staff/pavb/');
		// the skip link is the first stop and shows itself when focused
		await page.keyboard.press('Tab');
		const skip = await page.evaluate(() => {
			const a = document.activeElement, r = a.getBoundingClientRect();
			return { cls: a.className, w: r.width, h: r.height, top: r.top, href: a.getAttribute('href') };
		});
		eq(skip.cls, 'skip', 'the first Tab stop');
		check(skip.w > 20 && skip.h > 10 && skip.top >= 0, `the focused skip link is not visible: ${JSON.stringify(skip)}`);
		await page.keyboard.press('Enter');
		eq(await page.evaluate(() => document.activeElement.id), 'main', 'the skip link moves focus to main');
		// every control shows a focus indicator that differs from its rest state
		const ring = async (sel) => {
			const loc = page.locator(sel).first();
			const rest = await loc.evaluate((e) => { const c = getComputedStyle(e); return c.outlineStyle + c.outlineColor + c.boxShadow + c.backgroundColor; });
			await loc.focus();
			const focused = await loc.evaluate((e) => { const c = getComputedStyle(e); return c.outlineStyle + c.outlineColor + c.boxShadow + c.backgroundColor; });
			check(rest !== focused, `${sel} looks the same with keyboard focus`);
		};
		await page.keyboard.press('Tab'); // keyboard modality for :focus-visible
		for (const sel of ['nav.main-nav a', 'header.top .tools a', 'header.top button.link']) await ring(sel);
		await open(page, '/profile');
		await page.keyboard.press('Tab');
		for (const sel of ['main input[type="text"]', 'main button[type="submit"]']) await ring(sel);
		// print: no navigation, no forms
		await open(page, '/staff/pavb/users');
		await page.emulateMedia({ media: 'print' });
		for (const sel of ['nav.main-nav', 'header.top .tools', 'main form'])
			eq(await page.locator(sel).first().isVisible(), false, `${sel} when printed`);
		check(await page.locator('main table').first().isVisible(), 'the users table is printed');
		await shot(page, 'print-users');
	} finally {
		await ctx.close();
	}
});

/* ---- page discovery ----------------------------------------------------- */
const PUBLIC_PAGES = ['/', '/pavb/', '/lnb/', '/birzu/', '/login', '/password-reset', '/accessibility'];

/* Staff pages a superadmin can reach: the header and menu links on the
 * PAVB dashboard, then the links inside each of those pages (one page per
 * link pattern: /users/5 and /users/7 are one page). */
async function discoverStaffPages(page) {
	await open(page, '/staff/pavb/');
	const start = await page.locator('header.top a[href], nav.main-nav a[href]').evaluateAll(
		(as) => as.map((a) => a.getAttribute('href')));
	// HTML pages only: no downloads (audit.csv)
	const ok = (h) => h && h.startsWith('/') && !h.startsWith('//') &&
		(h.startsWith('/staff') || h.startsWith('/profile')) && !/\.[a-z0-9]{2,5}(\?|$)/i.test(h);
	// other institutions' copies of a page are the same page: one of each
	// (the institutions are the cards of /staff)
	await open(page, '/staff');
	const slugs = new Set(await page.locator('main a[href^="/staff/"]').evaluateAll(
		(as) => as.map((a) => (a.getAttribute('href').match(/^\/staff\/([a-z0-9-]+)\/$/) || [])[1]).filter(Boolean)));
	slugs.delete('pavb');
	const seen = new Map();
	const key = (h) => h.replace(/^\/staff\/([a-z0-9-]+)(?=\/)/, (m, s) => (slugs.has(s) ? '/staff/I' : m))
		.replace(/\/\d+(?=\/|$|\?)/g, '/N').replace(/=[^&]*/g, '=');
	const add = (h) => { if (ok(h) && !seen.has(key(h))) seen.set(key(h), h); };
	['/staff', '/staff/pavb/', ...start].forEach(add);
	for (const h of [...seen.values()]) {
		if (seen.size >= 60) break;
		try {
			await open(page, h);
		} catch (e) {
			if (!(e instanceof PageMissing)) throw e;
			if (!WAITING_PAGES.has(h.split('?')[0])) throw new Error(`the link ${h} leads to a 404`);
			console.log(`    waiting-page ${h}: linked but not written yet; left out`);
			seen.delete(key(h));
			continue;
		}
		const inner = await page.locator('main a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
		inner.forEach(add);
	}
	return [...seen.values()];
}

async function superPage() {
	const ctx = await newContext();
	const page = await ctx.newPage();
	await logIn(page, login('SUPERADMIN', '*'));
	return { ctx, page };
}

async function staffPages() {
	if (!S.pages) {
		const { ctx, page } = await superPage();
		try {
			S.pages = await discoverStaffPages(page);
		} finally {
			await ctx.close();
		}
		console.log(`    staff pages found: ${S.pages.join(' ')}`);
	}
	return S.pages;
}

const withLang = (url, l) => url + (url.includes('?') ? '&' : '?') + 'lang=' + l;

/* ---- (g) ---------------------------------------------------------------- */
async function axeAll(lang) {
	const problems = [];
	let n = 0;
	const visit = async (page, url, allow = [], label = url) => {
		await open(page, withLang(url, lang), allow);
		eq(await htmlLang(page), lang, `html lang of ${url}`);
		const vs = await axe(page);
		if (vs.length) problems.push(describeViolations(label, vs));
		await shot(page, `g-${lang}-${slugOf(label)}`);
		n++;
	};
	// public pages, as a visitor
	const ctx = await newContext();
	const page = await ctx.newPage();
	try {
		for (const u of PUBLIC_PAGES) await visit(page, u);
		await visit(page, '/no-such-library/', [404], 'not-found');
		await visit(page, '/password-reset/not-a-valid-token', [404], 'reset-link-invalid');
		// the login form with an error message
		await open(page, withLang('/login', lang));
		await page.fill('#f-email', 'nobody@pavb.demo');
		await page.fill('#f-password', 'not-the-password-1');
		await submit(page, 'main form.stack button[type="submit"]');
		const vs = await axe(page);
		if (vs.length) problems.push(describeViolations('login-error', vs));
		await shot(page, `g-${lang}-login-error`);
		n++;
	} finally {
		await ctx.close();
	}
	// every staff page, as the installation administrator
	const pages = await staffPages();
	const sp = await superPage();
	try {
		for (const u of pages) await visit(sp.page, u);
	} finally {
		await sp.ctx.close();
	}
	if (problems.length) {
		const e = new Error(`axe found violations on ${problems.length} of ${n} pages (${lang})`);
		e.detail = problems.join('\n');
		throw e;
	}
	console.log(`    axe (${lang}): ${n} pages, 0 violations`);
}

test('e2e-axe-lt', () => axeAll('lt'), { timeout: 300_000 });
test('e2e-axe-en', () => axeAll('en'), { timeout: 300_000 });

/* ---- (h) ---------------------------------------------------------------- */
/* Elements sticking out to the right of a 360 px page (tables inside
 * .table-wrap scroll on their own and do not count). */
async function overflow(page) {
	return page.evaluate(() => {
		const de = document.documentElement;
		if (de.scrollWidth <= de.clientWidth) return null;
		const culprits = [];
		for (const el of document.body.querySelectorAll('*')) {
			if (el.closest('.table-wrap') && !el.classList.contains('table-wrap')) continue;
			const r = el.getBoundingClientRect();
			if (r.right > de.clientWidth + 1 && r.width > 0)
				culprits.push(`${el.tagName.toLowerCase()}${el.className ? '.' + String(el.className).replace(/\s+/g, '.') : ''} right=${Math.round(r.right)}`);
		}
		return { scrollWidth: de.scrollWidth, clientWidth: de.clientWidth, culprits: culprits.slice(0, 8) };
	});
}

async function narrow(pages, who) {
	const ctx = await newContext({ width: 360, height: 740 });
	const page = await ctx.newPage();
	const bad = [];
	try {
		if (who) await logIn(page, who);
		for (const u of pages) {
			await open(page, u);
			const o = await overflow(page);
			if (o) bad.push(`${u}: page ${o.scrollWidth}px wide in a ${o.clientWidth}px window; ${o.culprits.join(', ')}`);
			await shot(page, `h-360-${slugOf(u)}`);
		}
	} finally {
		await ctx.close();
	}
	if (bad.length) {
		const e = new Error(`${bad.length} page(s) scroll sideways at 360 px`);
		e.detail = bad.join('\n');
		throw e;
	}
}

test('e2e-narrow-360', async () => {
	await narrow(['/', '/pavb/', '/login'], null);
	await narrow(['/staff/pavb/'], login('ADMIN'));
});

test('e2e-narrow-360-staff-pages', async () => {
	await narrow(await staffPages(), login('SUPERADMIN', '*'));
});

/* ---- (f) ---------------------------------------------------------------- */
const XSS = '<img src=x onerror="document.documentElement.dataset.xss=1">';
const XSS2 = '"><script>document.documentElement.dataset.xss=2</script><svg onload="document.documentElement.dataset.xss=3">';

/* The page ran none of the payloads, created no element from them, and
 * (when `shows`) shows them as text. CSP is bypassed in these contexts,
 * so that escaping alone must keep the payloads inert. */
async function inert(page, url, shows) {
	await open(page, url);
	const r = await page.evaluate(() => ({
		flag: document.documentElement.dataset.xss,
		imgs: document.querySelectorAll('img[src="x"]').length,
		scripts: [...document.scripts].filter((s) => s.text.includes('dataset.xss')).length,
		svgs: [...document.querySelectorAll('svg[onload]')].length,
		text: document.body.innerText,
	}));
	eq(r.flag, undefined, `document.documentElement.dataset.xss on ${url}`);
	eq(r.imgs + r.scripts + r.svgs, 0, `elements made from a payload on ${url}`);
	if (shows) check(r.text.includes('<img src=x'), `${url} does not show the payload as text`);
}

test('e2e-xss', async () => {
	const out = await cli(['user', 'add', 'xss@pavb.demo', XSS, '--role', 'pavb:STAFF']);
	const [email, password] = out.trim().split('\t');
	eq(email, 'xss@pavb.demo', 'sklaida user add printed the generated password');
	await cli(['institution', 'add', 'xss-biblioteka', XSS + XSS2, 'municipal', '--parent', 'pavb', '--name-en', XSS]);

	// the person with the payload as a name, on their own pages
	let ctx = await newContext({ bypassCSP: true });
	try {
		const page = await ctx.newPage();
		await logIn(page, { email, password });
		await inert(page, '/staff/pavb/', true);
		await inert(page, '/staff/pavb/?lang=en', true);
		const prof = await page.locator('header.top a[href="/profile"]').count();
		if (prof) {
			try {
				await inert(page, '/profile', true);
			} catch (e) {
				if (!(e instanceof PageMissing)) throw e;
			}
		}
	} finally {
		await ctx.close();
	}
	// the installation administrator: every staff page, the new institution
	ctx = await newContext({ bypassCSP: true });
	try {
		const page = await ctx.newPage();
		await logIn(page, login('SUPERADMIN', '*'));
		await inert(page, '/staff', true);
		await inert(page, '/staff/xss-biblioteka/', true);
		for (const u of await staffPages()) await inert(page, u, false);
		// pages that list people: each link that names the payload person
		for (const u of await staffPages()) {
			await open(page, u);
			const hrefs = await page.locator('main a[href]', { hasText: '<img src=x' }).evaluateAll(
				(as) => as.map((a) => a.getAttribute('href')));
			for (const h of hrefs.slice(0, 3)) if (h.startsWith('/')) await inert(page, h, true);
		}
		await shot(page, 'f-xss-staff');
	} finally {
		await ctx.close();
	}
	// visitors
	ctx = await newContext({ bypassCSP: true });
	try {
		const page = await ctx.newPage();
		for (const u of ['/', '/?lang=en', '/pavb/', '/xss-biblioteka/', '/xss-biblioteka/?lang=en'])
			await inert(page, u, true);
		await shot(page, 'f-xss-public');
	} finally {
		await ctx.close();
	}
});

/* ---- capability families ------------------------------------------------ */
/* Each page family keeps its browser tests in tests/e2e/t-FAMILY.mjs
 * (registered with test() from lib.mjs when imported); they run after
 * the platform tests above, in file-name order. */
{
	const { readdirSync } = await import('node:fs');
	const here = new URL('.', import.meta.url);
	for (const f of readdirSync(here).filter((n) => /^t-[a-z0-9-]+\.mjs$/.test(n)).sort())
		await import(new URL(f, here).href);
}

/* ---- go ----------------------------------------------------------------- */
let ok = false;
try {
	await startBrowser();
	ok = await run(WAITING);
} catch (e) {
	console.log(`FAIL e2e-harness: ${e.message}`);
	console.log(e.stack);
} finally {
	await stopBrowser().catch(() => {});
}
process.exit(ok ? 0 : 1);
