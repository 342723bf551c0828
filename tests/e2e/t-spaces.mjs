// t-spaces.mjs -- browser tests of spaces and bookings (C9) and the
// homestead visits (C10), on the demo data: a staff member books a room
// and sees the conflict with the booking already there; a rental
// request goes from the public form (no login, no JavaScript needed) to
// an approved booking in the queue. axe (WCAG 2.1 AA) on every page.
import { login, check, eq, test, newContext, open, submit, logIn, shot, axe, describeViolations, pathOf } from './lib.mjs';

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

test('e2e-spaces-book-conflict', async () => {
	const ctx = await newContext();
	const page = await ctx.newPage();
	try {
		await logIn(page, login('RENT'));
		for (const url of ['/staff/pavb/spaces', '/staff/pavb/spaces/new', '/staff/pavb/bookings']) {
			await open(page, url);
			await axeOk(page, url);
			await shot(page, 'spaces' + url.replace(/\//g, '-'));
		}
		check((await page.locator('main').innerText()).includes('Muzikos erdvė') ||
		      (await page.locator('#f-space').innerText()).includes('Muzikos erdvė'), 'the demo spaces are listed');
		const day = futureWeekday(63, 3);
		const title = `Repeticija ${Date.now()}`;
		await open(page, '/staff/pavb/bookings/new');
		await axeOk(page, '/staff/pavb/bookings/new');
		await page.selectOption('#f-space_id', { label: 'Muzikos erdvė' });
		await page.fill('#f-title', title);
		await page.fill('#f-date', day);
		await page.fill('#f-from', '10:00');
		await page.fill('#f-to', '12:00');
		await submit(page, 'main form.stack button[type="submit"]');
		check(pathOf(page) === '/staff/pavb/bookings', `after booking: ${page.url()}`);
		check((await page.locator('main').innerText()).includes(title), 'the week view shows the new booking');
		await axeOk(page, page.url());

		// the same room, overlapping: the form comes back naming the first booking
		await open(page, '/staff/pavb/bookings/new');
		await page.selectOption('#f-space_id', { label: 'Muzikos erdvė' });
		await page.fill('#f-title', 'Antra repeticija');
		await page.fill('#f-date', day);
		await page.fill('#f-from', '11:00');
		await page.fill('#f-to', '13:00');
		const resp = await submit(page, 'main form.stack button[type="submit"]');
		eq(resp.status(), 409, 'conflict status');
		const err = await page.locator('#e-from').innerText();
		check(err.includes(title) && err.includes('10:00') && err.includes('12:00'), `conflict message: ${err}`);
		check(await page.locator('#f-from').getAttribute('aria-invalid') === 'true', 'the field is marked invalid');
		await axeOk(page, 'booking conflict');
		await shot(page, 'spaces-booking-conflict');
	} finally {
		await ctx.close();
	}
});

test('e2e-spaces-rental-request', async () => {
	const pub = await newContext();
	const page = await pub.newPage();
	const org = `Asociacija ${Date.now()}`;
	try {
		await open(page, '/pavb/rent');
		await axeOk(page, '/pavb/rent');
		await shot(page, 'spaces-rent-list');
		const card = page.locator('section.card', { hasText: 'Konferencijų salė' });
		await submit(page, card.locator('a.button'));
		await axeOk(page, page.url());
		// an empty form first: field-level errors, still accessible
		await page.locator('#f-name').evaluate((el) => el.form.setAttribute('novalidate', ''));
		const bad = await submit(page, 'main form.stack button[type="submit"]');
		eq(bad.status(), 422, 'empty form');
		check(await page.locator('#e-consent').count() === 1, 'consent error shown');
		await axeOk(page, 'rental form with errors');
		await shot(page, 'spaces-rent-errors');
		await page.fill('#f-name', 'Ona Onaitė');
		await page.fill('#f-organisation', org);
		await page.fill('#f-email', 'ona@example.lt');
		await page.fill('#f-phone', '+370 600 00000');
		await page.fill('#f-purpose', 'Seminaras');
		await page.fill('#f-date', futureWeekday(70, 2));
		await page.fill('#f-from', '10:00');
		await page.fill('#f-to', '13:00');
		await page.fill('#f-attendees', '30');
		await page.check('#f-consent');
		await submit(page, 'main form.stack button[type="submit"]');
		const done = await page.locator('main').innerText();
		// 3 h x 45,00 = 135,00 + 21 % = 163,35
		check(done.includes('135,00') && done.includes('163,35'), `price on the confirmation: ${done}`);
		await axeOk(page, 'rental confirmation');
		await shot(page, 'spaces-rent-sent');
	} finally {
		await pub.close();
	}

	const ctx = await newContext();
	const staff = await ctx.newPage();
	try {
		await logIn(staff, login('RENT'));
		await open(staff, '/staff/pavb/bookings/queue');
		await axeOk(staff, '/staff/pavb/bookings/queue');
		await shot(staff, 'spaces-queue');
		const req = staff.locator('section.request', { hasText: org });
		eq(await req.count(), 1, 'the request is in the queue');
		await submit(staff, req.locator('button[value="approve"]'));
		eq(await staff.locator('section.request', { hasText: org }).count(), 0, 'approved: gone from the queue');
	} finally {
		await ctx.close();
	}
});

test('e2e-spaces-homestead', async () => {
	const ctx = await newContext();
	const page = await ctx.newPage();
	try {
		await logIn(page, login('SITE'));
		await open(page, '/staff/pavb/homestead');
		await axeOk(page, '/staff/pavb/homestead');
		await page.selectOption('#f-kind', 'group');
		await page.fill('#f-group_name', 'Krekenavos gimnazija');
		await page.fill('#f-visitors', '24');
		await submit(page, 'main form.stack button[type="submit"]');
		check((await page.locator('main').innerText()).includes('Krekenavos gimnazija'), 'the visit is in the table');
		await axeOk(page, 'homestead after a visit');
		await shot(page, 'spaces-homestead');
	} finally {
		await ctx.close();
	}
});
