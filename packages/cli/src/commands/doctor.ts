// `cobro doctor`: the setup checklist against MP (or a sandbox). Each item is ✔, ✘ (with the fix) or !
// (worth a look, not a failure). Exit 1 when any item fails.
import { AuthenticationError, MercadoPagoClient, type User } from '@cobro/client';
import { Command } from 'commander';
import { ENV_OVERRIDES, overrideSummary, resolveProfile, type ResolvedProfile } from '../config/profiles.ts';
import { idleDays, IDLE_WARNING_DAYS, loadTestUsers, TEST_USER_IDLE_DAYS } from '../config/test-user-registry.ts';
import { accessTokenOf, baseUrlOf, checkBaseUrl, type CommonOptions } from '../context.ts';
import { EXIT, toCliError } from '../errors.ts';
import { hint, mark, printJson, printLine } from '../output.ts';
import { action, withCommon } from '../run.ts';
import { SandboxControl } from '../sandbox-control.ts';

export type CheckStatus = 'ok' | 'fail' | 'warn';
export interface Check { id: string; status: CheckStatus; title: string; detail?: string; fix?: string }

interface SandboxApp { client_id: string; redirect_uris?: string[]; pkce?: boolean; webhook_url?: string | null }
interface SandboxAccount { user_id: number; kind?: string; status?: string }

async function reachable(url: string): Promise<{ ok: boolean; detail: string }> {
  try {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}', signal: AbortSignal.timeout(5000) });
    await res.arrayBuffer();
    return { ok: res.status < 500, detail: `answered ${res.status}` };
  } catch (err) {
    return { ok: false, detail: `no answer (${(err as Error).cause instanceof Error ? ((err as Error).cause as Error).message : (err as Error).message})` };
  }
}

export async function runChecks(p: ResolvedProfile): Promise<{ checks: Check[]; sandbox: boolean; baseUrl: string }> {
  const checks: Check[] = [];
  const add = (c: Check) => checks.push(c);
  const e = p.effective;
  const baseUrl = checkBaseUrl(baseUrlOf(p));
  const control = new SandboxControl(baseUrl);
  const sandbox = await control.detect();
  const profileFlag = p.name === 'default' ? '' : ` --profile ${p.name}`;

  if (p.fromEnv.length) {
    add({ id: 'env_overrides', status: 'warn', title: 'environment overrides', detail: `${overrideSummary(p.fromEnv)} replace${p.fromEnv.length > 1 ? '' : 's'} ${p.exists ? `the values of profile "${p.name}"` : 'a profile (none is stored)'}`,
      fix: `unset ${p.fromEnv.map((f) => ENV_OVERRIDES[f as keyof typeof ENV_OVERRIDES]).join(' ')} to use the profile's values` });
  }
  let token: string;
  try {
    token = accessTokenOf(p);
  } catch (err) {
    const c = toCliError(err);
    add({ id: 'token', status: 'fail', title: 'access token', detail: c.message, fix: c.fix });
    return { checks, sandbox, baseUrl };
  }
  const client = new MercadoPagoClient({ accessToken: token, baseUrl, maxRetries: 1, timeoutMs: 15_000 });

  let me: User;
  try {
    me = await client.users.me();
    add({ id: 'token', status: 'ok', title: 'access token valid', detail: `belongs to ${me.nickname} (user_id ${me.id}, ${me.email})` });
  } catch (err) {
    const c = toCliError(err);
    add({ id: 'token', status: 'fail', title: 'access token', detail: c.message, fix: err instanceof AuthenticationError ? c.fix : c.fix ?? `check the profile's base_url (${baseUrl})` });
    return { checks, sandbox, baseUrl };
  }
  const isTest = (me.tags ?? []).includes('test_user') || token.startsWith('TEST-');
  add({ id: 'environment', status: 'ok', title: 'environment', detail: `${isTest ? 'test' : 'production'} credentials${sandbox ? ` on the cobro sandbox at ${baseUrl}` : ` on ${baseUrl}`}` });

  if (!e.site) add({ id: 'site', status: 'warn', title: 'site', detail: `not set in the profile; the account's site is ${me.site_id}`, fix: `cobro init${profileFlag} --site ${me.site_id}` });
  else if (e.site !== me.site_id) add({ id: 'site', status: 'fail', title: 'site', detail: `profile says ${e.site} but the account is on ${me.site_id}`, fix: `cobro init${profileFlag} --site ${me.site_id}` });
  else add({ id: 'site', status: 'ok', title: 'site', detail: me.site_id });

  // Sponsor id: the integrator's own account, never the seller, and of the same environment.
  if (!e.sponsor_id) {
    add({ id: 'sponsor_id', status: 'fail', title: 'sponsor id', detail: 'not set', fix: `cobro init${profileFlag} --sponsor-id <your integrator account user_id>` });
  } else if (e.sponsor_id === String(me.id)) {
    add({ id: 'sponsor_id', status: 'fail', title: 'sponsor id', detail: `${e.sponsor_id} is the seller itself; MP wants the integrator's account`, fix: `cobro init${profileFlag} --sponsor-id <integrator user_id>` });
  } else if (sandbox) {
    const r = await control.call<SandboxAccount>('GET', `/accounts/${encodeURIComponent(e.sponsor_id)}`);
    if (r.status !== 200) add({ id: 'sponsor_id', status: 'fail', title: 'sponsor id', detail: `${e.sponsor_id} is not a user of this sandbox`, fix: `cobro init${profileFlag} --sponsor-id <integrator user_id>` });
    else if ((r.body.kind === 'test') !== isTest) add({ id: 'sponsor_id', status: 'fail', title: 'sponsor id', detail: `${e.sponsor_id} is a ${r.body.kind ?? 'production'} account but the seller is ${isTest ? 'a test user' : 'production'}: MP rejects mixing them`, fix: 'use an integrator account of the same environment' });
    else add({ id: 'sponsor_id', status: 'ok', title: 'sponsor id', detail: `${e.sponsor_id}, an existing account other than the seller` });
  } else {
    add({ id: 'sponsor_id', status: 'ok', title: 'sponsor id', detail: `${e.sponsor_id}, not the seller (MP answers sponsor_id_not_valid on the first order if it is not a real account)` });
  }

  // Test users from the local registry.
  const users = loadTestUsers().filter((u) => u.profile === p.name);
  for (const role of ['seller', 'buyer'] as const) {
    const mine = users.filter((u) => u.role === role);
    const fresh = mine.filter((u) => idleDays(u) < TEST_USER_IDLE_DAYS);
    const title = `test ${role}`;
    if (fresh.length === 0) {
      if (sandbox) add({ id: `test_${role}`, status: 'warn', title, detail: 'none in the registry; not needed on the sandbox (`cobro sandbox pay` is the buyer)' });
      else add({ id: `test_${role}`, status: 'fail', title, detail: mine.length ? 'every registered one is idle 60+ days (deleted by MP)' : 'none in the registry', fix: `cobro test-users create --role ${role}${profileFlag}` });
      continue;
    }
    const best = fresh.reduce((a, b) => (idleDays(a) <= idleDays(b) ? a : b));
    const d = idleDays(best);
    if (d >= IDLE_WARNING_DAYS) add({ id: `test_${role}`, status: 'warn', title, detail: `${best.nickname} idle ${d} days: MP deletes it at ${TEST_USER_IDLE_DAYS}`, fix: 'use it (log in or pay) to keep it' });
    else add({ id: `test_${role}`, status: 'ok', title, detail: `${best.nickname} (${best.id}), last used ${d} days ago` });
  }

  // OAuth app: credentials that work, a redirect URI, PKCE.
  if (!e.client_id || !e.client_secret) {
    add({ id: 'oauth_app', status: 'fail', title: 'OAuth app', detail: 'client id or client secret not set', fix: `cobro init${profileFlag} --client-id … --client-secret …` });
  } else {
    try {
      await client.oauth.clientCredentials({ clientId: e.client_id, clientSecret: e.client_secret });
      add({ id: 'oauth_app', status: 'ok', title: 'OAuth app credentials', detail: `client id ${e.client_id} accepted` });
    } catch (err) {
      add({ id: 'oauth_app', status: 'fail', title: 'OAuth app credentials', detail: toCliError(err).message, fix: `copy them again from Your integrations → the app → Credentials, then cobro init${profileFlag}` });
    }
    const app = sandbox ? await control.call<SandboxApp>('GET', `/apps/${encodeURIComponent(e.client_id)}`) : undefined;
    if (!e.redirect_uri) add({ id: 'redirect_uri', status: 'warn', title: 'redirect URI', detail: 'not set (cobro connect uses a local callback URL)', fix: `cobro init${profileFlag} --redirect-uri <the app's Redirect URL>` });
    else if (app?.status === 200 && !(app.body.redirect_uris ?? []).includes(e.redirect_uri)) add({ id: 'redirect_uri', status: 'fail', title: 'redirect URI', detail: `${e.redirect_uri} is not one of the app's (${(app.body.redirect_uris ?? []).join(', ') || 'none'})`, fix: 'add it to the app, or set the profile to one of them' });
    else add({ id: 'redirect_uri', status: 'ok', title: 'redirect URI', detail: `${e.redirect_uri}${app ? ' (registered on the app)' : ' (must match the app\'s Redirect URL exactly)'}` });
    if (app?.status === 200) {
      add(app.body.pkce
        ? { id: 'pkce', status: 'ok', title: 'PKCE', detail: 'enabled on the app' }
        : { id: 'pkce', status: 'warn', title: 'PKCE', detail: 'disabled on the app', fix: 'enable PKCE in the app settings (cobro connect always sends it)' });
    } else if (!sandbox) {
      add({ id: 'pkce', status: 'warn', title: 'PKCE', detail: 'not visible through the API', fix: 'check "PKCE" in Your integrations → the app; cobro connect always sends a code challenge' });
    }
  }

  // Stores and POS of the token's account.
  try {
    const stores = await client.stores.search(me.id, { limit: 1 });
    add(stores.paging.total > 0
      ? { id: 'stores', status: 'ok', title: 'stores', detail: `${stores.paging.total}` }
      : { id: 'stores', status: 'fail', title: 'stores', detail: 'none', fix: `cobro stores create --name "Sucursal Centro" --external-id SUC001 …${profileFlag}` });
    const pos = await client.pos.list({ limit: 1 });
    add(pos.paging.total > 0
      ? { id: 'pos', status: 'ok', title: 'points of sale', detail: `${pos.paging.total}` }
      : { id: 'pos', status: 'fail', title: 'points of sale', detail: 'none', fix: `cobro pos create --name "Caja 1" --external-id CAJA1 --store SUC001${profileFlag}` });
  } catch (err) {
    add({ id: 'stores', status: 'fail', title: 'stores and POS', detail: toCliError(err).message });
  }

  // Webhooks: a secret to verify with and a URL that answers.
  add(e.webhook_secret
    ? { id: 'webhook_secret', status: 'ok', title: 'webhook secret', detail: 'set' }
    : { id: 'webhook_secret', status: 'fail', title: 'webhook secret', detail: 'not set: signatures cannot be verified', fix: `cobro init${profileFlag} --webhook-secret … (Your integrations → Webhooks → secret)` });
  let hook = e.webhook_url;
  if (!hook && sandbox && e.client_id) {
    const app = await control.call<SandboxApp>('GET', `/apps/${encodeURIComponent(e.client_id)}`);
    hook = app.status === 200 ? app.body.webhook_url ?? undefined : undefined;
  }
  if (!hook) {
    add({ id: 'webhook_url', status: 'fail', title: 'webhook URL', detail: 'none configured', fix: `cobro init${profileFlag} --webhook-url https://…/webhooks (and set it on the app), or try \`cobro listen\`` });
  } else {
    const r = await reachable(hook);
    add(r.ok
      ? { id: 'webhook_url', status: 'ok', title: 'webhook URL reachable', detail: `${hook} ${r.detail}` }
      : { id: 'webhook_url', status: 'fail', title: 'webhook URL', detail: `${hook} ${r.detail}`, fix: 'start your server (or `cobro listen --forward-to …`) and make the URL public' });
  }
  return { checks, sandbox, baseUrl };
}

export function doctorCommand(): Command {
  return withCommon(new Command('doctor'))
    .description('check the setup against MP (or the sandbox): token, site, sponsor id, test users, OAuth app, stores, POS, webhooks')
    .action(action(async (opts: CommonOptions) => {
      const p = resolveProfile(opts);
      const { checks, sandbox, baseUrl } = await runChecks(p);
      const failed = checks.filter((c) => c.status === 'fail').length;
      if (opts.json) printJson({ ok: failed === 0, profile: p.name, base_url: baseUrl, sandbox, checks });
      else {
        printLine(`cobro doctor — profile "${p.name}" on ${baseUrl}${sandbox ? ' (sandbox)' : ''}`);
        for (const c of checks) {
          printLine(`${c.status === 'ok' ? mark.ok : c.status === 'fail' ? mark.fail : mark.warn} ${c.title}${c.detail ? ` — ${c.detail}` : ''}`);
          if (c.fix && c.status !== 'ok') hint(`    fix: ${c.fix}`);
        }
        printLine(failed ? `${failed} check${failed > 1 ? 's' : ''} failed` : 'all checks passed');
      }
      return failed ? EXIT.failure : EXIT.ok;
    }));
}
