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

// A PR specialist types a journalist's surname in the dative, without
// diacritics, narrows the search to contacts and opens the contact.
test('e2e-search-contact', async () => {
	const ctx = await newContext();
	const page = await ctx.newPage();
	try {
		await logIn(page, login('PR'));
		await open(page, '/staff/pavb/');
		const nav = page.locator('nav a[href="/staff/pavb/search"]');
		check(await nav.count() > 0, 'the navigation has a Search link');
		await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), nav.first().click()]);
		for (const label of ['Skyrius', 'Būsena', 'Žyma', 'Laikotarpis'])
			check((await page.locator('main').innerText()).includes(label), `the filter "${label}" is on the page`);
		await page.fill('#f-q', 'vaitkevicienei');
		await page.selectOption('#f-type', 'contact');
		await submit(page, 'form[role="search"] button[type="submit"]');
		const items = page.locator('ol.search-results > li');
		check(await items.count() === 1, `one contact found: ${await items.count()}`);
		const marks = await page.locator('ol.search-results mark').allInnerTexts();
		check(marks.includes('Vaitkevičienė'), `the surname is highlighted: ${JSON.stringify(marks)}`);
		let vs = await axe(page);
		check(vs.length === 0, describeViolations('/staff/pavb/search?q=vaitkevicienei&type=contact', vs));
		await shot(page, 'search-contact');
		const link = items.first().locator('h3 a');
		check(/^\/staff\/pavb\/contacts\/\d+$/.test(await link.getAttribute('href')), 'links to the contact page');
		await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), link.click()]);
		const h1 = await page.locator('h1').innerText();
		check(h1.includes('Vaitkevičienė'), `the contact page opens: ${h1}`);
		vs = await axe(page);
		check(vs.length === 0, describeViolations(page.url(), vs));
	} finally {
		await ctx.close();
	}
});
