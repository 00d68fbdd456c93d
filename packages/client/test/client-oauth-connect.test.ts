// oauth.connect against the sandbox: a local callback server, the authorization URL with state + PKCE, the
// seller's consent (the sandbox's control plane standing in for the browser), the exchange; a forged
// state is ignored, a denial and a timeout are typed; refresh tokens are single use.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSandbox, type Sandbox } from '@cobro/sandbox';
import { MercadoPagoClient, OAuthConnectError, RefreshTokenRejectedError, listenForOAuthCallback, type Transport } from '../src/index.ts';

/** Put the loopback redirect URI on the app, as a developer does in Your integrations. */
async function allowRedirect(sb: Sandbox, clientId: string, uri: string): Promise<void> {
  const res = await sb.fetch(`https://api.mercadopago.com/__sandbox/apps/${clientId}`, {
    method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ redirect_uris: [uri] }),
  });
  assert.equal(res.status, 200, await res.text());
}

test('connect: PKCE URL, forged-state callback ignored, code exchanged for the seller\'s tokens; refresh is single use', async () => {
  const sb = createSandbox({ seed: 'oauth-connect' });
  const app = sb.control.accounts.create({ site_id: 'MLA', pkce: true });
  const seller = sb.control.accounts.create({ site_id: 'MLA' });
  const client = new MercadoPagoClient({ transport: sb.fetch, sleep: async () => {} });
  let shown: URL | undefined;
  const { token, redirectUri } = await client.oauth.connect({
    clientId: app.client_id, clientSecret: app.client_secret, authorizationUrl: 'https://api.mercadopago.com/authorization',
    onAuthorizationUrl: async ({ url, redirectUri: uri, state }) => {
      shown = new URL(url);
      await allowRedirect(sb, app.client_id, uri);
      // A callback with another state gets a 400 page and does not end the wait.
      const forged = await fetch(`${uri}?code=TG-forged&state=not-ours`);
      assert.equal(forged.status, 400);
      assert.equal((await fetch(new URL('/elsewhere', uri))).status, 404);
      const q = shown.searchParams;
      const { redirect_url } = sb.control.accounts.authorize({
        client_id: app.client_id, user_id: seller.user_id, redirect_uri: uri, state,
        code_challenge: q.get('code_challenge')!, code_challenge_method: q.get('code_challenge_method') as 'S256',
      });
      const landed = await fetch(redirect_url);
      assert.equal(landed.status, 200);
      assert.match(await landed.text(), /Connected/);
    },
  });
  assert.match(redirectUri, /^http:\/\/127\.0\.0\.1:\d+\/callback$/);
  assert.equal(shown!.searchParams.get('redirect_uri'), redirectUri);
  assert.equal(shown!.searchParams.get('code_challenge_method'), 'S256');
  assert.equal(token.user_id, seller.user_id);
  assert.ok(token.refresh_token);
  // The callback server is gone once connect returns.
  await assert.rejects(fetch(`${redirectUri}?state=x`));

  const renewed = await client.oauth.refresh({ clientId: app.client_id, clientSecret: app.client_secret, refreshToken: token.refresh_token! });
  assert.notEqual(renewed.refresh_token, token.refresh_token);
  // MP's x-request-id, as the sandbox sent it, stays on the typed error.
  let sent: string | null = null;
  const noting: Transport = async (input, init) => {
    const res = await sb.fetch(input, init);
    sent = res.headers.get('x-request-id');
    return res;
  };
  const spent = await client.withOptions({ transport: noting }).oauth
    .refresh({ clientId: app.client_id, clientSecret: app.client_secret, refreshToken: token.refresh_token! }).catch((e) => e);
  assert.ok(spent instanceof RefreshTokenRejectedError, String(spent));
  assert.equal(spent.code, 'invalid_grant');
  assert.equal(spent.status, 400);
  assert.ok(sent);
  assert.equal(spent.requestId, sent);
  sb.close();
});

test('connect: a denial and a timeout are OAuthConnectError; a redirect URI off this machine is refused before listening', async () => {
  const sb = createSandbox({ seed: 'oauth-deny' });
  const app = sb.control.accounts.create({ site_id: 'MLA' });
  const client = new MercadoPagoClient({ transport: sb.fetch });
  const base = { clientId: app.client_id, clientSecret: app.client_secret };
  const denied = await client.oauth.connect({
    ...base, onAuthorizationUrl: async ({ redirectUri, state }) => {
      assert.equal((await fetch(`${redirectUri}?error=access_denied&state=${state}`)).status, 400);
    },
  }).catch((e) => e);
  assert.ok(denied instanceof OAuthConnectError && denied.reason === 'denied' && denied.error === 'access_denied', String(denied));

  const late = await client.oauth.connect({ ...base, timeoutMs: 20, onAuthorizationUrl: () => {} }).catch((e) => e);
  assert.ok(late instanceof OAuthConnectError && late.reason === 'timeout', String(late));
  const ctrl = new AbortController();
  const reason = new Error('user pressed Ctrl-C');
  const aborted = await client.oauth.connect({ ...base, signal: ctrl.signal, onAuthorizationUrl: () => { setTimeout(() => ctrl.abort(reason), 5); } }).catch((e) => e);
  assert.equal(aborted, reason);

  const remote = await client.oauth.connect({ ...base, redirectUri: 'https://shop.example/cb', onAuthorizationUrl: () => {} }).catch((e) => e);
  assert.ok(remote instanceof OAuthConnectError && remote.reason === 'invalid_redirect_uri', String(remote));
  assert.match(remote.message, /not on this machine/);

  // The port of a given redirect URI is the one listened on; a second server on it cannot listen.
  const first = await listenForOAuthCallback();
  const busy = await listenForOAuthCallback({ redirectUri: first.redirectUri }).catch((e) => e);
  assert.ok(busy instanceof OAuthConnectError && busy.reason === 'listen_failed', String(busy));
  first.close();
  sb.close();
});
