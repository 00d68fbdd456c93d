// The request id of a Mercado Pago error reaches the person: what the sandbox sent on the wire as
// `x-request-id` is the `request_id` of the `--json` error object and the "(request id …)" of the error line.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cobro, initDemo, startSandbox, tempHome, type TestSandbox } from './helpers.ts';

let t: TestSandbox;
let home: ReturnType<typeof tempHome>;
let proxy: Server;
let proxyUrl: string;
/** The x-request-id of every answer that passed through the proxy, in order. */
const sent: string[] = [];

before(async () => {
  t = await startSandbox('cli-request-id');
  home = tempHome();
  await initDemo(home.dir, t);
  // A pass-through in front of the sandbox that notes each answer's x-request-id.
  const target = new URL(t.url);
  proxy = createServer((req, res) => {
    const up = request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (r) => {
      sent.push(String(r.headers['x-request-id']));
      res.writeHead(r.statusCode!, r.headers);
      r.pipe(res);
    });
    req.pipe(up);
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
});
after(async () => { proxy.close(); await t.close(); home.cleanup(); });

test('an MP error under --json carries the request_id the sandbox sent; the error line shows it too', async () => {
  const r = await cobro(['orders', 'get', 'ORD01JE48XZBYRK6W22V7DFQRABEV', '--base-url', proxyUrl, '--json'], home.dir);
  assert.equal(r.code, 2, r.stderr);
  const { error } = r.json();
  assert.equal(error.code, 'order_not_found');
  assert.match(error.request_id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.equal(error.request_id, sent.at(-1), 'the id on the wire');
  assert.ok(r.stderr.includes(`(request id ${error.request_id})`), r.stderr);
});
