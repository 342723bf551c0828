// t-content.mjs -- a press release through the editorial workflow (C3), as
// people click it: the PR specialist starts "Naujas tekstas" from the
// press-release template (the template's {{event.title}} needs an event,
// so the first save shows a field error), saves twice more, compares the
// versions, submits it to language review; the language editor passes
// it ("Pataisyta"), the head approves it. axe-core on every page.
import { test, login, open, submit, shot, axe, describeViolations, check, newContext, logIn } from './lib.mjs';

async function axeClean(page, what) {
	const vs = await axe(page);
	check(vs.length === 0, describeViolations(what, vs));
}

test('e2e-content-press-release-approval', async () => {
	const nr = Date.now() % 100000;
	const title = `Bibliotekoje – poezijos vakaras Nr. ${nr}`;
	const ctx = await newContext();
	const ectx = await newContext();
	const hctx = await newContext();
	try {
		const page = await ctx.newPage();
		await logIn(page, login('PR'));
		await open(page, '/staff/pavb/content');
		await axeClean(page, '/staff/pavb/content');
		await shot(page, 'content-list');
		await open(page, '/staff/pavb/content/new');
		await axeClean(page, '/staff/pavb/content/new');
		// the press-release template
		const tpl = page.locator('#f-template option', { hasText: 'Pranešimas žiniasklaidai' }).first();
		await page.selectOption('#f-template', await tpl.getAttribute('value'));
		await submit(page, 'form.filters button[type="submit"]');
		check((await page.inputValue('#f-body')).includes('{{institution.about}}'), 'the template was not loaded');
		check(await page.inputValue('#f-type') === 'press_release', 'the type is not press release');
		await axeClean(page, 'new item from the template');
		// first save: {{event.title}} without an event is a field error
		await submit(page, 'form.content-editor button[type="submit"]');
		check(await page.locator('#e-title').count() === 1, 'no field error for {{event.title}} without an event');
		check((await page.locator('#e-title').innerText()).includes('{{event.title}}'), 'the placeholder is not named');
		await axeClean(page, 'editor with a field error');
		await shot(page, 'content-new-error');
		await page.fill('#f-title', title);
		await submit(page, 'form.content-editor button[type="submit"]');
		check(/\/staff\/pavb\/content\/\d+$/.test(page.url()), `not on the item page: ${page.url()}`);
		const itemUrl = new URL(page.url()).pathname;
		const main = await page.locator('main').innerText();
		check(main.includes('Juodraštis') && main.includes('1 versija'), 'not a draft in version 1');
		check(main.includes('Panevėžio apskrities Gabrielės Petkevičaitės-Bitės viešoji biblioteka'),
		      'the boilerplate was not filled in');
		await axeClean(page, 'item page (draft)');
		// two more saves
		for (const [from, to] of [['Pirmoji pastraipa', 'Gruodžio 18 d. bibliotekoje skambės poezija'],
		                          ['Antroji pastraipa', 'Vakare dalyvaus apskrities poetai']]) {
			await open(page, `${itemUrl}/edit`);
			await axeClean(page, 'editor');
			const body = await page.inputValue('#f-body');
			check(body.includes(from), `"${from}" is not in the text`);
			await page.fill('#f-body', body.replace(from, to));
			await submit(page, 'form.content-editor button[type="submit"]');
		}
		check((await page.locator('main').innerText()).includes('3 versija'), 'not version 3 after two saves');
		await shot(page, 'content-item-draft');
		// the diff of versions 1 and 3
		await open(page, `${itemUrl}/diff?from=1&to=3`);
		await axeClean(page, 'diff page');
		const ins = await page.locator('.content-diff ins').allInnerTexts();
		check(ins.some((t) => t.includes('Gruodžio 18 d. bibliotekoje skambės poezija')), `inserted text not marked: ${ins}`);
		check(ins.some((t) => t.includes('Vakare dalyvaus')), 'the second change is not in the 1→3 diff');
		check((await page.locator('.content-diff del').allInnerTexts()).some((t) => t.includes('Pirmoji')),
		      'deleted text not marked');
		await shot(page, 'content-diff');
		// submit to language review
		await open(page, itemUrl);
		await submit(page, 'form.content-step:has(input[value="submit"]) button');
		check((await page.locator('main').innerText()).includes('Kalbos redagavimas'), 'not in language review');
		check(await page.locator('form.content-step:has(input[value="approve"])').count() === 0,
		      'the author is offered the approval');
		await axeClean(page, 'item page (in language review, author)');

		// ---- the language editor
		const e = await ectx.newPage();
		await logIn(e, login('EDITOR'));
		await open(e, itemUrl);
		await axeClean(e, 'item page (editor)');
		await e.selectOption('form.content-step:has(input[value="review_ok"]) select[name="result"]', 'changes_made');
		await e.fill('form.content-step:has(input[value="review_ok"]) textarea', 'Suvienodinau kabutes.');
		await submit(e, 'form.content-step:has(input[value="review_ok"]) button');
		check((await e.locator('main').innerText()).includes('Laukia patvirtinimo'), 'not awaiting approval');
		check(await e.locator('form.content-step:has(input[value="approve"])').count() === 0,
		      'the editor is offered the head\'s approval');
		await axeClean(e, 'item page (awaiting approval, editor)');

		// ---- the head
		const h = await hctx.newPage();
		await logIn(h, login('HEAD'));
		await open(h, itemUrl);
		await axeClean(h, 'item page (head)');
		await submit(h, 'form.content-step:has(input[value="approve"]) button');
		const done = await h.locator('main').innerText();
		check(done.includes('Patvirtinta'), 'not approved');
		check(done.includes('Suvienodinau kabutes.'), 'the review comment is not in the history');
		await axeClean(h, 'item page (approved)');
		await shot(h, 'content-item-approved');
		await open(h, '/staff/pavb/content/chains');
		await axeClean(h, 'approval chains');
		await shot(h, 'content-chains');
		await open(h, `${itemUrl}/variants`);
		await axeClean(h, 'channel variants');
		await shot(h, 'content-variants');
	} finally {
		await ctx.close();
		await ectx.close();
		await hctx.close();
	}
});
