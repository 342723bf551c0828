// Search across everything (X7): a staff member types a place name
// without diacritics in an inflected form and finds the occasion; the
// page passes axe.
import { test, login, logIn, open, submit, shot, axe, describeViolations, check, newContext } from './lib.mjs';

test('e2e-search-panevezio', async () => {
	const ctx = await newContext();
	const page = await ctx.newPage();
	try {
		await logIn(page, login('EVENT'));
		await open(page, '/staff/pavb/');
		const nav = page.locator('nav a[href="/staff/pavb/search"]');
		check(await nav.count() > 0, 'the navigation has a Search link');
		await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), nav.first().click()]);
		let vs = await axe(page);
		check(vs.length === 0, describeViolations('/staff/pavb/search', vs));
		await page.fill('#f-q', 'panevezio');
		await submit(page, 'form[role="search"] button[type="submit"]');
		const items = page.locator('ol.search-results > li');
		check(await items.count() > 0, 'results listed');
		const titles = await items.locator('h3').allInnerTexts();
		check(titles.some((t) => t.includes('Panevėžio apskrities Gabrielės Petkevičaitės-Bitės viešoji biblioteka')),
			`the founding anniversary is found: ${JSON.stringify(titles)}`);
		const marks = await page.locator('ol.search-results mark').allInnerTexts();
		check(marks.includes('Panevėžio'), `the inflected form is highlighted: ${JSON.stringify(marks)}`);
		vs = await axe(page);
		check(vs.length === 0, describeViolations('/staff/pavb/search?q=panevezio', vs));
		await shot(page, 'search-results');
		await page.fill('#f-q', '"unbalanced NEAR * -');
		await submit(page, 'form[role="search"] button[type="submit"]');
		check(await page.locator('h1').innerText() !== '', 'odd input gives a page');
		vs = await axe(page);
		check(vs.length === 0, describeViolations('/staff/pavb/search (no results)', vs));
	} finally {
		await ctx.close();
	}
});
