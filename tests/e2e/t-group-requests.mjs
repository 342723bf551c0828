// t-group-requests.mjs -- browser test of excursion and delegation
// requests (C8): a visitor sends the public form (no login; first empty,
// to see the field errors), staff accept it with a guide and a room, the
// requester gets the confirmation mail. axe (WCAG 2.1 AA) on every page.
import { login, check, eq, test, newContext, open, submit, logIn, shot, axe, describeViolations, pathOf, mailsTo,
	until } from './lib.mjs';

async function axeOk(page, url) {
	const vs = await axe(page);
	check(vs.length === 0, describeViolations(url, vs));
}

/* A weekday about two months ahead: past the demo's bookings. */
function futureWeekday(days, weekday) {
	const d = new Date(Date.now() + days * 86400000);
	while (d.getUTCDay() !== weekday) d.setUTCDate(d.getUTCDate() + 1);
	return d.toISOString().slice(0, 10);
}

test('e2e-group-request-flow', async () => {
	const pub = await newContext();
	const page = await pub.newPage();
	const group = `Utenos gimnazija ${Date.now()}`;
	const mail = `mokytoja${Date.now()}@example.lt`;
	const day = futureWeekday(75, 4);
	let id;
	try {
		await open(page, '/pavb/');
		const link = page.locator('a[href="/pavb/visits/request"]');
		check(await link.count() >= 1, 'the public page links the request form');
		await submit(page, link.first());
		check(pathOf(page) === '/pavb/visits/request', `form: ${page.url()}`);
		await axeOk(page, '/pavb/visits/request');
		await shot(page, 'group-requests-form');
		await page.locator('#f-group_name').evaluate((el) => el.form.setAttribute('novalidate', ''));
		const bad = await submit(page, 'main form.stack button[type="submit"]');
		eq(bad.status(), 422, 'empty form');
		for (const f of ['group_name', 'group_size', 'pref1_date', 'consent'])
			check(await page.locator(`#e-${f}`).count() === 1, `error on ${f}`);
		await axeOk(page, 'request form with errors');
		await shot(page, 'group-requests-errors');
		await page.selectOption('#f-kind', 'excursion');
		await page.fill('#f-group_name', group);
		await page.fill('#f-group_size', '28');
		await page.selectOption('#f-audience', 'secondary');
		await page.selectOption('#f-language', 'lt');
		await page.fill('#f-topic', 'Bibliotekos istorija');
		await page.fill('#f-pref1_date', day);
		await page.fill('#f-pref1_time', '10:00');
		await page.fill('#f-contact_name', 'Daiva Mokytoja');
		await page.fill('#f-email', mail);
		await page.fill('#f-phone', '+370 611 11111');
		await page.check('#f-consent');
		const ok = await submit(page, 'main form.stack button[type="submit"]');
		eq(ok.status(), 200, 'sent');
		const done = await page.locator('main').innerText();
		const m = done.match(/Prašymo numeris\s+(\d+)/);
		check(m, `request number on the thank-you page: ${done}`);
		id = m[1];
		await axeOk(page, 'request sent');
		await shot(page, 'group-requests-sent');
	} finally {
		await pub.close();
	}

	const ctx = await newContext();
	const staff = await ctx.newPage();
	try {
		await logIn(staff, login('EVENT'));
		await open(staff, '/staff/pavb/visits');
		await axeOk(staff, '/staff/pavb/visits');
		await shot(staff, 'group-requests-queue');
		const row = staff.locator('tr', { hasText: group });
		eq(await row.count(), 1, 'the request is in the queue');
		await submit(staff, row.locator('a'));
		check(pathOf(staff) === `/staff/pavb/visits/${id}`, `detail: ${staff.url()}`);
		await axeOk(staff, 'request detail');
		await shot(staff, 'group-requests-detail');
		await staff.selectOption('#f-guide_id', { index: 1 });
		const guide = (await staff.locator('#f-guide_id option:checked').innerText()).trim();
		await staff.selectOption('#f-space_id', { label: 'Konferencijų salė' });
		await staff.fill('#f-duration_min', '90');
		await staff.check('#f-create_event');
		await submit(staff, 'form[action$="/accept"] button[type="submit"]');
		check(pathOf(staff) === `/staff/pavb/visits/${id}`, `after accepting: ${staff.url()}`);
		const text = await staff.locator('main').innerText();
		check(text.includes('Priimtas') && text.includes('Konferencijų salė') && text.includes(guide),
			`accepted with the guide and the room: ${text}`);
		await axeOk(staff, 'accepted request');
		await shot(staff, 'group-requests-accepted');
		const body = await until(() => mailsTo(mail).find((b) => b.includes('Konferencijų salė')), 'the confirmation mail');
		check(body.includes(guide) && body.includes('10:00'), `confirmation mail: ${body}`);
		await open(staff, `/staff/pavb/bookings?week=${day}`);
		check((await staff.locator('main').innerText()).includes(group), 'the room is booked for the visit');
	} finally {
		await ctx.close();
	}
});
