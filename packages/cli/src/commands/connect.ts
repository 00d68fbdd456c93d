// `cobro connect`: OAuth for a seller through the client's connect flow (authorization URL with state +
// PKCE, local callback server, code exchange); prints (and at a terminal opens) the URL and stores the
// seller's tokens encrypted in a profile. `cobro tokens refresh` renews them.
import {
  BadRequestError, MercadoPagoClient, OAuthConnectError, RefreshTokenRejectedError, type ConnectedSeller, type Token,
} from '@cobro/client';
import { Command } from 'commander';
import { spawn } from 'node:child_process';
import { checkProfileName, resolveProfile, saveProfile, type OAuthTokens, type Profile } from '../config/profiles.ts';
import { decrypt, encrypt } from '../config/secrets.ts';
import { loadTestUsers, touchTestUser } from '../config/test-user-registry.ts';
import { baseUrlOf, checkBaseUrl, type CommonOptions } from '../context.ts';
import { CliError, EXIT, usageError } from '../errors.ts';
import { hint, mark, printJson, printLine } from '../output.ts';
import { action, interactive, withCommon } from '../run.ts';
import { SandboxControl } from '../sandbox-control.ts';

interface ConnectOptions extends CommonOptions { redirectUri?: string; saveAs?: string; open: boolean; timeout: string; authUrl?: string }

export function sealTokens(t: Token): OAuthTokens {
  return {
    access_token: encrypt(t.access_token),
    refresh_token: t.refresh_token ? encrypt(t.refresh_token) : undefined,
    expires_at: t.expiresAt.toISOString(),
    obtained_at: new Date().toISOString(),
    user_id: t.user_id,
    scope: t.scope,
  };
}

function openBrowser(url: string): void {
  const cmd = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  try {
    spawn(cmd, [url], { stdio: 'ignore', detached: true }).on('error', () => undefined).unref();
  } catch { /* printing the URL is enough */ }
}

export function connectCommand(): Command {
  return withCommon(new Command('connect'))
    .description('connect a seller account by OAuth (state + PKCE) and store its tokens, encrypted, in a profile')
    .option('--redirect-uri <url>', 'the app\'s redirect URI, served locally (default: profile redirect_uri, else http://127.0.0.1:<free port>/callback)')
    .option('--save-as <profile>', 'profile for the seller\'s tokens (default: seller-<user_id>)')
    .option('--auth-url <url>', 'authorization page (default: https://auth.mercadopago.com/authorization; the sandbox\'s own page on a sandbox)')
    .option('--no-open', 'do not open a browser, only print the URL')
    .option('--timeout <seconds>', 'how long to wait for the seller', '300')
    .addHelpText('after', '\nThe profile given with --profile holds the app (client id/secret). With --json: one line with the URL to open, then one with the result.')
    .action(action(async (o: ConnectOptions) => {
      const timeout = Number(o.timeout);
      if (!Number.isInteger(timeout) || timeout <= 0) throw usageError(`--timeout "${o.timeout}" must be a whole number of seconds`);
      if (o.saveAs !== undefined) checkProfileName(o.saveAs);
      const p = resolveProfile(o);
      const e = p.effective;
      if (!e.client_id || !e.client_secret) throw usageError(`profile "${p.name}" has no client id/secret of the app`, `cobro init --profile ${p.name} --client-id … --client-secret …`);
      const baseUrl = checkBaseUrl(baseUrlOf(p));
      const control = new SandboxControl(baseUrl);
      const sandbox = await control.detect();
      const client = new MercadoPagoClient({ baseUrl, maxRetries: 1, timeoutMs: 30_000 });
      let connected: ConnectedSeller;
      try {
        connected = await client.oauth.connect({
          clientId: e.client_id, clientSecret: e.client_secret, redirectUri: o.redirectUri ?? e.redirect_uri,
          authorizationUrl: o.authUrl ?? (sandbox ? `${baseUrl}/authorization` : undefined), timeoutMs: timeout * 1000,
          onAuthorizationUrl: async ({ url, redirectUri: redirect }) => {
            if (sandbox) {
              // The sandbox has no app settings page: register the callback URL on the app for the user.
              const app = await control.ok<{ redirect_uris?: string[] }>('GET', `/apps/${encodeURIComponent(e.client_id!)}`);
              if (!(app.redirect_uris ?? []).includes(redirect)) await control.ok('PATCH', `/apps/${encodeURIComponent(e.client_id!)}`, { redirect_uris: [...(app.redirect_uris ?? []), redirect] });
            }
            if (o.json) printJson({ event: 'authorize', url, redirect_uri: redirect });
            else {
              printLine(`Open this URL and sign in as the seller${sandbox ? ' (a sandbox account\'s email and password)' : ''}:\n\n  ${url}\n`);
              if (!sandbox) printLine(`(${redirect} must be one of the app's redirect URLs in Your integrations)`);
              printLine(`waiting for the callback on ${redirect} …`);
            }
            if (o.open && interactive(o)) openBrowser(url);
          },
        });
      } catch (err) {
        if (err instanceof OAuthConnectError) {
          if (err.reason === 'invalid_redirect_uri') throw usageError(err.message, 'add http://127.0.0.1:<port>/callback to the app\'s redirect URLs and pass it with --redirect-uri');
          if (err.reason === 'timeout') throw new CliError(`no callback within ${timeout} s`, 'run cobro connect again and finish the sign-in in time (or pass --timeout)');
          if (err.reason === 'denied') throw new CliError(err.message, 'run cobro connect again and choose Allow', 1, 'access_denied');
          throw new CliError(err.message, 'pass another --redirect-uri port');
        }
        if (err instanceof BadRequestError) {
          throw new CliError(`Mercado Pago refused the code: ${err.code ?? ''} ${err.message}`.trim(), 'check the client secret (cobro doctor) and run cobro connect again', EXIT.auth, 'auth', err.requestId);
        }
        throw err;
      }
      const { token } = connected;
      const me = await client.withOptions({ accessToken: token.access_token }).users.me();
      const name = o.saveAs ?? `seller-${me.id}`;
      const profile: Profile = {
        client_id: e.client_id, client_secret: e.client_secret, webhook_secret: e.webhook_secret, sponsor_id: e.sponsor_id,
        site: me.site_id, base_url: e.base_url, user_id: me.id, oauth: sealTokens(token),
      };
      saveProfile(name, profile);
      if (loadTestUsers().some((u) => u.id === me.id)) touchTestUser(me.id);
      const whose = { id: me.id, nickname: me.nickname, email: me.email, site_id: me.site_id, test_user: (me.tags ?? []).includes('test_user') };
      if (o.json) printJson({ event: 'connected', ok: true, profile: name, user: whose, expires_at: profile.oauth!.expires_at, scope: token.scope, refresh_token: Boolean(token.refresh_token) });
      else {
        printLine(`${mark.ok} connected ${me.nickname} (user_id ${me.id}, ${me.site_id}${whose.test_user ? ', test user' : ''}, ${me.email})`);
        printLine(`  tokens saved encrypted in profile "${name}"; access token valid until ${profile.oauth!.expires_at}`);
        hint(`  use it: cobro pos list --profile ${name}   renew: cobro tokens refresh --profile ${name}`);
      }
    }));
}

export function tokensCommand(): Command {
  const refresh = withCommon(new Command('refresh'))
    .description('renew a connected seller\'s access token with its refresh token (MP issues a new refresh token too)')
    .action(action(async (o: CommonOptions) => {
      const p = resolveProfile(o);
      const e = p.effective;
      if (!e.oauth?.refresh_token) throw usageError(`profile "${p.name}" has no OAuth refresh token`, 'connect the seller first: cobro connect --profile <app profile>');
      if (!e.client_id || !e.client_secret) throw usageError(`profile "${p.name}" has no client id/secret`, `cobro init --profile ${p.name} --client-id … --client-secret …`);
      const client = new MercadoPagoClient({ baseUrl: checkBaseUrl(baseUrlOf(p)), maxRetries: 1, timeoutMs: 30_000 });
      let token: Token;
      try {
        token = await client.oauth.refresh({ clientId: e.client_id, clientSecret: e.client_secret, refreshToken: decrypt(e.oauth.refresh_token) });
      } catch (err) {
        if (err instanceof RefreshTokenRejectedError) {
          throw new CliError(`Mercado Pago refused the refresh token (${err.code}): it was used already, expired or the seller unlinked the app`,
            `connect the seller again: cobro connect --save-as ${p.name}`, EXIT.auth, 'auth', err.requestId);
        }
        throw err;
      }
      const stored = { ...p.stored, oauth: { ...sealTokens(token), refresh_token: token.refresh_token ? encrypt(token.refresh_token) : e.oauth.refresh_token } };
      saveProfile(p.name, stored);
      if (o.json) return printJson({ ok: true, profile: p.name, user_id: token.user_id, expires_at: stored.oauth.expires_at });
      printLine(`${mark.ok} refreshed profile "${p.name}" (user_id ${token.user_id}); valid until ${stored.oauth.expires_at}`);
    }));
  return new Command('tokens').description('manage connected sellers\' OAuth tokens').addCommand(refresh);
}
