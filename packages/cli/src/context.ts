// What every API command needs: the resolved profile, its token and a client pointed at MP or a sandbox.
import { DEFAULT_BASE_URL, MercadoPagoClient, getSite, type Site, type SiteId, type User } from '@cobro/client';
import { resolveProfile, type ProfileSelection, type ResolvedProfile } from './config/profiles.ts';
import { decrypt } from './config/secrets.ts';
import { authError, usageError } from './errors.ts';

export interface CommonOptions extends ProfileSelection {
  json?: boolean;
}

export interface ApiContext {
  profile: ResolvedProfile;
  baseUrl: string;
  accessToken: string;
  client: MercadoPagoClient;
}

export function baseUrlOf(p: ResolvedProfile): string {
  return (p.effective.base_url || DEFAULT_BASE_URL).replace(/\/+$/, '');
}

export function checkBaseUrl(v: string): string {
  let u: URL;
  try {
    u = new URL(v);
  } catch {
    throw usageError(`base URL "${v}" is not a URL`, 'pass something like http://127.0.0.1:8787 (a sandbox) or https://api.mercadopago.com');
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw usageError(`base URL "${v}" must be http or https`);
  return v.replace(/\/+$/, '');
}

/** The token a command should send: COBRO_ACCESS_TOKEN, then a connected seller's OAuth token, then init's. */
export function accessTokenOf(p: ResolvedProfile, now = Date.now()): string {
  const e = p.effective;
  if (p.fromEnv.includes('access_token') && e.access_token) return e.access_token;
  if (e.oauth) {
    if (Date.parse(e.oauth.expires_at) <= now) {
      throw authError(`the access token of profile "${p.name}" expired on ${e.oauth.expires_at}`,
        `run \`cobro tokens refresh --profile ${p.name}\``);
    }
    return decrypt(e.oauth.access_token);
  }
  if (e.access_token) return e.access_token;
  if (!p.exists) throw usageError('no credentials: no profile and no COBRO_ACCESS_TOKEN', 'run `cobro init` (or set COBRO_ACCESS_TOKEN)');
  throw usageError(`profile "${p.name}" has no access token`, `run \`cobro init --profile ${p.name} --access-token …\``);
}

export function apiContext(opts: CommonOptions): ApiContext {
  const profile = resolveProfile(opts);
  const baseUrl = checkBaseUrl(baseUrlOf(profile));
  const accessToken = accessTokenOf(profile);
  // The CLI is interactive: fail fast instead of retrying for minutes.
  const client = new MercadoPagoClient({ accessToken, baseUrl, maxRetries: 1, timeoutMs: 30_000 });
  return { profile, baseUrl, accessToken, client };
}

/** The site to use: the profile's, else the account's (one /users/me call). */
export async function siteOf(ctx: ApiContext, me?: User): Promise<Site> {
  const id = ctx.profile.effective.site ?? (me ?? await ctx.client.users.me()).site_id;
  return getSite(id as SiteId);
}
