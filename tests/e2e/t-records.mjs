// t-records.mjs -- the records the communication office keeps by hand,
// in the browser: a rubric (its Fridays become drafts), a placement in
// the professional press, a review on the website register, an
// information publication's contribution request, and a document sent
// for editing and returned. axe-core (WCAG 2.1 AA) on every page.
import { test, login, open, submit, shot, axe, describeViolations, check, newContext, logIn, pathOf } from './lib.mjs';

async function axeOk(page, name) {
	const vs = await axe(page);
	check(vs.length === 0, describeViolations(page.url(), vs));
	await shot(page, name);
}

function vilnius(d) {
	return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Vilnius' }).format(d);
}

test('e2e-records-rubric-placement-site-publication-document', async () => {
	const nr = Date.now() % 100000;
	const contexts = [];
	const as = async (role) => {
		const ctx = await newContext();
		contexts.push(ctx);
		const p = await ctx.newPage();
		await logIn(p, login(role));
		return p;
	};
	try {
		const s = await as('SMM');
		// ---- a rubric
		await open(s, '/staff/pavb/rubrics');
		await axeOk(s, 'records-rubrics');
		await s.fill('#f-name', `Šeštadienio eilėraštis ${nr}`);
		await s.selectOption('#f-channel_id', { label: 'PAVB YouTube' });
		await s.fill('#f-rrule', 'FREQ=WEEKLY;BYDAY=SA');
		await s.fill('#f-starts_on', vilnius(new Date()));
		await submit(s, 'main form.stack button[type="submit"]');
		check(/\/staff\/pavb\/rubrics\/\d+$/.test(pathOf(s)), `after creating: ${pathOf(s)}`);
		check(await s.locator('main ul.plain li').count() >= 10, 'the Saturdays of 90 days are drafts');
		await axeOk(s, 'records-rubric');

		// ---- a placement and the website register (the coordinator)
		const k = await as('COORD');
		await open(k, '/staff/pavb/placements');
		await axeOk(k, 'records-placements');
		await k.fill('#f-outlet', `Tarp knygų ${nr}`);
		await k.selectOption('#f-kind', 'professional_press');
		await k.fill('#f-what', 'Straipsnis apie regiono bibliotekų skaitymus');
		await k.fill('#f-submitted_on', vilnius(new Date(Date.now() - 20 * 86400_000)));
		await k.selectOption('#f-status', 'published');
		await k.fill('#f-published_on', vilnius(new Date()));
		await k.fill('#f-issue', '2026 m. Nr. 12');
		await submit(k, 'main form.stack button[type="submit"]');
		check((await k.locator('main table').innerText()).includes(`Tarp knygų ${nr}`), 'the placement is listed');
		await open(k, '/staff/pavb/site-content');
		check((await k.locator('main').innerText()).includes('Vėluoja'), 'the demo has an overdue review');
		await axeOk(k, 'records-site');
		await k.click('main table a >> nth=0');
		await k.waitForLoadState('load');
		await axeOk(k, 'records-site-section');
		await k.fill('#f-issues', 'Atnaujinti darbo laiką švenčių dienomis');
		await submit(k, 'form[action$="/reviewed"] button');
		check(pathOf(k) === '/staff/pavb/site-content', `after the review: ${pathOf(k)}`);

		// ---- the annual report: a contribution requested
		const e = await as('EDITOR');
		await open(e, '/staff/pavb/info-publications');
		await axeOk(e, 'records-info-publications');
		await e.click('main table a >> nth=0');
		await e.waitForLoadState('load');
		await axeOk(e, 'records-info-publication');
		const before = await e.locator('section[aria-labelledby="h-contrib"] tbody tr').count();
		await e.selectOption('#f-department_id', { index: 1 });
		await e.fill('#f-what', `Metų renginių nuotraukos ${nr}`);
		await e.fill('#f-due_date', vilnius(new Date(Date.now() + 14 * 86400_000)));
		await submit(e, 'form[action$="/contributions"] button');
		check(await e.locator('section[aria-labelledby="h-contrib"] tbody tr').count() === before + 1, `requested: ${pathOf(e)} ${await e.locator('main').innerText()}`.slice(0, 600));
		// sending to layout with parts missing is refused for the editor
		await submit(e, 'form[action$="/layout"] button');
		check((await e.locator('.error-summary').innerText()).includes('Dar laukiama'), 'refused while missing');
		await axeOk(e, 'records-info-publication-refused');

		// ---- a document for editing, sent and returned
		const st = await as('STAFF');
		await open(st, '/staff/pavb/documents');
		await axeOk(st, 'records-documents');
		await st.fill('#f-title', `Įsakymas dėl darbo laiko ${nr}`);
		await st.setInputFiles('#f-file', { name: 'isakymas.txt', mimeType: 'text/plain',
			buffer: Buffer.from('Įsakymas: skaitykla dirba nuo 8 iki 20 val.', 'utf8') });
		await submit(st, 'main form.stack button[type="submit"]');
		check(/\/staff\/pavb\/documents\/\d+$/.test(pathOf(st)), `after sending: ${pathOf(st)}`);
		const docUrl = pathOf(st);
		await axeOk(st, 'records-document');
		await open(e, docUrl);
		await submit(e, 'form[action$="/take"] button');
		await e.setInputFiles('#f-file', { name: 'isakymas-red.txt', mimeType: 'text/plain',
			buffer: Buffer.from('Įsakymas: skaitykla dirba nuo 8 iki 20 val.', 'utf8') });
		await e.fill('#f-change_summary', 'Įterptas nekilnojamasis tarpas prieš „val.“');
		await submit(e, 'form[action$="/return"] button');
		await open(st, docUrl);
		check((await st.locator('main').innerText()).includes('Įterptas nekilnojamasis tarpas'), 'the summary');
		await axeOk(st, 'records-document-returned');
	} finally {
		for (const c of contexts) await c.close();
	}
});
