// `onAttempt`: every HTTP attempt reported once it ends — status, duration, MP's request id — retries included,
// for a client and the clients derived from it; an observer that throws never breaks the call.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MercadoPagoClient, NotFoundError, type AttemptInfo } from '../src/index.ts';
import { json, recording, resetError, sandbox, sandboxSeller, sleeper } from './helpers.ts';

test('each attempt is reported, retries and failures included, on derived clients too', async () => {
  const sb = sandbox('observe');
  const seller = await sandboxSeller(sb);
  const { fetch } = recording(sb.fetch, [json(503, { message: 'down', error: 'service_unavailable', status: 503, cause: [] }, { 'x-request-id': 'mp-req-1' }), resetError()]);
  const seen: AttemptInfo[] = [];
  const base = new MercadoPagoClient({ transport: fetch, sleep: sleeper().sleep, onAttempt: (a) => seen.push(a) });
  const client = base.withOptions({ accessToken: seller.accessToken });
  const me = await client.users.me();
  assert.equal(me.id, seller.userId);
  assert.deepEqual(seen.map((a) => [a.method, a.path, a.status, a.attempt, a.requestId]), [
    ['GET', '/users/me', 503, 0, 'mp-req-1'], ['GET', '/users/me', undefined, 1, undefined], ['GET', '/users/me', 200, 2, seen[2]!.requestId],
  ]);
  assert.ok(seen.every((a) => a.durationMs >= 0));
  assert.equal(seen[2]!.error, undefined);
  assert.ok(seen[0]!.error instanceof Error && seen[1]!.error instanceof Error);
  await assert.rejects(client.orders.get('ORD00000000000000000000000000'), NotFoundError);
  const last = seen.at(-1)!;
  assert.equal(last.status, 404);
  assert.ok(last.error instanceof NotFoundError);
  assert.doesNotMatch(JSON.stringify(seen), new RegExp(seller.accessToken), 'no token in what an observer sees');
});

test('an observer that throws does not break the call', async () => {
  const sb = sandbox('observe-throws');
  const seller = await sandboxSeller(sb);
  const client = new MercadoPagoClient({ transport: sb.fetch, accessToken: seller.accessToken, onAttempt: () => { throw new Error('observer bug'); } });
  assert.equal((await client.users.me()).id, seller.userId);
});
