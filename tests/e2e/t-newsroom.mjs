// t-newsroom.mjs -- publishing in the browser (C4): the PR specialist
// schedules an approved item on the newsroom from its publishing page,
// sees it in the publications list, looks at the channel registry; a
// journalist reads the public newsroom, an item, the press room and the
// feeds. axe-core (WCAG 2.1 AA) on every page.
import { test, login, open, submit, shot, axe, describeViolations, check, newContext, logIn, pathOf } from './lib.mjs';

async function axeOk(page, name) {
	const vs = await axe(page);
	check(vs.length === 0, describeViolations(page.url(), vs));
	await shot(page, name);
}

function vilniusDate(d) {
	return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Vilnius' }).format(d);
}

test('e2e-newsroom-schedule-and-read', async () => {
	const ctx = await newContext();
	const page = await ctx.newPage();
	await logIn(page, login('PR', 'pavb'));
	await open(page, '/staff/pavb/content?status=approved');
	const first = page.locator('main table a[href*="/staff/pavb/content/"]').first();
	check(await first.count() === 1, 'the demo has an approved item');
	const href = await first.getAttribute('href');
	const id = href.match(/content\/(\d+)/)[1];
	await open(page, `/staff/pavb/content/${id}/publish`);
	await axeOk(page, 'newsroom-publish-page');
	const tomorrow = new Date(Date.now() + 86400_000);
	await page.fill('#f-scheduled_at', vilniusDate(tomorrow));
	await page.fill('#f-time', '09:30');
	await page.check('label:has-text("www.pavb.lt – naujienos")');
	await submit(page, 'button >> text=Suplanuoti');
	check(pathOf(page) === `/staff/pavb/content/${id}/publish`, `after scheduling: ${pathOf(page)}`);
	const table = await page.locator('section[aria-labelledby="h-pubs"] table').textContent();
	check(table.includes('www.pavb.lt – naujienos') && table.includes('Suplanuota') && table.includes('09:30'),
		`the publication is listed: ${table}`);
	await axeOk(page, 'newsroom-publish-scheduled');
	// a time in the past is refused with the field named
	await page.fill('#f-scheduled_at', '2020-01-01');
	await submit(page, 'button >> text=Suplanuoti');
	check((await page.textContent('.error-summary')).includes('praėjo'), 'the past is refused');
	await axeOk(page, 'newsroom-publish-error');
	await open(page, '/staff/pavb/publications');
	check((await page.textContent('main table')).includes('Suplanuota'), 'in the publications list');
	await axeOk(page, 'newsroom-publications');
	await open(page, `/staff/pavb/content/calendar?view=week&date=${vilniusDate(tomorrow)}`);
	const lane = page.locator('table.cc-lanes tr:has(th:has-text("www.pavb.lt – naujienos"))');
	check((await lane.textContent()).includes('09:30'), 'the newsroom lane shows the scheduled item');
	await axeOk(page, 'newsroom-content-calendar-week');
	await open(page, `/staff/pavb/content/calendar?view=month&month=${vilniusDate(tomorrow).slice(0, 7)}`);
	await axeOk(page, 'newsroom-content-calendar-month');
	await open(page, `/staff/pavb/content/calendar?view=list&month=${vilniusDate(tomorrow).slice(0, 7)}`);
	await axeOk(page, 'newsroom-content-calendar-list');
	// move it from the calendar to 10:15
	const form = page.locator(`form.cc-move:has(input[value="09:30"])`).first();
	await form.locator('input[type="time"]').fill('10:15');
	await submit(page, form.locator('button'));
	check(pathOf(page) === '/staff/pavb/content/calendar', `back on the calendar: ${pathOf(page)}`);
	check((await page.textContent('main')).includes('10:15'), 'moved');
	await open(page, '/staff/pavb/channels');
	const reg = await page.textContent('main table');
	for (const name of ['Atviros jaunimo erdvės – Instagram', 'PAVB YouTube', 'Kultūros edukacijos ir literatūros skyrius'])
		check(reg.includes(name), `${name} in the registry`);
	await axeOk(page, 'newsroom-channels');
	await page.click('a:has-text("PAVB YouTube")');
	await page.waitForLoadState('load');
	check((await page.textContent('main')).includes('Administratoriai'), 'the channel page lists administrators');
	await axeOk(page, 'newsroom-channel');
	await ctx.close();

	const v = await newContext();
	const p = await v.newPage();
	await open(p, '/pavb/news');
	check(await p.locator('li.news-item').count() === 20, 'a page of 20 items');
	await axeOk(p, 'newsroom-public-list');
	await p.click('li.news-item h2 a >> nth=0');
	await p.waitForLoadState('load');
	check(/^\/pavb\/news\/[a-z0-9-]+$/.test(pathOf(p)), `an item page: ${pathOf(p)}`);
	await axeOk(p, 'newsroom-public-item');
	await open(p, '/pavb/news?type=press_release');
	await axeOk(p, 'newsroom-public-press-releases');
	await open(p, '/pavb/press');
	check((await p.textContent('main')).includes('Jonas Kazlauskas'), 'the media contacts');
	await axeOk(p, 'newsroom-press-room');
	await open(p, '/pavb/news?lang=en');
	await axeOk(p, 'newsroom-public-list-en');
	const rss = await p.request.get('/pavb/news.rss'.replace(/^/, new URL(p.url()).origin));
	check(rss.ok() && (await rss.text()).includes('<rss version="2.0"'), 'the RSS feed');
	await v.close();
});
