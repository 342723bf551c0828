// t-assets.mjs -- the media library and photo withdrawal in the browser
// (C12, AC-C4-7) and the public press room's kit (C4 workflow 3): the PR
// specialist uploads a photo with its credit and puts it into the public
// album; a journalist sees it in the press room with its credit and
// downloads the kit; the coordinator withdraws the demo's photo that
// illustrates the newest newsroom item, cannot close the request while
// the item still uses it, replaces it with the new photo and closes.
// axe-core (WCAG 2.1 AA) on every page.
import zlib from 'node:zlib';
import { env, test, login, open, submit, shot, axe, describeViolations, check, newContext, logIn, pathOf } from './lib.mjs';

async function axeOk(page, name) {
	const vs = await axe(page);
	check(vs.length === 0, describeViolations(page.url(), vs));
	await shot(page, name);
}

function crc32(buf) {
	let c, crc = 0xffffffff;
	for (const b of buf) {
		c = (crc ^ b) & 0xff;
		for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
		crc = (crc >>> 8) ^ c;
	}
	return (crc ^ 0xffffffff) >>> 0;
}

/* a small PNG of one colour */
function png(r, g, b, w = 40, h = 30) {
	const chunk = (type, data) => {
		const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
		const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
		const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(td));
		return Buffer.concat([len, td, crc]);
	};
	const ihdr = Buffer.alloc(13);
	ihdr.writeUInt32BE(w, 0); ihdr.writeUInt32BE(h, 4); ihdr[8] = 8; ihdr[9] = 2;
	const rows = [];
	for (let y = 0; y < h; y++) rows.push(Buffer.from([0, ...Array(w).fill([r, g, b]).flat()]));
	return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr),
		chunk('IDAT', zlib.deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0))]);
}

test('e2e-assets-upload-press-kit-takedown', async () => {
	const ctx = await newContext();
	const page = await ctx.newPage();
	await logIn(page, login('PR', 'pavb'));
	await open(page, '/staff/pavb/assets');
	check((await page.textContent('main')).includes('Bibliotekos pastatas vakare'), 'the demo photos are listed');
	await axeOk(page, 'assets-library');
	// a duplicate-free upload with its rights
	await page.setInputFiles('#f-file', { name: 'e2e-sventė.png', mimeType: 'image/png', buffer: png(30, 90, 160) });
	await page.selectOption('#f-kind', 'photo');
	await page.fill('#f-title_lt', 'Bibliotekos šventė kieme');
	await page.fill('#f-author', 'Eglė Fotografė');
	await page.fill('#f-credit', 'Nuotr. Eglė Fotografė / PAVB');
	await page.selectOption('#f-licence', 'cc_by_4');
	await page.check('#f-public_use');
	await submit(page, 'main form[enctype="multipart/form-data"] button[type="submit"]');
	const m = pathOf(page).match(/^\/staff\/pavb\/assets\/(\d+)$/);
	check(m, `after the upload: ${pathOf(page)}`);
	const newId = m[1];
	await axeOk(page, 'assets-asset');
	// into the public album (the press kit)
	await page.check('label:has-text("Spaudai")');
	await submit(page, 'main form.stack button[type="submit"]');
	check((await page.locator('input[name="album[]"]:checked').count()) === 1, 'the album is kept');
	// the same bytes again: refused, the existing one named
	await open(page, '/staff/pavb/assets');
	await page.setInputFiles('#f-file', { name: 'kopija.png', mimeType: 'image/png', buffer: png(30, 90, 160) });
	await page.fill('#f-title_lt', 'Kopija');
	await page.fill('#f-credit', 'Nuotr. X');
	await page.selectOption('#f-licence', 'press_use_with_credit');
	await submit(page, 'main form[enctype="multipart/form-data"] button[type="submit"]');
	check((await page.textContent('.error-summary')).includes('Bibliotekos šventė kieme'), 'the duplicate is named');
	await axeOk(page, 'assets-duplicate');
	await ctx.close();

	// a journalist in the press room, without JavaScript
	const v = await newContext({ javaScriptEnabled: false });
	const p = await v.newPage();
	await open(p, '/pavb/press');
	const kit = await p.textContent('section[aria-labelledby="h-kit"]');
	check(kit.includes('Bibliotekos šventė kieme') && kit.includes('Nuotr. Eglė Fotografė / PAVB'), `the kit: ${kit}`);
	check(!kit.includes('Darbuotojų susirinkimas'), 'the internal photo is not in the kit');
	await axeOk(p, 'assets-press-room');
	const zip = await p.request.get(env.base + '/pavb/press/kit.zip');
	check(zip.status() === 200 && zip.headers()['content-type'] === 'application/zip', `kit.zip: ${zip.status()}`);
	const body = await zip.body();
	check(body.subarray(0, 4).toString('latin1') === 'PK\x03\x04' && body.includes(Buffer.from('CREDITS.txt')),
		'a ZIP with CREDITS.txt');
	const dl = await p.request.get(`${env.base}/pavb/media/${newId}/download`);
	check(dl.status() === 200 && (dl.headers()['content-disposition'] || '').startsWith('attachment'), 'downloadable');
	await v.close();

	// the coordinator withdraws the demo photo of the newest newsroom item
	const k = await newContext();
	const c = await k.newPage();
	await logIn(c, login('COORD', 'pavb'));
	await open(c, '/staff/pavb/assets');
	await c.click('main table a:has-text("Bibliotekos pastatas vakare")');
	await c.waitForLoadState('load');
	const oldId = pathOf(c).match(/assets\/(\d+)$/)[1];
	await submit(c, 'a:has-text("Registruoti atšaukimo prašymą")');
	await axeOk(c, 'assets-takedown-new');
	await c.selectOption('#f-reason', 'consent_withdrawn');
	await c.fill('#f-requester', 'Ona Onaitė');
	check(await c.isChecked(`#f-as-${oldId}`), 'the photo is chosen');
	await submit(c, 'button:has-text("Atšaukti nuotraukas")');
	check(/^\/staff\/pavb\/takedowns\/\d+$/.test(pathOf(c)), `the request: ${pathOf(c)}`);
	const tdPath = pathOf(c);
	check((await c.textContent('main')).includes('Naujienų svetainės įrašas'), 'the newsroom item is listed');
	await axeOk(c, 'assets-takedown');
	const gone = await c.request.get(`${env.base}/pavb/media/${oldId}`);
	check(gone.status() === 404, `the withdrawn photo is not served: ${gone.status()}`);
	await submit(c, 'button:has-text("Uždaryti prašymą")');
	check((await c.textContent('#e-close')).includes('pažymėkite'), 'closing too early is refused');
	await axeOk(c, 'assets-takedown-close-refused');
	// the newsroom item gets the new photo instead; any other use is removed
	for (let i = 0; i < 10; i++) {
		const use = c.locator('section.takedown-use:has(form)').first();
		if (await use.count() === 0) break;
		if ((await use.textContent()).includes('Naujienų svetainės įrašas')) {
			await use.locator('input[value="replaced"]').check();
			await use.locator('select[name="replacement"]').selectOption(newId);
		}
		await submit(c, use.locator('button[type="submit"]'));
	}
	await submit(c, 'button:has-text("Uždaryti prašymą")');
	// the item's photos: the replacement is on it
	await submit(c, 'a:has-text("Įrašo nuotraukos") >> nth=0');
	check((await c.textContent('main')).includes('Bibliotekos šventė kieme'), 'the replacement is attached');
	await axeOk(c, 'assets-content-picker');
	// the picker on the variants page: a photo for the first channel's variant
	const item = pathOf(c).replace(/\/assets$/, '');
	await open(c, `${item}/variants`);
	const sec = c.locator('section.content-variant:has(select[name="asset_id"])').first();
	await submit(c, sec.locator('form:has(select[name="asset_id"]) button[type="submit"]'));
	check(pathOf(c) === `${item}/variants`, `back on the variants page: ${pathOf(c)}`);
	check(await c.locator('section.content-variant ul.asset-attached').count() === 1, 'attached to one variant');
	await axeOk(c, 'assets-variants-picker');
	await open(c, `${item}/edit`);
	await axeOk(c, 'assets-edit-picker');
	await open(c, tdPath);
	check((await c.textContent('main')).includes('Užbaigta') && await c.locator('button:has-text("Uždaryti prašymą")').count() === 0, 'closed');
	await axeOk(c, 'assets-takedown-closed');
	await k.close();
}, { timeout: 240_000 });
