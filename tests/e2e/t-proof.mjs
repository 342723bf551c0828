// t-proof.mjs -- proofing (C3, L5, L8) as the language editor uses it:
// pastes a text with a misspelling, a name hunspell does not know and
// straight quotes, checks it, sees the suggestions, adds the name to the
// institution's dictionary from the result and gets the recheck; the
// dictionary page lists the name. axe-core on every page on the way.
import { test, login, open, submit, shot, axe, describeViolations, check, eq, newContext, logIn } from './lib.mjs';

async function axeClean(page, what) {
	const vs = await axe(page);
	check(vs.length === 0, describeViolations(what, vs));
}

const NAME = 'Bražėnaitės';
const TEXT = `Kviečiame į rengynį — ne, į rengynys, skirtą ${NAME} kūrybai. ` +
	'Susitikimas vyks 2026 m. lapkričio 22 d. 17 val., salėje "Skaitykla". Dalyvaus J. Basanavičius.';

test('e2e-proof-check-and-dictionary', async () => {
	const ctx = await newContext();
	try {
		const page = await ctx.newPage();
		await logIn(page, login('EDITOR'));
		await open(page, '/staff/pavb/proof');
		await axeClean(page, '/staff/pavb/proof');
		check(await page.locator('nav a[href="/staff/pavb/proof"]').count() > 0, 'no "Kalbos tikrinimas" in the menu');
		await page.fill('#f-text', TEXT);
		await submit(page, 'main form.stack .actions button[type="submit"]');
		eq(await page.inputValue('#f-text'), TEXT, 'the text stays in the box');
		const issues = page.locator('ol.proof-issues > li');
		check(await issues.count() >= 6, `only ${await issues.count()} issues`);
		const typo = issues.filter({ hasText: 'rengynys' });
		check(await typo.count() === 1, 'the misspelling is not listed');
		check((await typo.locator('ul.proof-sugg').innerText()).includes('renginys'), 'no "renginys" suggestion');
		check(await page.locator('mark.proof-spelling', { hasText: 'rengynys' }).count() === 1, 'not marked in the text');
		check(await issues.filter({ hasText: '„Skaitykla“' }).count() === 1, 'no „…“ suggestion for the quotes');
		check(await issues.filter({ hasText: '2026' }).count() >= 1, 'no no-break space advice for "2026 m."');
		const name = issues.filter({ hasText: NAME });
		check(await name.count() === 1, `${NAME} is not flagged before it is in the dictionary`);
		await axeClean(page, 'proofing results');
		await shot(page, 'proof-results');

		// add the name from the result: the same text is checked again
		await submit(page, name.locator('button.proof-add'));
		eq(await page.inputValue('#f-text'), TEXT, 'the text stays in the box after adding');
		check(await page.locator('ol.proof-issues > li').filter({ hasText: NAME }).count() === 0,
		      `${NAME} is still flagged after adding it`);
		check(await page.locator('ol.proof-issues > li').filter({ hasText: 'rengynys' }).count() === 1,
		      'the misspelling is gone too');
		await axeClean(page, 'proofing results after adding a word');
		await shot(page, 'proof-recheck');

		await submit(page, page.locator('main a[href="/staff/pavb/proof/dictionary"]'));
		check(await page.locator('table.proof-dict th[scope="row"]', { hasText: NAME }).count() === 1,
		      'the name is not in the dictionary list');
		await axeClean(page, '/staff/pavb/proof/dictionary');
		await shot(page, 'proof-dictionary');

		// the house-style rules of the demo, and one added here, show up in a check
		await open(page, '/staff/pavb/proof/style');
		await axeClean(page, '/staff/pavb/proof/style');
		await page.fill('#f-phrase', 'renginio metu');
		await page.fill('#f-suggestion', 'per renginį');
		await submit(page, 'main form.stack .actions button[type="submit"]');
		check(await page.locator('table.proof-rules th[scope="row"]', { hasText: 'renginio metu' }).count() === 1,
		      'the new rule is not listed');
		await axeClean(page, 'house-style rules after adding one');
		await shot(page, 'proof-style');
		await open(page, '/staff/pavb/proof');
		await page.fill('#f-text', 'Renginio metu pilnai užpildėme salę.');
		await submit(page, 'main form.stack .actions button[type="submit"]');
		const style = page.locator('ol.proof-issues > li').filter({ has: page.locator('.proof-tag-style') });
		eq(await style.count(), 2, 'house-style issues');
		check((await style.first().innerText()).includes('Per renginį'), 'no "Per renginį" suggestion');
		check((await style.nth(1).innerText()).includes('visiškai'), 'no "visiškai" from the demo rule');
		await axeClean(page, 'proofing results with house-style issues');
	} finally {
		await ctx.close();
	}
});
