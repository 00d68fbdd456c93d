// Profiles: named sets of credentials in `profiles.json` (0600). Environment variables override the file,
// and `--base-url` overrides both. OAuth tokens from `cobro connect` are stored encrypted.
import { isSiteId, type SiteId } from '@cobro/client';
import { usageError } from '../errors.ts';
import { note } from '../output.ts';
import { homeFile, readJsonFile, writeJsonFile } from './files.ts';

export interface OAuthTokens {
  /** Encrypted (secrets.ts). */
  access_token: string;
  refresh_token?: string;
  expires_at: string;
  obtained_at: string;
  user_id: number;
  scope?: string;
}

export interface Profile {
  access_token?: string;
  client_id?: string;
  client_secret?: string;
  webhook_secret?: string;
  sponsor_id?: string;
  site?: SiteId;
  base_url?: string;
  redirect_uri?: string;
  webhook_url?: string;
  /** Whose the credentials are, when cobro learnt it (connect, sandbox). */
  user_id?: number;
  oauth?: OAuthTokens;
  updated_at?: string;
}

export interface ProfilesFile {
  profiles: Record<string, Profile>;
}

/** Profile field → environment variable that overrides it. */
export const ENV_OVERRIDES = {
  access_token: 'COBRO_ACCESS_TOKEN',
  client_id: 'COBRO_CLIENT_ID',
  client_secret: 'COBRO_CLIENT_SECRET',
  webhook_secret: 'COBRO_WEBHOOK_SECRET',
  sponsor_id: 'COBRO_SPONSOR_ID',
  site: 'COBRO_SITE',
  base_url: 'COBRO_BASE_URL',
  redirect_uri: 'COBRO_REDIRECT_URI',
  webhook_url: 'COBRO_WEBHOOK_URL',
} as const satisfies Partial<Record<keyof Profile, string>>;

export const profilesPath = () => homeFile('profiles.json');

export function loadProfiles(): ProfilesFile {
  const f = readJsonFile<ProfilesFile>(profilesPath(), { profiles: {} });
  return { profiles: f.profiles ?? {} };
}

export function saveProfile(name: string, profile: Profile): void {
  const f = loadProfiles();
  f.profiles[name] = { ...profile, updated_at: new Date().toISOString() };
  writeJsonFile(profilesPath(), f);
}

/** Remove a profile; false when there was none. */
export function deleteProfile(name: string): boolean {
  const f = loadProfiles();
  if (!(name in f.profiles)) return false;
  delete f.profiles[name];
  writeJsonFile(profilesPath(), f);
  return true;
}

/** `COBRO_SITE (site), …`: which environment variables replace which profile fields. */
export function overrideSummary(fields: Array<keyof Profile>): string {
  return fields.map((f) => `${ENV_OVERRIDES[f as keyof typeof ENV_OVERRIDES]} (${f})`).join(', ');
}

let announced = false;
/** Said once per run, on stderr: a value from the environment silently beating the profile is a classic trap. */
function announceOverrides(name: string, exists: boolean, fromEnv: Array<keyof Profile>): void {
  if (announced || fromEnv.length === 0) return;
  announced = true;
  note(`${exists ? `the environment overrides profile "${name}"` : `no profile "${name}": using the environment`}: ${overrideSummary(fromEnv)}`);
}

export interface ProfileSelection {
  profile?: string;
  baseUrl?: string;
}

export interface ResolvedProfile {
  name: string;
  /** True when the name came from --profile or COBRO_PROFILE rather than the default. */
  named: boolean;
  exists: boolean;
  /** The stored profile, without overrides (what `init` edits). */
  stored: Profile;
  /** Stored profile + environment + flags: what commands use. */
  effective: Profile;
  /** Fields whose value came from the environment. */
  fromEnv: Array<keyof Profile>;
}

export function checkProfileName(name: string): string {
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(name)) throw usageError(`profile name "${name}" is not valid`, 'use letters, digits, ".", "_" or "-" (up to 64)');
  return name;
}

export function resolveProfile(sel: ProfileSelection): ResolvedProfile {
  const explicit = sel.profile ?? process.env.COBRO_PROFILE;
  const name = checkProfileName(explicit || 'default');
  const stored = loadProfiles().profiles[name];
  const effective: Profile = { ...stored };
  const fromEnv: Array<keyof Profile> = [];
  for (const [field, env] of Object.entries(ENV_OVERRIDES) as Array<[keyof typeof ENV_OVERRIDES, string]>) {
    const v = process.env[env];
    if (v) {
      (effective as Record<string, unknown>)[field] = v;
      fromEnv.push(field);
    }
  }
  if (sel.baseUrl) effective.base_url = sel.baseUrl;
  if (effective.site !== undefined && !isSiteId(effective.site)) {
    throw usageError(`unknown site "${effective.site}"${fromEnv.includes('site') ? ' (from COBRO_SITE)' : ''}`, 'use one of MLA, MLB, MLM, MLC, MCO, MPE, MLU');
  }
  if (!stored && explicit && fromEnv.length === 0) {
    throw usageError(`profile "${name}" not found in ${profilesPath()}`, `create it with \`cobro init --profile ${name}\``);
  }
  announceOverrides(name, Boolean(stored), fromEnv);
  return { name, named: Boolean(explicit), exists: Boolean(stored), stored: stored ?? {}, effective, fromEnv };
}
