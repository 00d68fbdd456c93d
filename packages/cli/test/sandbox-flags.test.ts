// `cobro sandbox` takes every createSandbox option as a flag, from the sandbox's own table: a flag changes what
// the served sandbox answers over HTTP, and a bad value is a usage error naming the flag.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { OPTION_SPECS, optionFlag } from '@cobro/sandbox/options';
import { cobro, Live, tempHome } from './helpers.ts';

async function call(url: string, token: string, method: string, path: string, body: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${url}${path}`, {
    method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

describe('cobro sandbox flags', () => {
  it('a value flag and a boolean flag reach the served sandbox', async () => {
    const h = tempHome();
    const sb = new Live(['sandbox', '--port', '0', '--json', '--no-save-profile', '--store-create-status', '201', '--legacy-item-description-required'], h.dir);
    try {
      const info = await sb.line((l) => typeof l.url === 'string');
      const { access_token: token, user_id: userId } = info.seller;
      const store = await call(info.url, token, 'POST', `/users/${userId}/stores`, {
        name: 'Otra', external_id: 'store_2', location: {
          street_name: 'Calle', street_number: '1', city_name: 'Ciudad', state_name: 'Estado', latitude: -34.6, longitude: -58.4,
        },
      });
      assert.equal(store.status, 201, JSON.stringify(store.body));
      // With the flag an item without description is refused although the order has a title.
      const order = await call(info.url, token, 'PUT', `/instore/qr/seller/collectors/${userId}/pos/${info.pos.external_id}/orders`, {
        external_reference: 'r-1', title: 'Compra', total_amount: 10,
        items: [{ title: 'Item', unit_price: 10, quantity: 1, unit_measure: 'unit' }],
      });
      assert.equal(order.status, 400);
      assert.equal(order.body.error, 'invalid_description');
    } finally {
      await sb.stop();
      h.cleanup();
    }
  });

  it('a bad value is a usage error naming the flag and its rule', async () => {
    const h = tempHome();
    const r = await cobro(['sandbox', '--port', '0', '--orders-refund-window', '360:later'], h.dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--orders-refund-window/);
    assert.match(r.stderr, /days: integer ≥ 1, from: "created" \| "payment"/);
    h.cleanup();
  });

  it('--help of cobro sandbox lists every sandbox option as a kebab-case flag', async () => {
    const h = tempHome();
    const flags = Object.entries(OPTION_SPECS).filter(([, spec]) => spec.flag !== 'none').map(([name]) => `--${optionFlag(name)}`);
    assert.ok(flags.includes('--orders-refund-window') && flags.includes('--test-credentials-notify'));
    const r = await cobro(['sandbox', '--help'], h.dir);
    for (const flag of flags) assert.match(r.stdout, new RegExp(`${flag}[ ,<]`), `sandbox --help lacks ${flag}`);
    h.cleanup();
  });
});
