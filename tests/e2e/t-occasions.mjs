// Occasions register (issue 3): a staff member proposes an occasion, the
// coordinator sees it in the proposals queue and accepts it, then opens
// the CSV import preview. axe (WCAG 2.1 AA) on every page on the way.
import { test, login, open, submit, shot, axe, describeViolations, check, eq, newContext, logIn } from './lib.mjs';

async function axeOk(page, url) {
	const vs = await axe(page);
	check(vs.length === 0, describeViolations(url, vs));
}

test('e2e-occasions-propose-accept-import', async () => {
	const title = `Pasiūlyta e2e proga ${Date.now() % 100000}`;
	const sctx = await newContext();
	try {
		const page = await sctx.newPage();
		await logIn(page, login('STAFF'));
		await open(page, '/staff/pavb/occasions?year=2026');
		eq((await page.locator('main h1').innerText()).trim(), 'Progos ir renginiai', 'heading');
		check((await page.locator('main').innerText()).includes('Šv. Velykos'), 'Easter in the 2026 agenda');
		await axeOk(page, '/staff/pavb/occasions');
		await shot(page, 'occasions-register-staff');
		await open(page, '/staff/pavb/occasions/new');
		await axeOk(page, '/staff/pavb/occasions/new');
		await page.fill('#f-title_lt', title);
		await page.selectOption('#f-rule', 'date');
		await page.fill('#f-on_date', '2027-02-14');
		await submit(page, 'main form.stack button[type="submit"]');
		eq(new URL(page.url()).pathname, '/staff/pavb/occasions', 'back on the register');
	} finally {
		await sctx.close();
	}
	const cctx = await newContext();
	try {
		const page = await cctx.newPage();
		await logIn(page, login('COORD'));
		await open(page, '/staff/pavb/occasions?year=2027&month=2');
		await axeOk(page, '/staff/pavb/occasions (coordinator)');
		await shot(page, 'occasions-register-coord');
		const row = page.locator('#h-prop ~ table tr', { hasText: title });
		eq(await row.count(), 1, 'the proposal is in the queue');
		await submit(page, row.locator('button', { hasText: 'Priimti' }));
		check((await page.locator('main').innerText()).includes(title), 'accepted: in the February 2027 agenda');
		const edit = page.locator('#h-own ~ table a', { hasText: 'Redaguoti' }).first();
		await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), edit.click()]);
		check(/\/occasions\/\d+\/edit$/.test(new URL(page.url()).pathname), `edit page: ${page.url()}`);
		await axeOk(page, '/staff/pavb/occasions/ID/edit');
		await open(page, '/staff/pavb/occasions/feed');
		await axeOk(page, '/staff/pavb/occasions/feed');
		await submit(page, 'main form button[type="submit"]');
		check(/\/pavb\/occasions\/private\/[A-Za-z0-9_-]+\.ics/.test(await page.locator('#private-link').innerText()), 'private link shown');
		await axeOk(page, '/staff/pavb/occasions/feed/new');
		await open(page, '/staff/pavb/occasions/import');
		await axeOk(page, '/staff/pavb/occasions/import');
		await page.setInputFiles('#f-file', {
			name: 'senos-progos.csv',
			mimeType: 'text/csv',
			buffer: Buffer.from('\ufeffdata;pavadinimas;rūšis\n2027-04-23;Knygos diena Žaliakalnyje;\n2027-02-30;Bloga;custom\n', 'utf8'),
		});
		await submit(page, 'main form.stack button[type="submit"]');
		eq(await page.locator('tr.row-error').count(), 1, 'one bad row in the preview');
		eq(await page.locator('tr.row-ok').count(), 1, 'one good row');
		await axeOk(page, '/staff/pavb/occasions/import (preview)');
		await shot(page, 'occasions-import-preview');
	} finally {
		await cctx.close();
	}
});
