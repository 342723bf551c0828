// t-registration.mjs -- browser tests of event registration (C8, S8) on
// the demo data: a visitor finds an upcoming event with places left,
// registers on its public page (no login, no JavaScript needed), gets the
// confirmation mail with the secret link, opens it and cancels; the
// staff registrations page shows the cancelled registration. A full
// event shows its waiting list. axe (WCAG 2.1 AA) on every page.
import { login, check, test, newContext, open, submit, logIn, shot, axe, describeViolations, mailsTo, until } from './lib.mjs';

/* The page does not scroll sideways in a 360 px window. */
async function fits360(page, url) {
	await page.setViewportSize({ width: 360, height: 740 });
	const o = await page.evaluate(() => ({ w: document.documentElement.scrollWidth, c: document.documentElement.clientWidth }));
	check(o.w <= o.c, `${url}: ${o.w}px wide in a ${o.c}px window`);
	await page.setViewportSize({ width: 1280, height: 800 });
}

async function axeOk(page, url) {
	const vs = await axe(page);
	check(vs.length === 0, describeViolations(url, vs));
}

/* The public pages of upcoming PAVB events with a registration form. */
async function eventsWithForm(page) {
	await open(page, '/pavb/events');
	const hrefs = [...new Set(await page.locator('main a[href^="/pavb/events/"]').evaluateAll(
		(as) => as.map((a) => a.getAttribute('href')).filter((h) => /^\/pavb\/events\/\d+$/.test(h))))];
	const open_ = [], full = [], multi = [];
	for (const h of hrefs.slice(0, 40)) {
		await open(page, h);
		if (await page.locator('form.reg-form').count() === 0) continue;
		if (await page.locator('select#f-occurs_at').count()) {
			multi.push(h);
			continue;
		}
		const text = await page.locator('.reg-block').innerText();
		(text.includes('Vietų nebėra') ? full : open_).push(h);
		if (open_.length && full.length && multi.length) break;
	}
	return { open_, full, multi };
}

test('e2e-registration-visitor', async () => {
	const ctx = await newContext();
	const page = await ctx.newPage();
	try {
		const { open_, full, multi } = await eventsWithForm(page);
		check(open_.length > 0, 'the demo has an upcoming event taking registrations');
		const url = open_[0];
		const eventId = url.split('/').pop();
		await open(page, url);
		await axeOk(page, url);
		await fits360(page, url);
		await shot(page, 'registration-event-page');

		const who = `lankytoja.${Date.now()}@example.org`;
		await page.fill('#f-name', 'Lina Lankytoja');
		await page.fill('#f-email', who);
		await page.fill('#f-places', '2');
		await page.check('#f-consent');
		if (await page.locator('#f-photo_ack').count()) await page.check('#f-photo_ack');
		await submit(page, 'form.reg-form button[type="submit"]');
		const h1 = await page.locator('h1').innerText();
		check(h1.includes('Jūs užsiregistravote'), `after registering: ${h1}`);
		await axeOk(page, 'registration done');
		await shot(page, 'registration-done');
		const onPage = await page.locator('main a[href*="/registration/"]').getAttribute('href');

		// the confirmation mail has the same secret link
		const mails = await until(() => { const m = mailsTo(who); return m.length ? m : null; }, 'the confirmation mail');
		const m = mails[0].match(/\/pavb\/events\/\d+\/registration\/[A-Za-z0-9_-]{20,}/);
		check(m && m[0] === onPage, `the link in the mail: ${mails[0]}`);
		check(mails[0].includes('2 vietos') && mails[0].includes('Lina Lankytoja'), `the mail: ${mails[0]}`);

		await open(page, m[0]);
		await axeOk(page, 'my registration');
		await fits360(page, 'my registration');
		check((await page.locator('main').innerText()).includes('Vieta patvirtinta'), 'confirmed');
		await shot(page, 'registration-mine');
		await submit(page, 'main form[action$="/cancel"] button[type="submit"]');
		const text = await page.locator('main').innerText();
		check(text.includes('Jūsų registracija atšaukta') && text.includes('Registracija atšaukta'), `after cancel: ${text}`);
		check(await page.locator('main form[action$="/cancel"]').count() === 0, 'nothing more to cancel');
		await axeOk(page, 'registration cancelled');

		// a full event: the waiting list on the page
		if (full.length) {
			await open(page, full[0]);
			check((await page.locator('.reg-block').innerText()).includes('laukiančiųjų sąraš'), 'the waiting list is told');
			await axeOk(page, full[0]);
			await shot(page, 'registration-full-event');
		}

		// a recurring event: the visitor chooses the date
		check(multi.length > 0, 'the demo has a recurring event taking registrations');
		await open(page, multi[0]);
		check(await page.locator('select#f-occurs_at option').count() > 1, 'several dates to choose from');
		await axeOk(page, multi[0]);
		await fits360(page, multi[0]);
		await shot(page, 'registration-recurring');

		// staff see it
		const sctx = await newContext();
		const sp = await sctx.newPage();
		try {
			await logIn(sp, login('EVENT'));
			const surl = `/staff/pavb/events/${eventId}/registrations`;
			await open(sp, surl);
			await axeOk(sp, surl);
			await fits360(sp, surl);
			await shot(sp, 'registration-staff');
			const st = await sp.locator('main').innerText();
			check(st.includes('Lina Lankytoja') && st.includes(who), 'the registration is listed');
			const row = sp.locator('tr', { hasText: who });
			check((await row.innerText()).includes('Registracija atšaukta'), 'listed as cancelled');
		} finally {
			await sctx.close();
		}
	} finally {
		await ctx.close();
	}
});
