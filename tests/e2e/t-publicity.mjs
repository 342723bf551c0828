// t-publicity.mjs -- from a department's publicity request to an approved
// communication plan (C2), as people click it: a reader-services
// librarian fills in "Naujas viešinimo prašymas" (first without a
// subject, to see the field error); the coordinator finds it in the
// queue, accepts it, prepares the plan (target groups, a goal with a
// KPI, key messages, a dated schedule) and approves it; the owner finds
// the task. axe-core on every page on the way.
import { test, login, open, submit, shot, axe, describeViolations, check, newContext, logIn } from './lib.mjs';

async function axeClean(page, what) {
	const vs = await axe(page);
	check(vs.length === 0, describeViolations(what, vs));
}

function isoIn(days) {
	const d = new Date(Date.now() + days * 86400_000);
	return d.toISOString().slice(0, 10);
}

test('e2e-publicity-request-to-plan', async () => {
	const nr = Date.now() % 100000;
	const title = `Skaitymo klubo susitikimas Nr. ${nr}`;
	const what = `Įrašas su kvietimu Nr. ${nr}`;
	const ctx = await newContext();
	const kctx = await newContext();
	try {
		// ---- the department's librarian asks for publicity
		const page = await ctx.newPage();
		await logIn(page, login('STAFF'));
		await open(page, '/staff/pavb/publicity');
		await axeClean(page, '/staff/pavb/publicity (my requests)');
		await open(page, '/staff/pavb/publicity/new');
		await axeClean(page, '/staff/pavb/publicity/new');
		await page.fill('#f-window_from', isoIn(40));
		await page.fill('#f-window_to', isoIn(50));
		await page.check('#f-audiences-adults');
		await page.check('#f-audiences-seniors');
		const chs = page.locator('#f-channels input[type="checkbox"]');
		check(await chs.count() >= 7, 'the institution\'s channels are not offered');
		await chs.nth(0).check();
		await chs.nth(1).check();
		await page.locator('#f-title').evaluate((e) => e.removeAttribute('required'));
		await submit(page, 'main form.stack button[type="submit"]');
		check(await page.locator('#e-title').count() === 1, 'no field error for the empty subject');
		check(await page.isChecked('#f-audiences-seniors'), 'the target groups were lost after the error');
		await axeClean(page, 'request form with errors');
		await page.fill('#f-title', title);
		await page.fill('#f-description', 'Susitikimas su rašytoju, skirtas skaitymo klubo nariams ir visiems norintiems.');
		await submit(page, 'main form.stack button[type="submit"]');
		check(/\/staff\/pavb\/publicity\/requests\/\d+$/.test(page.url()), `not on the request page: ${page.url()}`);
		const reqUrl = new URL(page.url()).pathname;
		check((await page.locator('main').innerText()).includes('Laukia sprendimo'), 'status not "waiting"');
		await axeClean(page, 'request page (requester)');
		await shot(page, 'publicity-request-sent');

		// ---- the coordinator: queue, accept, plan
		const k = await kctx.newPage();
		await logIn(k, login('COORD'));
		await open(k, '/staff/pavb/');
		check((await k.locator('section[aria-labelledby="dash-pub"]').innerText()).includes(title),
		      'the request is not on the coordinator\'s dashboard');
		await axeClean(k, '/staff/pavb/ (dashboard with the publicity queue)');
		await open(k, '/staff/pavb/publicity');
		await axeClean(k, '/staff/pavb/publicity (queue)');
		await shot(k, 'publicity-queue');
		await submit(k, k.locator('table a', { hasText: title }));
		await axeClean(k, 'request page (coordinator)');
		await submit(k, 'form[action$="/accept"] button');
		check((await k.locator('main').innerText()).includes('Priimtas'), 'not accepted');
		await submit(k, 'form[action$="/plan"] button');
		check(/\/staff\/pavb\/publicity\/plans\/\d+$/.test(k.url()), `not on the plan page: ${k.url()}`);
		await axeClean(k, 'empty communication plan');
		// approving an empty plan lists what is missing
		await submit(k, 'form[action$="/approve"] button');
		check((await k.locator('#f-plan').innerText()).includes('pagrindinės žinutės'), 'missing parts not listed');
		await axeClean(k, 'plan with the approval error');
		await k.check('#f-groups-seniors');
		await k.fill('#f-budget_eur', '80');
		await submit(k, 'form[action$="/basics"] button');
		await k.fill('#f-goal', 'Pritraukti naujų klubo narių');
		await k.fill('#f-kpi', 'Naujų narių skaičius');
		await k.fill('#f-target', '15');
		await submit(k, 'form[action$="/goals"] button');
		await k.fill('#f-text_lt', 'Skaitymo klubas laukia naujų narių – ateikite susipažinti.');
		await submit(k, 'form[action$="/messages"] button');
		await k.selectOption('#f-channel_id', { index: 1 });
		await k.fill('#f-item_date', isoIn(41));
		await k.fill('#f-what', what);
		await k.selectOption('#f-owner_id', { label: 'Gintarė Žukauskaitė' });
		await submit(k, 'form[action$="/items"] button');
		check((await k.locator('main').innerText()).includes(what), 'the item is not in the schedule');
		await axeClean(k, 'filled communication plan');
		await submit(k, 'form[action$="/approve"] button');
		check((await k.locator('main').innerText()).includes('Patvirtintas'), 'the plan was not approved');
		await axeClean(k, 'approved communication plan');
		await shot(k, 'publicity-plan-approved');
		await open(k, '/staff/pavb/publicity/planning');
		await axeClean(k, '/staff/pavb/publicity/planning');
		await open(k, '/staff/pavb/publicity/needs');
		await axeClean(k, '/staff/pavb/publicity/needs');
		await shot(k, 'publicity-needs');

		// ---- the requester sees "planned"; the owner has the task
		await open(page, reqUrl);
		check((await page.locator('main').innerText()).includes('Suplanuotas'), 'the requester does not see "planned"');
		const sctx = await newContext();
		const s = await sctx.newPage();
		await logIn(s, login('SMM'));
		await open(s, '/staff/pavb/tasks');
		check(await s.locator('table a', { hasText: what }).count() === 1, 'the owner has no task');
		await sctx.close();
	} finally {
		await ctx.close();
		await kctx.close();
	}
});
