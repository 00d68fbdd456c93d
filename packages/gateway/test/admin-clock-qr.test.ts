// The admin's Clock area and the POS QR downloads, without a browser. The virtual clock service against a sandbox:
// it moves by an ISO-8601 duration, and bad durations are a 400 naming `duration` that leave the clock where it
// was. A gateway on a real Mercado Pago (no embedded sandbox): the Clock page says there is no virtual clock and
// its POST is a 404. The QR downloads: the PNG decodes to the POS's qr_code on MP, the PDF is a PDF, both are
// attachments behind the session; another seller's POS and a POS without a QR are 404s.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSandbox } from '@cobro/sandbox';
import { PNG } from 'pngjs';
import jsQRModule from 'jsqr';
import { ADMIN_KEY, GATEWAY, MP, testGateway, type TestGateway } from './gateway-helpers.ts';
import { testDatabases } from './db-helpers.ts';
import { ClockService } from '../src/services/clock.ts';
import type { GatewayError } from '../src/errors.ts';
import { SESSION_COOKIE } from '../src/web/admin/session.ts';

const jsQR = jsQRModule.default;

/** A logged-in admin: the session cookie and the CSRF token of the page at `path`. */
async function session(gw: TestGateway, path: string): Promise<{ cookie: string; csrf: string; page: string }> {
  // The log-in form as a browser gets it: its cookie and hidden fields, if it has any, go back with the key.
  const form = await gw.app.request(`${GATEWAY}/admin`);
  const formCookie = form.headers.get('set-cookie')?.split(';')[0];
  const token = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1];
  const body = new URLSearchParams({ password: ADMIN_KEY, ...(token && { _csrf: token }) });
  const login = await gw.app.request(`${GATEWAY}/admin/login`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...(formCookie && { cookie: formCookie }) }, body });
  assert.equal(login.status, 303);
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]!).find((c) => c.startsWith(`${SESSION_COOKIE}=`))!;
  const res = await gw.app.request(`${GATEWAY}${path}`, { headers: { cookie } });
  assert.equal(res.status, 200);
  const page = await res.text();
  return { cookie, csrf: /name="_csrf" value="([^"]+)"/.exec(page)![1]!, page };
}

test('the clock service moves the sandbox\'s clock by an ISO-8601 duration; a bad one is a 400 naming duration and moves nothing', async () => {
  const sb = createSandbox({ seed: 'clock-service' });
  const clock = new ClockService({ sandbox: (path, body, method = 'POST') => sb.fetch(`${MP}${path}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) }) });
  const before = await clock.read();
  assert.equal(before.mode, 'manual');
  const after = await clock.advance('PT16M');
  assert.equal(Date.parse(after.now) - Date.parse(before.now), 16 * 60_000);
  assert.equal(sb.state.clock.now(), Date.parse(after.now), 'the sandbox itself moved');
  for (const [bad, rule] of [['16m', /not an ISO-8601 duration/], ['PT0S', /longer than zero/], ['P400D', /at most P366D/], ['P1W', /not an ISO-8601/], ['', /not an ISO-8601/]] as const) {
    await assert.rejects(clock.advance(bad), (e: GatewayError) => {
      assert.equal(e.status, 400, bad);
      assert.equal(e.fields?.[0]?.field, 'duration');
      assert.match(e.message, rule);
      return true;
    });
  }
  assert.equal((await clock.read()).now, after.now, 'refused jumps moved nothing');
  sb.close();
});

for (const target of testDatabases()) {
  test(`${target.name}: without the embedded sandbox the Clock page says there is no virtual clock, and its POST is a 404`, async () => {
    const gw = await testGateway(await target.open(), `admin-clock-${target.name}`);
    const { cookie, csrf, page } = await session(gw, '/admin/clock');
    assert.match(page, /There is no virtual clock here: this gateway talks to Mercado Pago itself, whose clock is the real one/);
    assert.doesNotMatch(page, /action="\/admin\/clock\/advance"/, 'no form to move it');
    const before = gw.sb.state.clock.now();
    const res = await gw.app.request(`${GATEWAY}/admin/clock/advance`, {
      method: 'POST', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: `_csrf=${encodeURIComponent(csrf)}&duration=PT16M`,
    });
    assert.equal(res.status, 404);
    assert.equal((await res.json()).error.code, 'not_found');
    assert.equal(gw.sb.state.clock.now(), before, 'MP\'s clock untouched');
    const anonymous = await gw.app.request(`${GATEWAY}/admin/clock`);
    assert.equal(anonymous.status, 303, 'the page wants a session');
  });

  test(`${target.name}: a POS's QR downloads: the PNG decodes to MP's qr_code, the PDF is a PDF; 404 for another seller's POS or none`, async () => {
    const db = await target.open();
    const gw = await testGateway(db, `admin-qr-${target.name}`);
    const a = await gw.sellerWithPos();
    const b = await gw.sellerWithPos();
    const base = `/admin/sellers/${a.seller.id}/pos/${a.pos.id}`;
    const { cookie, page } = await session(gw, `/admin/sellers/${a.seller.id}`);
    assert.ok(page.includes(`href="${base}/qr.png"`) && page.includes(`href="${base}/qr.pdf"`), 'download links on the POS card');
    const mpPos = await (await gw.sb.fetch(`${MP}/pos/${a.pos.mp_pos_id}`, { headers: { authorization: `Bearer ${a.shop.access_token}` } })).json() as { qr_code: string };
    assert.match(mpPos.qr_code, /^000201/);
    const get = (path: string, headers: Record<string, string> = { cookie }) => gw.app.request(`${GATEWAY}${path}`, { headers });

    const png = await get(`${base}/qr.png`);
    assert.equal(png.status, 200);
    assert.equal(png.headers.get('content-type'), 'image/png');
    assert.equal(png.headers.get('content-disposition'), `attachment; filename="qr-${a.pos.external_id}.png"`);
    const img = PNG.sync.read(Buffer.from(await png.arrayBuffer()));
    assert.equal(jsQR(new Uint8ClampedArray(img.data), img.width, img.height)?.data, mpPos.qr_code, 'the PNG is the POS\'s QR');

    const pdf = await get(`${base}/qr.pdf`);
    assert.equal(pdf.status, 200);
    assert.equal(pdf.headers.get('content-type'), 'application/pdf');
    assert.equal(pdf.headers.get('content-disposition'), `attachment; filename="qr-${a.pos.external_id}.pdf"`);
    const text = Buffer.from(await pdf.arrayBuffer()).toString('latin1');
    assert.ok(text.startsWith('%PDF-1.4\n') && text.endsWith('%%EOF\n'));
    const xref = Number(/startxref\n(\d+)\n/.exec(text)![1]);
    assert.equal(text.slice(xref, xref + 5), 'xref\n');
    assert.match(text, /\(Centro \\267 Caja 1\) Tj/, 'the store and POS name');

    for (const other of [`/admin/sellers/${b.seller.id}/pos/${a.pos.id}/qr.png`, `/admin/sellers/${a.seller.id}/pos/${b.pos.id}/qr.pdf`, `/admin/sellers/${a.seller.id}/pos/pos_nope/qr.png`]) {
      const res = await get(other);
      assert.equal(res.status, 404, other);
      assert.equal((await res.json()).error.code, 'not_found');
    }
    const anonymous = await get(`${base}/qr.png`, {});
    assert.equal(anonymous.status, 303, 'no session: back to the log-in');
    assert.equal(anonymous.headers.get('location'), '/admin');

    await db.db.updateTable('pos').set({ qr: null }).where('id', '=', b.pos.id).execute(); // as if MP had given it no QR
    const none = await get(`/admin/sellers/${b.seller.id}/pos/${b.pos.id}/qr.png`);
    assert.equal(none.status, 404);
    assert.match((await none.json()).error.message, /has no QR/);
    const bPage = (await session(gw, `/admin/sellers/${b.seller.id}`)).page;
    assert.ok(!bPage.includes(`/pos/${b.pos.id}/qr.png`), 'no download link for a POS without a QR');
  });
}
