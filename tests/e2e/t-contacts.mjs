// t-contacts.mjs -- contacts (C6) in the browser: the PR specialist of the
// demo imports a CSV of journalists, sees the rejected rows, builds a list
// and logs a call; axe (WCAG 2.1 AA) on each page on the way.
import { test, login, open, submit, shot, axe, describeViolations, check, eq, newContext, logIn, pathOf } from './lib.mjs';

async function axeOk(page, name) {
	const vs = await axe(page);
	check(vs.length === 0, describeViolations(page.url(), vs));
	await shot(page, name);
}

test('e2e-contacts-import-list-call', async () => {
	const ctx = await newContext();
	const page = await ctx.newPage();
	try {
		await logIn(page, login('PR'));
		await open(page, '/staff/pavb/contacts');
		await axeOk(page, 'contacts-list');
		check(await page.locator('main table.data tbody tr').count() >= 8, 'the demo contacts are not listed');

		await open(page, '/staff/pavb/contacts/import');
		await axeOk(page, 'contacts-import');
		const csv = '\ufeffVardas;Pavardė;El. paštas;Telefonas;Žymos\r\n' +
			'Gabija;Naujokaitė;gabija@sekunde.demo;8 612 55555;žiniasklaida\r\n' +
			'Rūta;Vaitkevičienė;RUTA.V@SEKUNDE.DEMO;;\r\n' +       // duplicate of a demo journalist
			';Bevardis;x@y.lt;;\r\n' +                             // no first name
			'Paulius;Klaidingas;ne-adresas;;\r\n';                  // bad e-mail
		await page.setInputFiles('#f-file', { name: 'zurnalistai.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
		await submit(page, 'main form button[type="submit"]');
		await axeOk(page, 'contacts-import-preview');
		eq(await page.locator('tr.row-error').count(), 2, 'rejected rows');
		eq(await page.locator('tr.row-duplicate').count(), 1, 'duplicate rows');
		await submit(page, 'main form.stack button[type="submit"]');
		eq(pathOf(page), '/staff/pavb/contacts', 'after the import');
		check(await page.locator('main').getByText('Naujokaitė', { exact: false }).count() > 0, 'imported person missing');

		await open(page, '/staff/pavb/contacts/lists');
		await axeOk(page, 'contacts-lists');
		await page.fill('#f-name', 'Kultūros žurnalistai');
		await submit(page, 'main form.stack button[type="submit"]');
		check(/\/contacts\/lists\/\d+$/.test(pathOf(page)), `not on the new list: ${pathOf(page)}`);
		const opt = page.locator('#f-person option', { hasText: 'Naujokaitė' });
		await page.selectOption('#f-person', await opt.getAttribute('value'));
		await submit(page, 'main form.stack button[type="submit"]');
		check(await page.locator('main table.data').getByText('Naujokaitė').count() === 1, 'member not on the list');
		await axeOk(page, 'contacts-list-detail');

		await page.locator('main table.data a', { hasText: 'Naujokaitė' }).click();
		await page.waitForLoadState('load');
		await axeOk(page, 'contacts-person');
		await page.selectOption('#f-kind', 'call');
		await page.fill('#f-summary', 'Pakviesta į Bitės premijos įteikimą.');
		await submit(page, 'form[action$="/interactions"] button[type="submit"]');
		check(await page.locator('main table.data').getByText('Pakviesta į Bitės premijos įteikimą.').count() === 1,
		      'the call is not shown');

		await open(page, '/staff/pavb/contacts/review');
		await axeOk(page, 'contacts-review');
		await open(page, '/staff/pavb/contacts/new');
		await axeOk(page, 'contacts-new');
		await open(page, '/staff/pavb/contacts/orgs?kind=media');
		await axeOk(page, 'contacts-orgs');
		check(await page.locator('main table.data').getByText('Panevėžio balsas').count() === 1, 'demo outlet missing');
		await page.locator('main table.data a', { hasText: 'Panevėžio balsas' }).click();
		await page.waitForLoadState('load');
		await axeOk(page, 'contacts-org');
		await open(page, '/staff/pavb/contacts/orgs/new');
		await axeOk(page, 'contacts-org-new');
		await open(page, '/staff/pavb/contacts/requests');
		await page.selectOption('#f-kind', 'erasure');
		await submit(page, 'main form.stack button[type="submit"]');
		eq(await page.locator('main table.data tbody tr').count(), 1, 'registered requests');
		await axeOk(page, 'contacts-requests');
	} finally {
		await ctx.close();
	}
});
