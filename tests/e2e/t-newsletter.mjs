// t-newsletter.mjs -- the newsletter in the browser (C4 workflow 4): a
// visitor subscribes on the public form (without JavaScript's help: a
// plain form), gets the confirmation mail and confirms; the PR
// specialist composes an issue from content blocks, looks at the preview
// and sends a test; the lists, subscribers, settings and media
// distribution pages. axe-core (WCAG 2.1 AA) on every page.
import { test, login, open, submit, shot, axe, describeViolations, check, newContext, logIn, pathOf, mailsTo, until }
	from './lib.mjs';

async function axeOk(page, name) {
	const vs = await axe(page);
	check(vs.length === 0, describeViolations(page.url(), vs));
	await shot(page, name);
}

test('e2e-newsletter-subscribe-compose-test', async () => {
	const v = await newContext();
	const p = await v.newPage();
	const addr = `skaitytoja${Date.now()}@example.lt`;
	await open(p, '/pavb/newsletter');
	await axeOk(p, 'newsletter-public-form');
	check((await p.textContent('main')).includes('Sutikimo teksto versija'), 'the consent text version is shown');
	// no consent ticked: refused, with the field named
	await p.fill('#f-email', addr);
	await p.check('label:has-text("Bibliotekos naujienos")');
	await submit(p, 'button >> text=Užsiprenumeruoti');
	check((await p.textContent('main')).includes('Pažymėkite, kad sutinkate'), 'consent is required');
	await axeOk(p, 'newsletter-public-error');
	await p.fill('#f-salutation', 'Gerbiama Rūta,');
	await p.check('#f-consent');
	await submit(p, 'button >> text=Užsiprenumeruoti');
	check((await p.textContent('h1')).includes('Patikrinkite'), 'check your mailbox');
	await axeOk(p, 'newsletter-public-sent');
	const mail = await until(() => mailsTo(addr).find((b) => b.includes('/newsletter/confirm?t=')), 'the confirmation mail');
	const link = mail.match(/https?:\/\/[^\s]+\/pavb\/newsletter\/confirm\?t=[A-Za-z0-9_-]+/)[0];
	await p.goto(link);
	await axeOk(p, 'newsletter-confirm');
	await submit(p, 'button >> text=Patvirtinti');
	check((await p.textContent('h1')).includes('Prenumerata patvirtinta'), 'confirmed');
	await axeOk(p, 'newsletter-confirmed');
	await v.close();

	const ctx = await newContext();
	const page = await ctx.newPage();
	await logIn(page, login('PR', 'pavb'));
	await open(page, '/staff/pavb/newsletter');
	await axeOk(page, 'newsletter-issues');
	await open(page, '/staff/pavb/newsletter/subscribers');
	check((await page.textContent('main table')).includes(addr), 'the new subscriber is listed');
	await axeOk(page, 'newsletter-subscribers');
	for (const [u, n] of [['/staff/pavb/newsletter/lists', 'newsletter-lists'], ['/staff/pavb/newsletter/settings', 'newsletter-settings'],
		['/staff/pavb/media', 'newsletter-media']]) {
		await open(page, u);
		await axeOk(page, n);
	}
	await open(page, '/staff/pavb/newsletter/issues/new');
	await axeOk(page, 'newsletter-issue-new');
	await page.fill('#f-subject_lt', 'Bandomasis numeris: šventės ir knygų mugė');
	await page.check('label:has-text("Bibliotekos naujienos")');
	const boxes = page.locator('.nl-blocks input.pos');
	check(await boxes.count() >= 2, 'the demo has blocks to choose');
	await boxes.nth(0).fill('2');
	await boxes.nth(1).fill('1');
	const titles = await page.locator('.nl-blocks label').allTextContents();
	await submit(page, 'button >> text=Išsaugoti juodraštį');
	check(/\/staff\/pavb\/newsletter\/issues\/\d+$/.test(pathOf(page)), `after saving: ${pathOf(page)}`);
	const preview = await page.textContent('.mail-preview');
	const t0 = titles[0].replace(/\s*\(.*$/, '').trim(), t1 = titles[1].replace(/\s*\(.*$/, '').trim();
	check(preview.includes('Laba diena,') && preview.indexOf(t1) < preview.indexOf(t0), `the preview in order:\n${preview}`);
	check(preview.includes('Laisvės a. 1') && preview.includes('Atsisakyti prenumeratos'), 'sender and unsubscribe in the preview');
	await axeOk(page, 'newsletter-issue');
	const test_to = `bandymas${Date.now()}@pavb.lt`;
	await page.fill('#f-email', test_to);
	await submit(page, 'button >> text=Siųsti bandomąjį laišką');
	check((await page.textContent('body')).includes(test_to), 'the flash names the test address');
	await axeOk(page, 'newsletter-issue-tested');
	const sent = await until(() => mailsTo(test_to)[0], 'the test message');
	check(sent.includes('Laba diena,') && sent.includes(t0), 'the test message has the blocks');
	await ctx.close();
});
