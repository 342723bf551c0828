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
	} finally {
		await ctx.close();
	}
});
