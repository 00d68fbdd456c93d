// What the packaging test's consumer projects run: a type-level use of the public API (checked by tsc as
// ESM and as CJS) and runtime checks (run by plain node from a .mjs and a .cjs file).

// The @ts-expect-error lines fail the check if the types degrade to `any`.
export const CHECK_TS = `
import { MercadoPagoClient, NotFoundError, crc16, toOrdersAmount, type ClientConfig, type Transport } from '@cobro/client';
import { createSandbox, type Sandbox, type SandboxOptions } from '@cobro/sandbox';
const crc: string = crc16('123456789');
// @ts-expect-error crc16 takes the payload string
crc16(0x29b1);
const amount: string = toOrdersAmount(15050, 'MLA');
// @ts-expect-error not a site id
toOrdersAmount(15050, 'XXX');
const transport: Transport = async () => new Response('{}');
const config: ClientConfig = { accessToken: 'TEST-1', transport, maxRetries: 0 };
const client = new MercadoPagoClient(config);
const options: SandboxOptions = { seed: 'types' };
const sb: Sandbox = createSandbox(options);
// @ts-expect-error the seed is a string
createSandbox({ seed: 1 });
const sandboxed = new MercadoPagoClient({ accessToken: 'TEST-1', transport: sb.fetch });
async function main(): Promise<void> {
  try {
    const order = await client.sender.send<{ id: string }>({ method: 'GET', path: '/v1/orders/ORD1' });
    const id: string = order.id;
    void id;
  } catch (e) {
    if (e instanceof NotFoundError) {
      const status: number | undefined = e.status;
      void status;
    }
  }
}
void main; void crc; void amount; void sandboxed;
`;

// The same checks in both module systems. The prelude defines \`api\` (the client), \`loadSandbox()\` and
// \`req\` (a require, for reading the module cache). Prints one JSON line.
export const RUNTIME_CHECKS = `
const loaded = (name) => Object.keys(req.cache).some((p) => p.replaceAll('\\\\', '/').includes('/node_modules/' + name + '/'));
// undici and qrcode are loaded on first use, not at import.
const atImport = { undici: loaded('undici'), qrcode: loaded('qrcode') };
const seen = [];
const transport = async (url, init) => {
  seen.push({ url: String(url), method: init.method, auth: init.headers.Authorization, key: init.headers['X-Idempotency-Key'] });
  if (String(url).endsWith('/missing')) {
    return new Response(JSON.stringify({ message: 'order not found', error: 'not_found', status: 404 }), { status: 404 });
  }
  return new Response(JSON.stringify({ id: 'ORD1', total_amount: init.body ? JSON.parse(init.body).total_amount : '1.00' }), {
    status: 200, headers: { 'x-request-id': 'req-1' },
  });
};
const client = new api.MercadoPagoClient({ accessToken: 'TEST-seller', baseUrl: 'https://mp.test', transport, maxRetries: 0 });
const other = client.withOptions({ accessToken: 'TEST-other' });
const got = await client.sender.send({ method: 'GET', path: '/v1/orders/ORD1' });
const created = await other.sender.send({
  method: 'POST', path: '/v1/orders', body: { total_amount: api.toOrdersAmount(15050, 'MLA') }, options: { idempotencyKey: 'k-1' },
});
let notFound;
try { await client.sender.send({ method: 'GET', path: '/missing' }); } catch (e) {
  notFound = { name: e.name, isNotFound: e instanceof api.NotFoundError, isBase: e instanceof api.MercadoPagoError, status: e.status, code: e.code };
}
const svg = await api.renderQrSvg('000201');
const qrcodeAfterRender = loaded('qrcode');

// The sandbox as the client's Mercado Pago: a store, a POS, a dynamic QR order, the test buyer pays it.
const { createSandbox } = await loadSandbox();
const sb = createSandbox({ seed: 'packaging' });
const seller = sb.control.accounts.create({ site_id: 'MLA' });
const mp = new api.MercadoPagoClient({ accessToken: seller.access_token, transport: sb.fetch });
await mp.stores.create(seller.user_id, { name: 'Centro', external_id: 'S1', location: { street_number: '100', street_name: 'Florida',
  city_name: 'San Nicolas', state_name: 'Capital Federal', latitude: -34.6, longitude: -58.37 } });
await mp.pos.create({ name: 'Caja 1', fixed_amount: true, external_store_id: 'S1', external_id: 'POS1' });
const order = await mp.orders.createQr({ amount: api.amount('150.50', 'MLA'), externalPosId: 'POS1', mode: 'dynamic', externalReference: 'pack-1' });
sb.control.buyer.pay({ qr_data: order.type_response.qr_data, card: 'APRO' });
const paid = await mp.orders.get(order.id);
sb.close();

console.log(JSON.stringify({
  crc: api.crc16('123456789'),
  qrValid: api.hasValidCrc(api.withCrc('000201010212')),
  amount: api.toOrdersAmount(15050, 'MLA'),
  clp: api.toOrdersAmount(1500, 'MLC'),
  got: { id: got.id, requestId: got.lastResponse.requestId },
  created: created.total_amount,
  seen,
  notFound,
  svg: svg.startsWith('<svg'),
  atImport,
  qrcodeAfterRender,
  clientToken: client.config.accessToken,
  sandbox: { created: order.status, paid: paid.status, amount: paid.total_amount, qrValid: api.hasValidCrc(order.type_response.qr_data) },
}));
`;

export const EXPECTED = {
  crc: '29B1',
  qrValid: true,
  amount: '150.50',
  clp: '1500',
  got: { id: 'ORD1', requestId: 'req-1' },
  created: '150.50',
  seen: [
    { url: 'https://mp.test/v1/orders/ORD1', method: 'GET', auth: 'Bearer TEST-seller' },
    { url: 'https://mp.test/v1/orders', method: 'POST', auth: 'Bearer TEST-other', key: 'k-1' },
    { url: 'https://mp.test/missing', method: 'GET', auth: 'Bearer TEST-seller' },
  ],
  notFound: { name: 'NotFoundError', isNotFound: true, isBase: true, status: 404, code: 'not_found' },
  svg: true,
  atImport: { undici: false, qrcode: false },
  qrcodeAfterRender: true,
  clientToken: 'TEST-seller',
  sandbox: { created: 'created', paid: 'processed', amount: '150.50', qrValid: true },
};
