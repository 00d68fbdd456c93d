// `cobro init`: store credentials in a profile (profiles.json, 0600). Flags for scripts; prompts for the
// missing ones when a person is at a terminal. Everything is validated before anything is written.
import { isSiteId, SITES } from '@cobro/client';
import { Command } from 'commander';
import { checkProfileName, ENV_OVERRIDES, loadProfiles, overrideSummary, profilesPath, saveProfile, type Profile } from '../config/profiles.ts';
import { mask } from '../config/secrets.ts';
import { checkBaseUrl, type CommonOptions } from '../context.ts';
import { usageError } from '../errors.ts';
import { hint, note, printJson, printLine } from '../output.ts';
import { ask, choose, intro, outro } from '../prompts.ts';
import { action, interactive, withCommon } from '../run.ts';

interface InitOptions extends CommonOptions {
  accessToken?: string;
  clientId?: string;
  clientSecret?: string;
  webhookSecret?: string;
  sponsorId?: string;
  site?: string;
  redirectUri?: string;
  webhookUrl?: string;
}

const SECRET_FIELDS = ['access_token', 'client_secret', 'webhook_secret'] as const;

/** One rule per field; each returns what is wrong, or undefined. */
export const rules: Record<string, (v: string) => string | undefined> = {
  access_token: (v) => (/^(APP_USR|TEST)-[A-Za-z0-9-]+$/.test(v) ? undefined : 'an access token starts with APP_USR- or TEST-'),
  client_id: (v) => (/^[A-Za-z0-9_-]{1,64}$/.test(v) ? undefined : 'a client id is the app number shown in Your integrations'),
  client_secret: (v) => (/^\S{8,}$/.test(v) ? undefined : 'a client secret has no spaces and at least 8 characters'),
  webhook_secret: (v) => (/^\S{8,}$/.test(v) ? undefined : 'a webhook secret has no spaces and at least 8 characters'),
  sponsor_id: (v) => (/^\d{1,20}$/.test(v) ? undefined : 'the sponsor id is the integrator account\'s numeric user id'),
  site: (v) => (isSiteId(v) ? undefined : `unknown site "${v}": use one of ${Object.keys(SITES).join(', ')}`),
  redirect_uri: (v) => (/^https?:\/\/\S+$/.test(v) ? undefined : 'the redirect URI is an http(s) URL, exactly as in the app settings'),
  webhook_url: (v) => (/^https?:\/\/\S+$/.test(v) ? undefined : 'the webhook URL is an http(s) URL'),
};

const FIELDS: Array<[keyof InitOptions, keyof Profile, string]> = [
  ['accessToken', 'access_token', '--access-token'], ['clientId', 'client_id', '--client-id'],
  ['clientSecret', 'client_secret', '--client-secret'], ['webhookSecret', 'webhook_secret', '--webhook-secret'],
  ['sponsorId', 'sponsor_id', '--sponsor-id'], ['site', 'site', '--site'], ['redirectUri', 'redirect_uri', '--redirect-uri'],
  ['webhookUrl', 'webhook_url', '--webhook-url'],
];

export function maskedProfile(p: Profile): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(p)) {
    if (k === 'oauth') out.oauth = p.oauth && { user_id: p.oauth.user_id, expires_at: p.oauth.expires_at, has_refresh_token: Boolean(p.oauth.refresh_token) };
    else out[k] = (SECRET_FIELDS as readonly string[]).includes(k) ? mask(v as string) : v;
  }
  return out;
}

export function initCommand(): Command {
  return withCommon(new Command('init'))
    .description('store credentials (access token, client id/secret, webhook secret, sponsor id, site) in a profile')
    .option('--access-token <token>', 'seller access token (APP_USR-… or TEST-…)')
    .option('--client-id <id>', 'application client id')
    .option('--client-secret <secret>', 'application client secret')
    .option('--webhook-secret <secret>', 'webhook signing secret (Your integrations → Webhooks)')
    .option('--sponsor-id <user_id>', 'the integrator account\'s user id, sent as sponsor id on every order')
    .option('--site <site>', `site: ${Object.keys(SITES).join(', ')}`)
    .option('--redirect-uri <url>', 'OAuth redirect URI of the app (for cobro connect)')
    .option('--webhook-url <url>', 'where Mercado Pago sends notifications (checked by cobro doctor)')
    .addHelpText('after', '\nWithout flags at a terminal, cobro asks for each value. Values are written to $COBRO_HOME/profiles.json (0600).')
    .action(action(async (opts: InitOptions) => {
      const name = checkProfileName(opts.profile ?? process.env.COBRO_PROFILE ?? 'default');
      const current = loadProfiles().profiles[name] ?? {};
      const next: Profile = { ...current };
      const given = FIELDS.filter(([opt]) => opts[opt] !== undefined);
      if (opts.site) opts.site = opts.site.toUpperCase();
      for (const [opt, field, flag] of given) {
        const v = String(opts[opt]).trim();
        const wrong = rules[field](v);
        if (wrong) throw usageError(`${flag}: ${wrong}`, 'nothing was written; run again with a corrected value');
        (next as Record<string, unknown>)[field] = v;
      }
      if (opts.baseUrl) next.base_url = checkBaseUrl(opts.baseUrl);

      if (given.length === 0 && !opts.baseUrl) {
        if (!interactive(opts)) {
          throw usageError('nothing to store: no credential flags given and no terminal to ask', 'pass e.g. --access-token APP_USR-… --site MLA (see `cobro init --help`)');
        }
        await intro(`cobro init — profile "${name}"`);
        next.access_token = await ask('Access token (APP_USR-… or TEST-…)', { initial: current.access_token, secret: true, validate: rules.access_token });
        next.site = await choose('Site', Object.values(SITES).map((s) => ({ value: s.id, label: `${s.id} (${s.currency})` })), current.site ?? 'MLA');
        const optional = async (field: keyof typeof rules, label: string, secret = false) => {
          const v = (await ask(`${label} (optional)`, { initial: current[field as keyof Profile] as string | undefined, secret, validate: (x) => (x ? rules[field](x) : undefined) })).trim();
          if (v) (next as Record<string, unknown>)[field] = v;
        };
        await optional('client_id', 'Client id');
        await optional('client_secret', 'Client secret', true);
        await optional('webhook_secret', 'Webhook secret', true);
        await optional('sponsor_id', 'Sponsor id (your integrator account user id)');
      }

      saveProfile(name, next);
      const env = (Object.keys(ENV_OVERRIDES) as Array<keyof typeof ENV_OVERRIDES>).filter((f) => process.env[ENV_OVERRIDES[f]]);
      if (env.length) note(`saved, but the environment overrides profile "${name}": ${overrideSummary(env)} (unset to use what was saved)`);
      const shown = maskedProfile(next);
      delete shown.updated_at;
      if (opts.json) {
        printJson({ ok: true, profile: name, path: profilesPath(), values: shown });
      } else {
        const lines = Object.entries(shown).map(([k, v]) => `  ${k.padEnd(15)} ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`);
        if (interactive(opts) && given.length === 0) await outro(`saved profile "${name}"`);
        hint(`profile "${name}" saved to ${profilesPath()}\n${lines.join('\n')}\nnext: cobro doctor${name === 'default' ? '' : ` --profile ${name}`}`);
      }
    }));
}
