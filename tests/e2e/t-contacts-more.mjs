// t-contacts-more.mjs -- the PR specialist's flow across the contact base
// (C6): imports a CSV of journalists, fixes the rows it rejected and
// imports them again, builds a list, logs a call, registers an
// information request; then a media visit the head approves and the
// specialist confirms, a press conference inviting the list, the
// retention review, consents and foreign partners. axe (WCAG 2.1 AA) on
// every page of contacts_more.
import { test, login, open, submit, shot, axe, describeViolations, check, eq, newContext, logIn, pathOf } from './lib.mjs';

async function axeOk(page, name) {
	const vs = await axe(page);
	check(vs.length === 0, describeViolations(page.url(), vs));
	await shot(page, name);
}

async function upload(page, name, text) {
	await open(page, '/staff/pavb/contacts/import');
	await page.setInputFiles('#f-file', { name, mimeType: 'text/csv', buffer: Buffer.from(text, 'utf8') });
	await submit(page, 'main form button[type="submit"]');
}

test('e2e-contacts-pr-flow', async () => {
	const ctx = await newContext();
	const page = await ctx.newPage();
	const head = await (await newContext()).newPage();
	try {
		await logIn(page, login('PR'));
		// 1. import: two rows rejected
		const head1 = '\ufeffVardas;Pavardė;El. paštas;Telefonas;Žymos\r\n';
		await upload(page, 'zurnalistai.csv', head1 +
			'Gintarė;Pranaitytė;gintare@auksta.demo;8 612 44444;žiniasklaida\r\n' +
			';Kairys;kairys@auksta.demo;;žiniasklaida\r\n' +                // no first name
			'Marius;Dešinys;ne-adresas;;žiniasklaida\r\n');                   // bad e-mail
		eq(await page.locator('tr.row-error').count(), 2, 'rejected rows');
		await submit(page, 'main form.stack button[type="submit"]');
		// 2. the specialist fixes the two rows and imports them
		await upload(page, 'pataisyta.csv', head1 +
			'Jonas;Kairys;kairys@auksta.demo;;žiniasklaida\r\n' +
			'Marius;Dešinys;marius@auksta.demo;;žiniasklaida\r\n');
		eq(await page.locator('tr.row-error').count(), 0, 'rows still rejected after the fix');
		await submit(page, 'main form.stack button[type="submit"]');
		eq(pathOf(page), '/staff/pavb/contacts', 'after the import');
		for (const n of ['Pranaitytė', 'Kairys', 'Dešinys'])
			check(await page.locator('main table.data').getByText(n, { exact: false }).count() > 0, `${n} not imported`);

		// 3. a list
		await open(page, '/staff/pavb/contacts/lists');
		await page.fill('#f-name', 'Aukštaitijos žurnalistai');
		await submit(page, 'main form.stack button[type="submit"]');
		for (const n of ['Pranaitytė', 'Kairys', 'Dešinys']) {
			const opt = page.locator('#f-person option', { hasText: n });
			await page.selectOption('#f-person', await opt.getAttribute('value'));
			await submit(page, 'main form.stack button[type="submit"]');
		}
		eq(await page.locator('main table.data tbody tr').count(), 3, 'list members');

		// 4. a call on the person page
		await page.locator('main table.data a', { hasText: 'Pranaitytė' }).click();
		await page.waitForLoadState('load');
		const personUrl = pathOf(page);
		await page.selectOption('#f-kind', 'call');
		await page.fill('#f-summary', 'Paskambino dėl interviu apie Bitės premiją.');
		await submit(page, 'form[action$="/interactions"] button[type="submit"]');
		check(await page.locator('main table.data').getByText('Paskambino dėl interviu').count() === 1, 'the call is not shown');

		// 5. an information request from her
		await open(page, '/staff/pavb/contacts/info-requests');
		await axeOk(page, 'cm-info-requests');
		const opt = page.locator('#f-person option', { hasText: 'Pranaitytė' });
		await page.selectOption('#f-person', await opt.getAttribute('value'));
		await page.selectOption('#f-regime', 'media');
		await page.fill('#f-subject', 'Kiek skaitytojų apsilankė per Bibliotekų savaitę?');
		await submit(page, 'main form[action$="/info-requests"] button[type="submit"]');
		check(/\/info-requests\/\d+$/.test(pathOf(page)), `not on the request: ${pathOf(page)}`);
		await axeOk(page, 'cm-info-request');
		await open(page, '/staff/pavb/contacts/info-requests');
		check(await page.locator('main table.data').getByText('Pranaitytė', { exact: false }).count() > 0, 'request not listed');
		await open(page, personUrl);
		check(await page.locator('main table.data').getByText('Bibliotekų savaitę', { exact: false }).count() === 1,
		      'the request is not on the person page');

		// 6. a media visit: requested by PR, approved by HEAD, confirmed by PR
		await open(page, '/staff/pavb/contacts/visits');
		await axeOk(page, 'cm-visits');
		await open(page, '/staff/pavb/contacts/visits/new');
		await axeOk(page, 'cm-visit-new');
		const label = page.locator('main fieldset label', { hasText: 'Pranaitytė' });
		await page.check('#' + await label.getAttribute('for'));
		await page.selectOption('#f-purpose', 'filming');
		await page.fill('#f-visit_date', '2027-03-10');
		const space = await page.locator('#f-space option').nth(1).getAttribute('value');
		await page.selectOption('#f-space', space);
		await page.fill('#f-areas', 'Vaikų literatūros skyrius');
		await submit(page, 'main form.stack button[type="submit"]');
		const visitUrl = pathOf(page);
		check(/\/visits\/\d+$/.test(visitUrl), `not on the visit: ${visitUrl}`);
		await axeOk(page, 'cm-visit');
		eq(await page.locator('form[action$="/confirm"]').count(), 0, 'confirmable before the approval');
		await logIn(head, login('HEAD'));
		await open(head, visitUrl);
		await submit(head, 'button[name="decision"][value="approve"]');
		await open(page, visitUrl);
		await submit(page, 'form[action$="/confirm"] button[type="submit"]');
		check(await page.locator('.tag.mv-confirmed').count() === 1, 'the visit is not confirmed');
		await open(page, '/staff/pavb/calendar?month=2027-03');
		check(await page.locator('main').getByText('Žiniasklaidos vizitas', { exact: false }).count() > 0,
		      'the visit is not on the calendar');

		// 7. a press conference inviting the list
		await open(page, '/staff/pavb/contacts/press');
		await axeOk(page, 'cm-press');
		await page.fill('#f-title', 'Bitės premijos laureato paskelbimas');
		await page.fill('#f-on_date', '2027-02-01');
		await submit(page, 'main form.stack button[type="submit"]');
		const lopt = page.locator('#f-list option', { hasText: 'Aukštaitijos žurnalistai' });
		await page.selectOption('#f-list', await lopt.getAttribute('value'));
		await submit(page, 'form[action$="/invite"] button[type="submit"]');
		eq(await page.locator('main table.data tbody tr').count(), 3, 'invitees');
		await axeOk(page, 'cm-press-detail');

		// 8. the GDPR pages
		await open(page, '/staff/pavb/contacts/review');
		await axeOk(page, 'cm-review');
		await open(page, personUrl + '/consents');
		await axeOk(page, 'cm-consents');
		await open(page, '/staff/pavb/contacts/partners');
		await axeOk(page, 'cm-partners');
		await open(page, '/staff/pavb/contacts/orgs?country=LT');
		await axeOk(page, 'cm-orgs-country');
		await page.locator('main table.data a').first().click();
		await page.waitForLoadState('load');
		await axeOk(page, 'cm-org-agreement');
		await open(page, '/staff/pavb/');
		check(await page.locator('#dash-ir').count() === 1, 'no information-request panel on the dashboard');
		await axeOk(page, 'cm-dashboard');
	} finally {
		await head.context().close();
		await ctx.close();
	}
});
