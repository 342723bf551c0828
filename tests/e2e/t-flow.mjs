// t-flow.mjs -- issue 4's whole path in the browser: a department's
// librarian asks for publicity; the coordinator accepts it and makes an
// approved plan with one newsroom item; the PR specialist writes its
// text from the plan, sees the flagged word ("rengynys") in the language
// check, fixes it and submits; the language editor and the head approve;
// the text is scheduled on the newsroom and goes out (the server's
// worker) -- it is on /pavb/news and in the feed; a week later (the CLI
// with --at) the coordinator evaluates the plan, and the librarian reads
// the feedback on the request and acknowledges it. axe on every page.
import { test, login, open, submit, shot, axe, describeViolations, check, newContext, logIn, cli, until, pathOf } from './lib.mjs';

async function axeClean(page, what) {
	const vs = await axe(page);
	check(vs.length === 0, describeViolations(what, vs));
}

function vilnius(d) {
	const p = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Vilnius', year: 'numeric', month: '2-digit',
		day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(d);
	return { date: p.slice(0, 10), time: p.slice(11, 16) };
}

test('e2e-flow-request-plan-text-proof-approve-publish-feedback', async () => {
	const nr = Date.now() % 100000;
	const title = `Knygų mainų savaitė Nr. ${nr}`;
	const contexts = [];
	const as = async (role) => {
		const ctx = await newContext();
		contexts.push(ctx);
		const p = await ctx.newPage();
		await logIn(p, login(role));
		return p;
	};
	try {
		const today = vilnius(new Date()).date;
		const tomorrow = vilnius(new Date(Date.now() + 86400_000)).date;
		// ---- the librarian asks
		const s = await as('STAFF');
		await open(s, '/staff/pavb/publicity/new');
		await s.fill('#f-title', title);
		await s.fill('#f-description', 'Savaitę bibliotekoje galima mainytis knygomis.');
		await s.fill('#f-window_from', tomorrow);
		await s.fill('#f-window_to', vilnius(new Date(Date.now() + 6 * 86400_000)).date);
		await s.fill('#f-short_reason', 'Sprendimas priimtas šiandien.');
		await s.check('#f-audiences-adults');
		await s.locator('#f-channels input[type="checkbox"]').first().check();
		await submit(s, 'main form.stack button[type="submit"]');
		check(/\/staff\/pavb\/publicity\/requests\/\d+$/.test(pathOf(s)), `not on the request: ${pathOf(s)} ${await s.locator('main').innerText()}`);
		const reqUrl = pathOf(s);

		// ---- the coordinator: accept, plan, approve
		const k = await as('COORD');
		await open(k, reqUrl);
		await submit(k, 'form[action$="/accept"] button');
		await submit(k, 'form[action$="/plan"] button');
		const planUrl = pathOf(k);
		await k.check('#f-groups-adults');
		await submit(k, 'form[action$="/basics"] button');
		await k.fill('#f-goal', 'Pritraukti lankytojų');
		await k.fill('#f-kpi', 'Atneštų knygų skaičius');
		await k.fill('#f-target', '100');
		await submit(k, 'form[action$="/goals"] button');
		await k.fill('#f-text_lt', 'Atneškite perskaitytą knygą – išsineškite kitą.');
		await submit(k, 'form[action$="/messages"] button');
		await k.selectOption('#f-channel_id', { label: 'www.pavb.lt – naujienos' });
		await k.fill('#f-item_date', tomorrow);
		await k.fill('#f-what', 'Pranešimas spaudai');
		await k.selectOption('#f-owner_id', { label: 'Jonas Kazlauskas' });
		await submit(k, 'form[action$="/items"] button');
		await submit(k, 'form[action$="/approve"] button');
		check((await k.locator('main').innerText()).includes('Patvirtintas'), 'the plan is not approved');

		// ---- the PR specialist writes the text from the plan's item
		const p = await as('PR');
		await open(p, planUrl);
		await axeClean(p, 'approved plan (PR)');
		await submit(p, 'form[action*="/content/from-plan-item/"] button');
		check(/\/staff\/pavb\/content\/\d+$/.test(pathOf(p)), `not on the text: ${pathOf(p)}`);
		const itemUrl = pathOf(p);
		await open(p, `${itemUrl}/edit`);
		await p.selectOption('#f-type', 'press_release');
		await p.fill('#f-title', title);
		await p.fill('#f-summary', 'Visą savaitę bibliotekoje – knygų mainai.');
		await p.fill('#f-body', 'Biblioteka kviečia į rengynys: atneškite knygą ir išsirinkite kitą.');
		await submit(p, 'form.content-editor button[type="submit"]');
		await open(p, `${itemUrl}/edit`);
		const proof = await p.locator('.proof-panel').innerText();
		check(proof.includes('rengynys') && proof.includes('renginys'), `the word is not flagged with its suggestion: ${proof}`);
		await axeClean(p, 'editor with the language check');
		await shot(p, 'flow-editor-proof');
		await p.fill('#f-body', 'Biblioteka kviečia į renginį: atneškite knygą ir išsirinkite kitą.');
		await submit(p, 'form.content-editor button[type="submit"]');
		await open(p, `${itemUrl}/edit`);
		check(!(await p.locator('.proof-panel').innerText()).includes('rengynys'), 'still flagged after the fix');
		await open(p, itemUrl);
		await submit(p, 'form.content-step:has(input[value="submit"]) button');

		// ---- the language editor and the head
		const e = await as('EDITOR');
		await open(e, itemUrl);
		await submit(e, 'form.content-step:has(input[value="review_ok"]) button');
		const h = await as('HEAD');
		await open(h, itemUrl);
		await submit(h, 'form.content-step:has(input[value="approve"]) button');
		check((await h.locator('main').innerText()).includes('Patvirtinta'), 'not approved');

		// ---- scheduled on the newsroom now; the worker publishes it
		await open(p, `${itemUrl}/publish`);
		const now = vilnius(new Date());
		await p.fill('#f-scheduled_at', now.date);
		await p.fill('#f-time', now.time);
		await p.check('label:has-text("www.pavb.lt – naujienos")');
		await submit(p, 'button >> text=Suplanuoti');
		const anon = await (async () => { const c = await newContext(); contexts.push(c); return c.newPage(); })();
		await until(async () => {
			await open(anon, '/pavb/news');
			return (await anon.locator('main').innerText()).includes(title);
		}, 'the text on the newsroom', 60_000);
		await axeClean(anon, '/pavb/news with the new text');
		await anon.click(`a:has-text("${title}")`);
		await anon.waitForLoadState('load');
		check((await anon.locator('main').innerText()).includes('renginį'), 'the item page');
		await axeClean(anon, 'the news item');
		const feed = await anon.request.get(new URL('/pavb/news.atom', anon.url()).toString());
		check((await feed.text()).includes(title), 'in the Atom feed');

		// ---- a week later: the evaluation and the feedback
		const week = vilnius(new Date(Date.now() + 8 * 86400_000)).date;
		const out = await cli(['plans', 'evaluate', '--at', week]);
		check(/^[1-9]\d* evaluation/.test(out), `no evaluation opened: ${out}`);
		await open(k, planUrl);
		await submit(k, 'a.button:has-text("Įvertinti planą")'.replace(/^/, ''));
		check(pathOf(k).endsWith('/evaluation'), `not on the evaluation: ${pathOf(k)}`);
		await axeClean(k, 'plan evaluation');
		await k.locator('input[name^="actual-"]').first().fill('120');
		await k.fill('#f-summary', 'Atnešta 120 knygų, daugiau nei tikėtasi.');
		await submit(k, 'button[name="do"][value="send"]');
		check((await k.locator('main').innerText()).includes('120'), 'the sent evaluation');
		await open(s, reqUrl);
		const fb = await s.locator('section[aria-labelledby="h-eval"]').innerText();
		check(fb.includes('Atnešta 120 knygų') && fb.includes('100'), `the feedback on the request: ${fb}`);
		await axeClean(s, 'request with the feedback');
		await shot(s, 'flow-feedback');
		await submit(s, 'form[action$="/acknowledge"] button');
		check((await s.locator('section[aria-labelledby="h-eval"]').innerText()).includes('Susipažino'), 'not acknowledged');
	} finally {
		for (const c of contexts) await c.close();
	}
});
