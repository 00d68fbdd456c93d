import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSandbox, type Sandbox } from '../src/index.ts';
import { accountWithApp, emit } from './http.ts';
import { retryDelay } from '../src/notifications/deliveries.ts';
import { receiver, verifies } from './notifications-helpers.ts';

const MIN = 60_000;

async function seller(sb: Sandbox, url = 'https://pos.example/h') {
  const s = await accountWithApp(sb, { site_id: 'MLA', webhook_url: url });
  const send = (resourceId = 'ORD1', action = 'order.processed') =>
    emit(sb, { topic: 'order', action, user_id: s.account.id, client_id: s.app.client_id, resource_id: resourceId, live_mode: false });
  return { ...s, send };
}

test('a 500 is retried on the virtual clock every 15 min until the receiver answers 200', async () => {
  const rx = receiver((n) => (n < 3 ? 500 : 200));
  const sb = createSandbox({ seed: 'rt-1', webhookFetch: rx.fetch });
  const { app, send } = await seller(sb);
  await send();
  await sb.control.webhooks.idle();
  let [d] = sb.control.webhooks.list();
  assert.equal(d.status, 'pending');
  assert.equal(d.attempts.length, 1);
  assert.equal(d.attempts[0].status, 500);
  assert.match(d.attempts[0].error!, /500/);
  assert.equal(d.next_attempt_at, new Date(Date.parse(sb.control.clock.now()) + 15 * MIN).toISOString());
  assert.ok(sb.control.clock.get().pending.some((t) => t.kind === 'webhook.retry' && t.ref === d.id));

  await sb.control.clock.advance(15 * MIN - 1);
  assert.equal(rx.got.length, 1, 'nothing before the retry is due');
  await sb.control.clock.advance(1);
  assert.equal(rx.got.length, 2);
  await sb.control.clock.advance('15m');
  assert.equal(rx.got.length, 3);
  [d] = sb.control.webhooks.list();
  assert.equal(d.status, 'delivered');
  assert.deepEqual(d.attempts.map((a) => a.status), [500, 500, 200]);
  assert.equal(d.next_attempt_at, null);
  // Every attempt is signed afresh: new request id, ts of the attempt.
  assert.equal(new Set(rx.got.map((r) => r.headers['x-request-id'])).size, 3);
  assert.ok(rx.got.every((r) => verifies(r, app.webhook_secret)));
  assert.ok(rx.got.every((r) => r.body.id === rx.got[0].body.id), 'the notification id stays the same across retries');
  assert.deepEqual(d.attempts.map((a) => a.request_id), rx.got.map((r) => r.headers['x-request-id']));

  await sb.control.clock.advance('P1D');
  assert.equal(rx.got.length, 3, 'no more attempts after success');
});

test('only 200 and 201 count as delivered', async () => {
  const rx = receiver((_n, r) => (r.url.searchParams.get('data.id') === 'A' ? 201 : 204));
  const sb = createSandbox({ seed: 'rt-2', webhookFetch: rx.fetch });
  const { send } = await seller(sb);
  await send('A');
  await send('B');
  await sb.control.webhooks.idle();
  const byId = Object.fromEntries(sb.control.webhooks.list().map((d) => [d.resource_id, d.status]));
  assert.deepEqual(byId, { A: 'delivered', B: 'pending' });
});

test('the interval grows after the third attempt and delivery gives up after webhookMaxAttempts', async () => {
  assert.deepEqual([2, 3, 4, 5, 6].map((n) => retryDelay(n, 15)), [15, 15, 30, 60, 120]);
  const rx = receiver(() => 503);
  const sb = createSandbox({ seed: 'rt-3', webhookFetch: rx.fetch, webhookMaxAttempts: 5 });
  const { send } = await seller(sb);
  const t0 = Date.parse(sb.control.clock.now());
  await send();
  await sb.control.webhooks.idle();
  await sb.control.clock.advance('P2D');
  const [d] = sb.control.webhooks.list();
  assert.equal(d.status, 'failed');
  assert.deepEqual(d.attempts.map((a) => (Date.parse(a.at) - t0) / MIN), [0, 15, 30, 60, 120]);
  assert.equal(d.next_attempt_at, null);
});

test('a receiver slower than webhookTimeoutMs fails the attempt (real timeout), and the retry succeeds', async () => {
  let calls = 0;
  const sb = createSandbox({
    seed: 'rt-4', webhookTimeoutMs: 30,
    // First call never answers (and ignores the abort signal); the next answers at once.
    webhookFetch: async () => (++calls === 1 ? new Promise<Response>(() => {}) : new Response('ok')),
  });
  const { send } = await seller(sb);
  await send();
  await sb.control.webhooks.idle();
  let [d] = sb.control.webhooks.list();
  assert.equal(d.status, 'pending');
  assert.match(d.attempts[0].error!, /timed out after 30 ms/);
  assert.equal(d.attempts[0].status, null);
  await sb.control.clock.advance('PT15M');
  [d] = sb.control.webhooks.list();
  assert.equal(d.status, 'delivered');
  assert.equal(calls, 2);
});

test('a network error is logged and retried', async () => {
  let calls = 0;
  const sb = createSandbox({
    seed: 'rt-5',
    webhookFetch: async () => {
      if (++calls === 1) throw new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });
      return new Response('ok');
    },
  });
  await (await seller(sb)).send();
  await sb.control.webhooks.idle();
  assert.equal(sb.control.webhooks.list()[0].attempts[0].error, 'fetch failed (ECONNREFUSED)');
  await sb.control.clock.advance('15m');
  assert.equal(sb.control.webhooks.list()[0].status, 'delivered');
});

test('replay re-sends now with the same body and a new request id and signature', async () => {
  const rx = receiver();
  const sb = createSandbox({ seed: 'rt-6', webhookFetch: rx.fetch });
  const { app, send } = await seller(sb);
  await send();
  await sb.control.webhooks.idle();
  const [d] = sb.control.webhooks.list();
  await sb.control.clock.advance('10s');
  const res = await sb.fetch(`https://api.mercadopago.com/__sandbox/webhooks/${d.id}/replay`, { method: 'POST' });
  assert.equal(res.status, 200);
  const after = await res.json() as { attempts: { replay: boolean; status: number }[]; status: string };
  assert.equal(rx.got.length, 2);
  assert.deepEqual(rx.got[1].body, rx.got[0].body);
  assert.notEqual(rx.got[1].headers['x-request-id'], rx.got[0].headers['x-request-id']);
  assert.notEqual(rx.got[1].headers['x-signature'], rx.got[0].headers['x-signature']);
  assert.ok(verifies(rx.got[1], app.webhook_secret));
  assert.deepEqual(after.attempts.map((a) => [a.replay, a.status]), [[false, 200], [true, 200]]);
  assert.equal(after.status, 'delivered');

  const missing = await sb.fetch('https://api.mercadopago.com/__sandbox/webhooks/wh_999/replay', { method: 'POST' });
  assert.equal(missing.status, 404);
  assert.equal((await missing.json() as { error: string }).error, 'not_found');
  assert.equal(rx.got.length, 2);
});

test('a successful replay of a failing delivery cancels its pending retry', async () => {
  const rx = receiver((n) => (n === 1 ? 500 : 200));
  const sb = createSandbox({ seed: 'rt-7', webhookFetch: rx.fetch });
  await (await seller(sb)).send();
  await sb.control.webhooks.idle();
  const [d] = sb.control.webhooks.list();
  const replayed = await sb.control.webhooks.replay(d.id);
  assert.equal(replayed?.status, 'delivered');
  await sb.control.clock.advance('1h');
  assert.equal(rx.got.length, 2);
});

test('the log over HTTP: newest first, filters, one delivery with request and attempts', async () => {
  const rx = receiver((_n, r) => (r.body.action === 'order.canceled' ? 500 : 200));
  const sb = createSandbox({ seed: 'rt-8', webhookFetch: rx.fetch });
  const a = await seller(sb);
  const b = await seller(sb, 'https://other.example/h');
  await a.send('ORD_A1', 'order.processed');
  await a.send('ORD_A2', 'order.canceled');
  await b.send('ORD_B1', 'order.processed');
  await emit(sb, { topic: 'payment', action: 'payment.created', user_id: a.account.id, client_id: a.app.client_id, resource_id: '777', live_mode: false });
  await sb.control.webhooks.idle();
  const get = async (q: string) => {
    const res = await sb.fetch(`https://api.mercadopago.com/__sandbox/webhooks${q}`);
    assert.equal(res.status, 200);
    return (await res.json() as { results: { id: string; resource_id: string }[] }).results.map((d) => d.resource_id);
  };
  assert.deepEqual(await get(''), ['777', 'ORD_B1', 'ORD_A2', 'ORD_A1']);
  assert.deepEqual(await get('?status=pending'), ['ORD_A2']);
  assert.deepEqual(await get('?topic=payment'), ['777']);
  assert.deepEqual(await get('?resource_id=ORD_B1'), ['ORD_B1']);
  assert.deepEqual(await get(`?user_id=${a.account.id}`), ['777', 'ORD_A2', 'ORD_A1']);
  assert.deepEqual(await get(`?user_id=${a.account.id}&topic=order&status=delivered`), ['ORD_A1']);

  const [{ id }] = sb.control.webhooks.list({ resource_id: 'ORD_A2' });
  const res = await sb.fetch(`https://api.mercadopago.com/__sandbox/webhooks/${id}`);
  const d = await res.json() as Record<string, any>;
  assert.equal(d.id, id);
  assert.equal(d.kind, 'webhook');
  assert.equal(d.topic, 'order');
  assert.equal(d.action, 'order.canceled');
  assert.equal(d.user_id, a.account.id);
  assert.equal(d.client_id, a.app.client_id);
  assert.equal(d.request.method, 'POST');
  assert.equal(d.request.url, 'https://pos.example/h?data.id=ORD_A2&type=order');
  assert.equal(d.request.headers['x-request-id'], rx.got.find((r) => r.body.action === 'order.canceled')!.headers['x-request-id']);
  assert.match(d.request.headers['x-signature'], /^ts=\d+,v1=[0-9a-f]{64}$/);
  assert.equal(d.request.body.data.id, 'ORD_A2');
  assert.equal(d.attempts.length, 1);
  assert.equal(d.attempts[0].number, 1);
  assert.equal(d.attempts[0].at, sb.control.clock.now());
  assert.equal(d.attempts[0].status, 500);
  assert.equal(typeof d.attempts[0].duration_ms, 'number');
  assert.equal(d.attempts[0].response_body, 'ok');

  const missing = await sb.fetch('https://api.mercadopago.com/__sandbox/webhooks/wh_0');
  assert.equal(missing.status, 404);
});

test('idle() over HTTP waits for in-flight deliveries', async () => {
  let release!: () => void;
  const gate = new Promise<void>((r) => { release = r; });
  const sb = createSandbox({ seed: 'rt-9', webhookFetch: async () => { await gate; return new Response('ok'); } });
  await (await seller(sb)).send();
  let settled = false;
  const idle = sb.fetch('https://api.mercadopago.com/__sandbox/webhooks/idle', { method: 'POST' }).then((r) => { settled = true; return r; });
  await new Promise((r) => setImmediate(r));
  await new Promise((r) => setImmediate(r));
  assert.equal(settled, false);
  release();
  const res = await idle;
  assert.deepEqual(await res.json(), { in_flight: 0 });
  assert.equal(sb.control.webhooks.list()[0].status, 'delivered');
});

test('a receiver that calls back into the sandbox during delivery does not deadlock idle()', async () => {
  let sb!: Sandbox;
  let fetched = 0;
  sb = createSandbox({
    seed: 'rt-10',
    webhookFetch: async () => { fetched = (await sb.fetch('https://api.mercadopago.com/__sandbox/clock')).status; return new Response('ok'); },
  });
  await (await seller(sb)).send();
  await sb.control.webhooks.idle();
  assert.equal(fetched, 200);
});

test('the log keeps at most webhookLogLimit deliveries, forgetting the oldest finished ones', async () => {
  const rx = receiver((_n, r) => (r.url.searchParams.get('data.id') === 'ORD1' ? 500 : 200));
  const sb = createSandbox({ seed: 'rt-11', webhookFetch: rx.fetch, webhookLogLimit: 3 });
  const { send } = await seller(sb);
  for (const id of ['ORD1', 'ORD2', 'ORD3']) await send(id);
  await sb.control.webhooks.idle();
  await send('ORD4');
  await send('ORD5');
  await sb.control.webhooks.idle();
  assert.deepEqual(sb.control.webhooks.list().map((d) => d.resource_id), ['ORD5', 'ORD4', 'ORD1'], 'ORD1 is still retrying, so it stays');
});
