// Serving a sandbox from the CLI with the demo seller ready (saved as a profile), and telling the person
// what to try: `cobro charge` and `cobro sandbox pay` work as printed.
import { createSandbox, DataDirLockedError, listen, type Sandbox, type SandboxOptions } from '@cobro/sandbox';
import { usageError } from '../errors.ts';
import { profilesPath, saveProfile } from '../config/profiles.ts';
import { cobroCmd } from '../hints.ts';
import { listenError } from '../net-errors.ts';
import { seedDemo, type DemoSeed } from '../demo-seed.ts';
import { SERVE_DEFAULTS } from '../sandbox-flags.ts';

export interface ServeOptions {
  port: number; host: string; seed?: string; json?: boolean; clock?: SandboxOptions['clock'];
  /** Any other createSandbox option (the flags of `cobro sandbox`); seed and clock above win when given. */
  sandbox?: SandboxOptions;
  /** Profile to write the demo seller into, or false. */
  saveProfile?: string | false;
  /** Keep the sandbox's state here across restarts (`--data`, `$COBRO_DATA_DIR`); none: in memory only. */
  dataDir?: string;
}

function open(opts: ServeOptions): Sandbox {
  try {
    return createSandbox({
      // A sandbox left running (a soak, a demo) keeps the newest 100k final orders, ~200 MB, not all of them.
      clock: SERVE_DEFAULTS.clock, startTime: Date.now(), retention: SERVE_DEFAULTS.retention, ...opts.sandbox,
      ...(opts.seed !== undefined && { seed: opts.seed }), ...(opts.clock !== undefined && { clock: opts.clock }),
      ...(opts.dataDir !== undefined && { dataDir: opts.dataDir }),
    });
  } catch (err) {
    if (err instanceof DataDirLockedError) {
      throw usageError(`data directory ${err.dir} is in use by process ${err.pid}`, 'stop that sandbox, or use another directory: --data <dir>');
    }
    throw err;
  }
}

export async function serveSandbox(opts: ServeOptions): Promise<void> {
  const sandbox = open(opts);
  const running = await listen(sandbox, { port: opts.port, hostname: opts.host }).catch((err: unknown) => {
    sandbox.close(); // releases the data directory
    throw listenError(err, opts.host, opts.port, `--port ${opts.port === 8787 ? 8788 : 8787}, or --port 0 for any free port`);
  });
  const demo = await seedDemo(sandbox, running.url);
  const profile = opts.saveProfile === undefined ? 'sandbox' : opts.saveProfile;
  if (profile) {
    saveProfile(profile, {
      access_token: demo.seller.access_token, client_id: demo.seller.client_id, client_secret: demo.seller.client_secret,
      webhook_secret: demo.seller.webhook_secret, sponsor_id: String(demo.sponsor_id), site: 'MLA', base_url: running.url,
      user_id: demo.seller.user_id,
    });
  }
  const data = opts.dataDir ?? null;
  process.stdout.write(opts.json ? JSON.stringify({ url: running.url, profile: profile || null, data_dir: data, ...demo }) + '\n' : banner(running.url, demo, profile, data));
  const stop = () => { void running.close().then(() => process.exit(0)); };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

function banner(url: string, d: DemoSeed, profile: string | false, dataDir: string | null): string {
  const auth = `-H 'Authorization: Bearer ${d.seller.access_token}'`;
  const p = profile ? `--profile ${profile}` : `--base-url ${url}`;
  const cobro = cobroCmd();
  const env = profile ? '' : `COBRO_ACCESS_TOKEN=${d.seller.access_token} COBRO_SPONSOR_ID=${d.sponsor_id} `;
  return `cobro sandbox — an offline Mercado Pago — listening on ${url}

  seller user_id   ${d.seller.user_id} (${d.seller.site_id})
  access_token     ${d.seller.access_token}
  client_id        ${d.seller.client_id}
  client_secret    ${d.seller.client_secret}
  webhook_secret   ${d.seller.webhook_secret}
  sponsor_id       ${d.sponsor_id} (the integrator account)
  store            ${d.store.external_id} (id ${d.store.id})
  POS              ${d.pos.external_id} (id ${d.pos.id}), printable QR: ${d.pos.qr_image}
${profile ? `  profile          "${profile}" saved in ${profilesPath()} (use --profile ${profile})\n` : ''}${dataDir ? `  state            kept in ${dataDir} across restarts (delete it to start afresh)\n` : '  state            in memory only (--data <dir> keeps it across restarts)\n'}
Try it — in another terminal:
  ${env}${cobro} charge 150.50 --pos ${d.pos.external_id} ${p}
then pay it as the test buyer (APRO approves; OTHE, FUND, … decline):
  ${cobro} sandbox pay ${d.pos.id} --card APRO ${p}

Also: ${cobro} listen ${p} (webhooks), ${cobro} doctor ${p} (the checklist).

The same with curl:
  curl -s ${url}/v1/orders ${auth} -H 'Content-Type: application/json' -H 'X-Idempotency-Key: demo-1' \\
    -d '{"type":"qr","total_amount":"150.50","external_reference":"demo-1","config":{"qr":{"external_pos_id":"${d.pos.external_id}","mode":"static"}},"transactions":{"payments":[{"amount":"150.50"}]},"integration_data":{"sponsor":{"id":"${d.sponsor_id}"}}}'
  curl -s ${url}/__sandbox/pay -H 'Content-Type: application/json' -d '{"pos_id":${d.pos.id},"card":"APRO"}'

Docs: docs/cli.md, docs/sandbox.md. Ctrl-C stops.
`;
}
