// The client's helpers against what the sandbox produces: signed webhook deliveries, and the OAuth
// authorization-code grant with PKCE.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSandbox } from '@cobro/sandbox';
import { BadRequestError, MercadoPagoClient, generatePkce, generateState, parseNotification, tokenExpiry, verifyWebhookRequest } from '../src/index.ts';

test('a webhook the sandbox signs verifies and parses with the client helpers', async () => {
  const received: Request[] = [];
  const sb = createSandbox({ seed: 'interop-webhook', webhookFetch: async (req) => { received.push(req); return new Response(null, { status: 200 }); } });
  const seller = sb.control.accounts.create({ site_id: 'MLA', webhook_url: 'https://hooks.example/mp' });
  sb.state.notify({
    topic: 'order', action: 'order.processed', userId: seller.user_id, clientId: seller.client_id,
    resourceId: 'ORD01JE48XZBYRK6W22V7DFQRABEV', data: { status: 'processed' }, liveMode: false,
  });
  await sb.control.webhooks.idle();
  assert.equal(received.length, 1);
  const req = received[0];
  const body = await req.clone().text();
  // The sandbox runs on a virtual clock: verify against its time.
  assert.deepEqual(verifyWebhookRequest(seller.webhook_secret, req, { now: sb.state.now() }), { ok: true, ts: Math.floor(sb.state.now() / 1000), idCase: 'asis' });
  assert.equal(verifyWebhookRequest('wrong-secret', req, { now: sb.state.now() }).ok, false);
  const n = parseNotification(req.url, body);
  assert.equal(n.kind, 'webhook');
  if (n.kind !== 'webhook') return;
  assert.equal(n.type, 'order');
  assert.equal(n.action, 'order.processed');
  assert.equal(n.dataId, 'ORD01JE48XZBYRK6W22V7DFQRABEV');
  assert.equal(n.ref.path, '/v1/orders/ORD01JE48XZBYRK6W22V7DFQRABEV');
  sb.close();
});

test('PKCE: the sandbox accepts the verifier for the challenge the client made, and the token expiry is tracked', async () => {
  const sb = createSandbox({ seed: 'interop-pkce' });
  const integrator = sb.control.accounts.create({ site_id: 'MLB', redirect_uris: ['https://int.example/cb'], pkce: true });
  const seller = sb.control.accounts.create({ site_id: 'MLB' });
  const pkce = generatePkce();
  const state = generateState();
  const { code, redirect_url } = sb.control.accounts.authorize({
    client_id: integrator.client_id, user_id: seller.user_id, state, code_challenge: pkce.challenge, code_challenge_method: 'S256',
  });
  assert.equal(new URL(redirect_url).searchParams.get('state'), state);
  const client = new MercadoPagoClient({ transport: sb.fetch, maxRetries: 0 });
  const tokenBody = {
    client_id: integrator.client_id, client_secret: integrator.client_secret, grant_type: 'authorization_code',
    code, redirect_uri: 'https://int.example/cb',
  };
  // A wrong verifier is refused…
  const bad = await client.sender.send({ method: 'POST', path: '/oauth/token', authenticated: false, body: { ...tokenBody, code_verifier: generatePkce().verifier } }).catch((e) => e);
  assert.ok(bad instanceof BadRequestError, String(bad));
  // …a fresh code with the right one is accepted.
  const again = sb.control.accounts.authorize({ client_id: integrator.client_id, user_id: seller.user_id, code_challenge: pkce.challenge, code_challenge_method: 'S256' });
  const obtainedAt = sb.state.now();
  const token = await client.sender.send<{ access_token: string; user_id: number; expires_in: number }>({
    method: 'POST', path: '/oauth/token', authenticated: false, body: { ...tokenBody, code: again.code, code_verifier: pkce.verifier },
  });
  assert.equal(token.user_id, seller.user_id);
  const expiry = tokenExpiry(token, obtainedAt);
  assert.equal(expiry.expiresAt.getTime(), obtainedAt + token.expires_in * 1000);
  assert.equal(expiry.shouldRefresh(obtainedAt), false);
  const me = await client.withOptions({ accessToken: token.access_token }).sender.send<{ id: number }>({ method: 'GET', path: '/users/me' });
  assert.equal(me.id, seller.user_id);
  sb.close();
});
