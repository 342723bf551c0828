// t-events.mjs -- the events calendar in the browser (C8): an event
// manager creates a recurring exhibition with a provisioning task and
// publishes it; a visitor finds it in the public list, the month grid
// and on its page. axe-core (WCAG 2.1 AA) on every page.
import { test, login, open, submit, shot, axe, describeViolations, check, newContext, logIn, pathOf } from './lib.mjs';

async function axeOk(page, name) {
	const vs = await axe(page);
	check(vs.length === 0, describeViolations(page.url(), vs));
	await shot(page, name);
}

function isoDate(d) {
	return d.toISOString().slice(0, 10);
}

test('e2e-events-staff-and-public', async () => {
	const ctx = await newContext();
	const page = await ctx.newPage();
	const who = login('EVENT', 'pavb');
	await logIn(page, who);
	await open(page, '/staff/pavb/events');
	await axeOk(page, 'events-staff-list');
	await open(page, '/staff/pavb/events/new');
	await axeOk(page, 'events-staff-new');
	const start = new Date(Date.now() + 3 * 86400_000);
	const title = 'Paroda „Šilko juostos“ ' + Date.now();
	await page.fill('#f-title', title);
	await page.selectOption('#f-type', 'exhibition');
	await page.fill('#f-start_date', isoDate(start));
	await page.fill('#f-start_time', '10:00');
	await page.fill('#f-end_time', '18:00');
	await page.fill('#f-rrule', 'FREQ=DAILY;COUNT=5');
	await page.fill('#f-exdates', isoDate(new Date(start.getTime() + 2 * 86400_000)));
	await page.fill('#f-space_name', 'Parodų salė');
	await page.check('#f-photo_notice');
	await submit(page, 'main form.stack button[type="submit"] >> text=Išsaugoti');
	check(/^\/staff\/pavb\/events\/\d+$/.test(pathOf(page)), `after saving: ${pathOf(page)}`);
	const id = pathOf(page).split('/').pop();
	await axeOk(page, 'events-staff-event');
	await page.selectOption('#f-category', 'projection');
	await page.fill('#f-due_date', isoDate(start));
	await submit(page, 'button >> text=Pridėti užduotį');
	check((await page.locator('#tasks-h + table').textContent()).includes('Projekcija'), 'the task is listed');
	for (const st of ['Suplanuotas', 'Patvirtintas', 'Paskelbtas'])
		await submit(page, `button >> text=Perkelti į būseną: ${st}`);
	check((await page.textContent('main')).includes('Dabartinė būsena: Paskelbtas'), 'published');
	await ctx.close();

	const v = await newContext();
	const p = await v.newPage();
	await open(p, '/pavb/events');
	check((await p.textContent('main')).includes(title), 'in the public list');
	await axeOk(p, 'events-public-list');
	await open(p, `/pavb/events?view=month&month=${isoDate(start).slice(0, 7)}`);
	check((await p.locator('table.event-month').textContent()).includes(title), 'in the month grid');
	await axeOk(p, 'events-public-month');
	await open(p, `/pavb/events/${id}`);
	check((await p.textContent('main')).includes('fotografuojamas'), 'photography notice');
	check((await p.textContent('main')).includes('4 kartus'), 'five days minus one exception');
	await axeOk(p, 'events-public-event');
	await open(p, '/pavb/events?network=1');
	await axeOk(p, 'events-public-network');
	await open(p, '/pavb/events/widget');
	await axeOk(p, 'events-public-widget');
	await open(p, `/pavb/events/${id}?lang=en`);
	check((await p.textContent('main')).includes('Photography and filming'), 'English');
	await axeOk(p, 'events-public-event-en');
	await v.close();
});
