// t-tasks.mjs -- the task list (C19) as people use it: the coordinator
// hands a task to the photographer with a due date; the photographer
// finds it under "Mano užduotys", starts it and marks it done with a
// note; axe-core on every page on the way.
import { test, login, open, submit, shot, axe, describeViolations, check, newContext, logIn } from './lib.mjs';

async function axeClean(page, what) {
	const vs = await axe(page);
	check(vs.length === 0, describeViolations(what, vs));
}

test('e2e-tasks-assign-and-complete', async () => {
	const title = `Nufotografuoti skaitymų vakarą Nr. ${Date.now() % 100000}`;
	const ctx = await newContext();
	try {
		const page = await ctx.newPage();
		await logIn(page, login('COORD'));
		await open(page, '/staff/pavb/tasks');
		await axeClean(page, '/staff/pavb/tasks');
		// an empty title gets a field error and keeps the other values
		await page.fill('#f-due_date', '2027-01-20');
		// the server checks too (a browser without HTML validation): drop the attribute
		await page.locator('#f-title').evaluate((e) => e.removeAttribute('required'));
		await submit(page, 'form.stack button[type="submit"]');
		check(await page.locator('#e-title').count() === 1, 'no field error for the empty title');
		check(await page.inputValue('#f-due_date') === '2027-01-20', 'the due date was lost after the error');
		await axeClean(page, 'task form with errors');
		await page.fill('#f-title', title);
		const photo = login('PHOTO');
		const opt = page.locator('#f-assignee_id option').filter({ hasNotText: 'Aš' });
		check(await opt.count() > 0, 'no colleagues in the assignee list');
		// pick the photographer by the name shown on their own page later
		await page.selectOption('#f-source', 'meeting_action');
		const names = await page.locator('#f-assignee_id option').allTextContents();
		check(names.length > 2, 'assignee list too short');
		const photoCtx = await newContext();
		const pp = await photoCtx.newPage();
		await logIn(pp, photo);
		const me = (await pp.locator('header').innerText());
		const who = names.find((n) => n && me.includes(n));
		check(who, `the photographer's name is not among ${names.join(', ')}`);
		await page.selectOption('#f-assignee_id', { label: who });
		await submit(page, 'form.stack button[type="submit"]');
		check(/\/staff\/pavb\/tasks\/\d+$/.test(page.url()), `not on the task page: ${page.url()}`);
		await axeClean(page, 'task page');
		await shot(page, 'tasks-created');

		// the photographer's dashboard lists it under "Mano užduotys"
		await open(pp, '/staff/pavb/');
		check((await pp.locator('section[aria-labelledby="dash-tasks"]').innerText()).includes(title),
		      'the new task is not on the assignee\'s dashboard');
		await axeClean(pp, '/staff/pavb/ (dashboard with tasks)');
		await shot(pp, 'tasks-dashboard');
		// the photographer sees it in "my tasks" and finishes it
		await open(pp, '/staff/pavb/tasks');
		const link = pp.locator('table a', { hasText: title });
		check(await link.count() === 1, 'the task is not in the photographer\'s list');
		await submit(pp, link);
		await pp.selectOption('#f-status', 'in_progress');
		await submit(pp, 'form.stack button[type="submit"]');
		check((await pp.locator('.facts').innerText()).includes('Vykdoma'), 'status not in progress');
		await pp.selectOption('#f-status', 'done');
		await pp.fill('#f-note', 'Nuotraukos įkeltos į archyvą');
		await submit(pp, 'form.stack button[type="submit"]');
		check((await pp.locator('.facts').innerText()).includes('Nuotraukos įkeltos į archyvą'), 'note not shown');
		await open(pp, '/staff/pavb/tasks');
		check(await pp.locator('table a', { hasText: title }).count() === 0, 'a done task is still in the open list');
		await open(pp, '/staff/pavb/tasks?status=done');
		check(await pp.locator('table a', { hasText: title }).count() === 1, 'the done task is not under "done"');
		await axeClean(pp, '/staff/pavb/tasks?status=done');
		await shot(pp, 'tasks-done');
		await photoCtx.close();
	} finally {
		await ctx.close();
	}
});
