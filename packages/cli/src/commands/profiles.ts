// `cobro profiles list|show|delete` and `cobro logout`: what is stored where, secrets masked, and which
// values the environment overrides right now.
import { Command } from 'commander';
import { checkProfileName, deleteProfile, ENV_OVERRIDES, loadProfiles, overrideSummary, profilesPath, saveProfile, type Profile } from '../config/profiles.ts';
import { mask } from '../config/secrets.ts';
import type { CommonOptions } from '../context.ts';
import { usageError } from '../errors.ts';
import { hint, mark, printJson, printLine, table } from '../output.ts';
import { action } from '../run.ts';
import { maskedProfile } from './init.ts';

const SECRETS = ['access_token', 'client_secret', 'webhook_secret', 'oauth'] as const;

/** The profile commands use when none is named. */
const selected = () => process.env.COBRO_PROFILE || 'default';

/** Fields of a profile the current environment replaces. */
function envFields(): Array<keyof Profile> {
  return (Object.entries(ENV_OVERRIDES) as Array<[keyof Profile, string]>).filter(([, env]) => process.env[env]).map(([f]) => f);
}

function credential(p: Profile): string {
  if (p.oauth) return `OAuth (user ${p.oauth.user_id}, until ${p.oauth.expires_at})`;
  return p.access_token ? mask(p.access_token) : '—';
}

const jsonOnly = (cmd: Command) => cmd.option('--json', 'machine-readable output');

function named(name: string | undefined): string {
  const n = checkProfileName(name ?? selected());
  if (!loadProfiles().profiles[n]) throw usageError(`no profile "${n}" in ${profilesPath()}`, 'see `cobro profiles list`');
  return n;
}

export function profilesCommand(): Command {
  const list = jsonOnly(new Command('list')).description('every stored profile (secrets masked); * marks the one used by default')
    .action(action(async (o: CommonOptions) => {
      const { profiles } = loadProfiles();
      const env = envFields();
      const rows = Object.entries(profiles).map(([name, p]) => ({
        name, default: name === selected(), base_url: p.base_url ?? 'https://api.mercadopago.com', site: p.site ?? null, user_id: p.user_id ?? p.oauth?.user_id ?? null,
        credential: credential(p), sponsor_id: p.sponsor_id ?? null, updated_at: p.updated_at ?? null,
      }));
      if (o.json) return printJson({ path: profilesPath(), default: selected(), environment_overrides: env.map((f) => ENV_OVERRIDES[f as keyof typeof ENV_OVERRIDES]), profiles: rows });
      if (!rows.length) hint(`no profiles in ${profilesPath()}: \`cobro init\` or \`cobro sandbox\``);
      else printLine(table(rows.map((r) => ({ ...r, name: `${r.default ? '*' : ' '} ${r.name}` })), ['name', 'base_url', 'site', 'user_id', 'credential', 'sponsor_id']));
      if (env.length) printLine(`${mark.warn} the environment overrides every profile's ${overrideSummary(env)}`);
    }));
  const show = jsonOnly(new Command('show')).description('one profile\'s values, secrets masked, and what the environment overrides')
    .argument('[name]', 'profile (default: $COBRO_PROFILE or "default")')
    .action(action(async (name: string | undefined, o: CommonOptions) => {
      const n = named(name);
      const values = maskedProfile(loadProfiles().profiles[n]);
      const env = envFields();
      if (o.json) return printJson({ name: n, path: profilesPath(), values, environment_overrides: Object.fromEntries(env.map((f) => [f, ENV_OVERRIDES[f as keyof typeof ENV_OVERRIDES]])) });
      printLine(`profile "${n}" in ${profilesPath()}`);
      for (const [k, v] of Object.entries(values)) {
        const over = env.includes(k as keyof Profile) ? `   ${mark.warn} overridden by ${ENV_OVERRIDES[k as keyof typeof ENV_OVERRIDES]}` : '';
        printLine(`  ${k.padEnd(15)} ${typeof v === 'object' ? JSON.stringify(v) : String(v)}${over}`);
      }
      for (const f of env.filter((f) => !(f in values))) printLine(`  ${String(f).padEnd(15)} (not stored)   ${mark.warn} set by ${ENV_OVERRIDES[f as keyof typeof ENV_OVERRIDES]}`);
    }));
  const del = jsonOnly(new Command('delete')).description('remove a profile (its credentials and settings)').argument('<name>', 'profile')
    .action(action(async (name: string, o: CommonOptions) => {
      const n = named(name);
      deleteProfile(n);
      if (o.json) return printJson({ ok: true, deleted: n });
      printLine(`${mark.ok} deleted profile "${n}" from ${profilesPath()}`);
    }));
  return new Command('profiles').description('list, show and delete stored profiles').addCommand(list).addCommand(show).addCommand(del);
}

export function logoutCommand(): Command {
  return jsonOnly(new Command('logout'))
    .description('forget the stored tokens and secrets of a profile (keeps its site, base URL, sponsor id, client id)')
    .option('--profile <name>', 'profile (default: $COBRO_PROFILE or "default")').option('--all', 'every profile')
    .action(action(async (o: CommonOptions & { all?: boolean }) => {
      const { profiles } = loadProfiles();
      const names = o.all ? Object.keys(profiles) : [named(o.profile)];
      const removed: Record<string, string[]> = {};
      for (const n of names) {
        const p: Profile = { ...profiles[n] };
        removed[n] = SECRETS.filter((k) => p[k] !== undefined);
        for (const k of SECRETS) delete p[k];
        saveProfile(n, p);
      }
      const env = envFields().filter((f) => (SECRETS as readonly string[]).includes(f));
      if (o.json) return printJson({ ok: true, removed, still_from_environment: env.map((f) => ENV_OVERRIDES[f as keyof typeof ENV_OVERRIDES]) });
      for (const n of names) printLine(`${mark.ok} logged out of "${n}"${removed[n].length ? `: removed ${removed[n].join(', ')}` : ' (it held no credentials)'}`);
      if (env.length) printLine(`${mark.warn} ${overrideSummary(env)} still supplies credentials: unset it to log out completely`);
    }));
}
