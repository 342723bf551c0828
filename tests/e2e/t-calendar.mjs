// t-calendar.mjs -- the staff calendar as the coordinator uses it: the
// month with holidays and bookings, the next month by its link, a space
// filter, the agenda view, the week with events and a type filter;
// axe-core on each.
import { test, login, open, submit, shot, axe, describeViolations, check, newContext, logIn } from './lib.mjs';

test('e2e-calendar-month-and-agenda', async () => {
	const ctx = await newContext();
	try {
		const page = await ctx.newPage();
		await logIn(page, login('COORD'));
		await open(page, '/staff/pavb/calendar?month=2027-02');
		check(await page.locator('table.month td.holiday').count() >= 1, 'no non-working day shaded in February 2027');
		check((await page.locator('table.month').innerText()).includes('Lietuvos valstybės atkūrimo diena'),
		      '16 February is not in the grid');
		let vs = await axe(page);
		check(vs.length === 0, describeViolations('/staff/pavb/calendar (month)', vs));
		await shot(page, 'calendar-month');
		await submit(page, page.locator('nav.pager a[rel="next"]'));
		check(page.url().includes('month=2027-03'), `next month link went to ${page.url()}`);
		await page.selectOption('#f-view', 'agenda');
		await submit(page, 'form.filters button[type="submit"]');
		check(await page.locator('ol.agenda > li').count() > 0, 'the agenda of March 2027 is empty');
		check((await page.locator('ol.agenda').innerText()).includes('Velyk'), 'Easter is not in the March agenda');
		vs = await axe(page);
		check(vs.length === 0, describeViolations('/staff/pavb/calendar (agenda)', vs));
		await shot(page, 'calendar-agenda');
		// this week with the demo's events, then only exhibitions
		await open(page, '/staff/pavb/calendar?view=week');
		check(await page.locator('table.month tbody td').count() === 7, 'the week view is not seven days');
		check(await page.locator('table.month li.ev').count() > 0, 'no events in the demo week');
		vs = await axe(page);
		check(vs.length === 0, describeViolations('/staff/pavb/calendar (week)', vs));
		await shot(page, 'calendar-week');
		await page.selectOption('#f-type', 'exhibition');
		await submit(page, 'form.filters button[type="submit"]');
		check(page.url().includes('type=exhibition') && page.url().includes('view=week'),
		      `the type filter kept the week: ${page.url()}`);
		const titles = await page.locator('table.month li.ev').allInnerTexts();
		check(!titles.some((t) => /Kino klubas|Edukacija/.test(t)), `non-exhibitions after the filter: ${titles}`);
		await submit(page, page.locator('nav.pager a[rel="next"]'));
		check(page.url().includes('date=') && page.url().includes('type=exhibition'), `next week: ${page.url()}`);
	} finally {
		await ctx.close();
	}
});
