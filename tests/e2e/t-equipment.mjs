// t-equipment.mjs -- a staff member plans an exhibition in the browser
// (C8/C9): creates a recurring (weekly) exhibition, adds a provisioning
// task, books a room with equipment for every date from the event page,
// then tries a second event in the same room and slot and is shown the
// conflict with the booking in the way. The equipment list and the
// occupancy report are checked too; axe-core (WCAG 2.1 AA) on every page.
import { test, login, open, submit, shot, axe, describeViolations, check, newContext, logIn, pathOf } from './lib.mjs';

async function axeOk(page, name) {
	const vs = await axe(page);
	check(vs.length === 0, describeViolations(page.url(), vs));
	await shot(page, name);
}

/* the staff language is a personal setting: the radio on /profile */
async function setProfileLang(page, code) {
	await open(page, '/profile');
	await page.locator(`main input[type="radio"][name="lang"][value="${code}"]`).check();
	const form = page.locator('main form').filter({ has: page.locator('input[name="lang"]') });
	await submit(page, form.locator('button[type="submit"]').first());
	check(await page.locator('main .error-summary').count() === 0, `saving the language ${code} showed errors`);
}

function isoDate(d) {
	const p = (n) => String(n).padStart(2, '0');
	return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/* a Wednesday about eight months ahead, clear of the demo's bookings */
function farWednesday() {
	const d = new Date(Date.now() + 240 * 86400_000);
	while (d.getDay() !== 3) d.setDate(d.getDate() + 1);
	return d;
}

async function newEvent(page, title, date, from, to, rrule) {
	await open(page, '/staff/pavb/events/new');
	await page.fill('#f-title', title);
	await page.selectOption('#f-type', rrule ? 'exhibition' : 'book_presentation');
	await page.fill('#f-start_date', isoDate(date));
	await page.fill('#f-start_time', from);
	await page.fill('#f-end_time', to);
	if (rrule) await page.fill('#f-rrule', rrule);
	await submit(page, 'main form.stack button[type="submit"] >> text=Išsaugoti');
	check(/^\/staff\/pavb\/events\/\d+$/.test(pathOf(page)), `after saving ${title}: ${pathOf(page)}`);
}

test('e2e-staff-exhibition-booking', async () => {
	const ctx = await newContext();
	const page = await ctx.newPage();
	await logIn(page, login('EVENT', 'pavb'));

	await open(page, '/staff/pavb/equipment');
	check((await page.textContent('h1')) === 'Įranga', 'the equipment page in Lithuanian');
	check((await page.textContent('main')).includes('Belaidis mikrofonas'), 'the demo equipment is listed');
	await axeOk(page, 'equipment-list');
	await open(page, '/staff/pavb/equipment/new');
	await axeOk(page, 'equipment-new');
	await open(page, '/staff/pavb/spaces/occupancy');
	check((await page.textContent('h1')).includes('užimtumas'), 'the occupancy page');
	check(await page.locator('table.occupancy tbody tr').count() >= 5, 'one row per space');
	await axeOk(page, 'occupancy');

	const wed = farWednesday();
	const title = 'Paroda „Lino kelias“ ' + Date.now();
	await newEvent(page, title, wed, '10:00', '12:00', 'FREQ=WEEKLY;COUNT=4');
	const eventUrl = pathOf(page);
	await page.selectOption('#f-category', 'projection');
	await page.fill('#f-due_date', isoDate(wed));
	await submit(page, 'button >> text=Pridėti užduotį');
	check((await page.locator('#tasks-h + table').textContent()).includes('Projekcija'), 'the provisioning task is listed');
	check((await page.textContent('#booking-h')) === 'Erdvės rezervavimas', 'the booking section');
	await axeOk(page, 'event-booking-form');

	await page.selectOption('#f-space_id', { label: 'Muzikos erdvė' });
	const mic = page.locator('.eq-qty', { hasText: 'Belaidis mikrofonas' }).locator('input');
	await mic.fill('2');
	await submit(page, 'button >> text=Rezervuoti erdvę');
	check(pathOf(page) === eventUrl, `back on the event page: ${pathOf(page)}`);
	const rows = page.locator('section.event-booking table tbody tr');
	check(await rows.count() === 4, `one booking per weekly date: ${await rows.count()}`);
	check((await rows.first().textContent()).includes('Muzikos erdvė'), 'the room is shown');
	check((await rows.first().textContent()).includes('2 × Belaidis mikrofonas'), 'the equipment is shown');
	await axeOk(page, 'event-booked');

	// the equipment of one of the bookings: add the mobile projector
	await submit(page, rows.first().locator('a'));
	check(/^\/staff\/pavb\/bookings\/\d+\/equipment$/.test(pathOf(page)), `booking equipment page: ${pathOf(page)}`);
	await axeOk(page, 'booking-equipment');
	await page.locator('.eq-qty', { hasText: 'Nešiojamas projektorius' }).locator('input').fill('1');
	await submit(page, 'button >> text=Rezervuoti');
	check((await page.textContent('.flash')).includes('Įranga rezervuota'), 'reserved');
	await open(page, '/staff/pavb/equipment');
	await submit(page, page.locator('table.equipment a', { hasText: 'Nešiojamas projektorius' }));
	check((await page.textContent('#use-h + table')).includes(title), 'the item lists the exhibition');
	await axeOk(page, 'equipment-item');

	// a second event in the same room and slot (the second date of the series)
	const second = new Date(wed.getTime() + 7 * 86400_000);
	const talk = 'Knygos pristatymas ' + Date.now();
	await newEvent(page, talk, second, '10:30', '11:30', '');
	const talkUrl = pathOf(page);
	await page.selectOption('#f-space_id', { label: 'Muzikos erdvė' });
	const resp = await submit(page, 'button >> text=Rezervuoti erdvę');
	check(resp && resp.status() === 409, `conflict answers 409: ${resp && resp.status()}`);
	const msg = await page.textContent('#e-space_id');
	check(msg.includes('Konfliktas su rezervacija') && msg.includes(title) && msg.includes(isoDate(second)),
	      `the conflict names the booking and the date: ${msg}`);
	check(await page.locator('section.event-booking table').count() === 0, 'nothing was booked for the second event');
	await axeOk(page, 'event-booking-conflict');

	// the talk moves to the afternoon and gets the room there
	const save = 'main form.stack:has(#f-start_time) button[type="submit"]';
	await open(page, talkUrl);
	await page.fill('#f-start_time', '13:00');
	await page.fill('#f-end_time', '14:00');
	await submit(page, save);
	check(pathOf(page) === talkUrl, `the talk saved: ${pathOf(page)}`);
	await page.selectOption('#f-space_id', { label: 'Muzikos erdvė' });
	await submit(page, 'button >> text=Rezervuoti erdvę');
	check(await page.locator('section.event-booking table tbody tr').count() === 1, 'the talk has the room');

	// the series' new time would take the room from the talk: refused, naming it and the date
	await open(page, eventUrl);
	await page.fill('#f-start_time', '12:30');
	await page.fill('#f-end_time', '14:30');
	let r = await submit(page, save);
	check(r && r.status() === 422, `a series move into a booking answers 422: ${r && r.status()}`);
	let err = await page.textContent('#e-start_date');
	check(err.includes(talk) && err.includes(isoDate(second)) && err.includes('Niekas neišsaugota'),
	      `the refusal names the booking and the date: ${err}`);
	await axeOk(page, 'event-series-move-conflict');
	// the same refusal for a staff member who works in English (the staff
	// language is the profile's)
	await setProfileLang(page, 'en');
	await open(page, eventUrl);
	check(await page.getAttribute('html', 'lang') === 'en', 'the event page in English');
	await page.fill('#f-start_time', '12:30');
	await page.fill('#f-end_time', '14:30');
	r = await submit(page, save);
	check(r && r.status() === 422, `in English, a series move into a booking answers 422: ${r && r.status()}`);
	err = await page.textContent('#e-start_date');
	check(err.includes('cannot move with the event') && err.includes(talk) && err.includes(isoDate(second)) &&
	      err.includes('Nothing was saved'), `the English refusal names the booking and the date: ${err}`);
	await axeOk(page, 'event-series-move-conflict-en');
	await setProfileLang(page, 'lt');
	// a free time: every date's booking moves with the series
	await open(page, eventUrl);
	await page.fill('#f-start_time', '15:00');
	await page.fill('#f-end_time', '17:00');
	await submit(page, save);
	check(pathOf(page) === eventUrl, `the series saved: ${pathOf(page)}`);
	const moved = page.locator('section.event-booking table tbody tr', { hasText: '15:00' });
	check(await moved.count() === 4, `every date's booking moved to 15:00: ${await moved.count()}`);
	await axeOk(page, 'event-series-moved');

	// a fifth week: booked like the others
	await open(page, eventUrl);
	await page.fill('#f-rrule', 'FREQ=WEEKLY;COUNT=5');
	await submit(page, save);
	check(pathOf(page) === eventUrl, `the longer series saved: ${pathOf(page)}`);
	const five = page.locator('section.event-booking table tbody tr', { hasText: '15:00' });
	check(await five.count() === 5, `the fifth date is booked too: ${await five.count()}`);
	// the room is taken in the sixth week: the series is saved, that date is named and listed
	const sixth = new Date(wed.getTime() + 5 * 7 * 86400_000);
	const late = 'Vakaro skaitymai ' + Date.now();
	await newEvent(page, late, sixth, '15:30', '16:30', '');
	await page.selectOption('#f-space_id', { label: 'Muzikos erdvė' });
	await submit(page, 'button >> text=Rezervuoti erdvę');
	await open(page, eventUrl);
	await page.fill('#f-rrule', 'FREQ=WEEKLY;COUNT=6');
	await submit(page, save);
	check(pathOf(page) === eventUrl, `the series saved with a date unbooked: ${pathOf(page)}`);
	const flash = await page.textContent('.flash');
	check(flash.includes('Renginys išsaugotas') && flash.includes(isoDate(sixth)), `the flash names the date: ${flash}`);
	const note = await page.textContent('section.event-booking .notice');
	check(note.includes('patalpa nerezervuota') && note.includes(isoDate(sixth)), `the booking section lists it: ${note}`);
	check(await five.count() === 5, 'the other dates keep their bookings');
	await axeOk(page, 'event-series-date-unbooked');
	await ctx.close();
});
