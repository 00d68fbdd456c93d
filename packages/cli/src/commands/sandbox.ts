// `cobro sandbox [--port] [--seed]`: serve the offline Mercado Pago and print how to use it.
// `cobro sandbox pay <qr|pos> --card APRO`: the scriptable buyer (POST /__sandbox/pay).
import { Command, InvalidArgumentError } from 'commander';
import { resolveProfile } from '../config/profiles.ts';
import { touchTestUser } from '../config/test-user-registry.ts';
import { apiContext, baseUrlOf, checkBaseUrl, type ApiContext, type CommonOptions } from '../context.ts';
import { CliError, EXIT, usageError } from '../errors.ts';
import { hint, mark, printJson, printLine } from '../output.ts';
import { action, withCommon } from '../run.ts';
import { requireSandbox } from '../sandbox-control.ts';
import { SERVE_DEFAULTS, addSandboxOptionFlags, sandboxOptionsFrom } from '../sandbox-flags.ts';
import { isPending, PENDING_NEXT } from '../views.ts';
import { clockCommand } from './sandbox-clock.ts';

export function parsePort(v: string): number {
  const n = Number(v);
  if (!/^\d+$/.test(v) || n > 65535) throw new InvalidArgumentError('must be an integer from 0 to 65535');
  return n;
}

interface PayOptions extends CommonOptions { card: string; method?: string; installments?: string; buyer?: string }
interface PayOutcome { order_id?: string; in_store_order_id?: string; merchant_order_id?: number; payment_id: number; payment_status: string; payment_status_detail: string; status: string }

function payCommand(): Command {
  return withCommon(new Command('pay'))
    .description('be the test buyer: scan a QR (its EMVCo data, or a POS by id or external_id) and pay it')
    .argument('<qr|pos>', 'qr_data of a dynamic order (000201…), a POS id, or a POS external_id (needs a profile token)')
    .option('--card <holder>', 'test card holder name: APRO approves; OTHE, FUND, SECU, EXPI, CALL, … decline; CONT stays pending', 'APRO')
    .option('--method <payment_method_id>', 'visa (default), master, amex, debvisa, debmaster, account_money, …')
    .option('--installments <n>', 'installments')
    .option('--buyer <user_id>', 'the paying test user (default: the sandbox\'s test buyer of the seller\'s site)')
    .addHelpText('after', '\nExit: 0 approved, or pending (not a failure: MP decides later), 1 rejected, 2 bad input or nothing to pay.')
    .action(action(async (target: string, o: PayOptions) => {
      const card = o.card.toUpperCase();
      if (!/^[A-Z]{4}$/.test(card)) throw usageError(`--card "${o.card}" is not a test card holder name`, 'use APRO to approve, or OTHE, FUND, CONT, … (docs/sandbox.md)');
      const body: Record<string, unknown> = { card };
      if (o.method) body.payment_method_id = o.method;
      if (o.installments !== undefined) {
        if (!/^\d{1,2}$/.test(o.installments)) throw usageError(`--installments "${o.installments}" must be a whole number`);
        body.installments = Number(o.installments);
      }
      if (o.buyer !== undefined) {
        if (!/^\d+$/.test(o.buyer)) throw usageError(`--buyer "${o.buyer}" must be a user id`);
        body.buyer_id = Number(o.buyer);
      }
      if (target.trim() === '') {
        throw usageError('the QR or POS to pay is empty', 'pass the qr_data of a dynamic order (000201…, as `cobro charge --json` or the gateway prints it), a POS id, or a POS external_id');
      }
      let baseUrl: string;
      if (target.startsWith('0002')) {
        body.qr_data = target;
        baseUrl = checkBaseUrl(baseUrlOf(resolveProfile(o)));
      } else if (/^\d+$/.test(target)) {
        body.pos_id = Number(target);
        baseUrl = checkBaseUrl(baseUrlOf(resolveProfile(o)));
      } else {
        const ctx = posExternalIdContext(target, o);
        baseUrl = ctx.baseUrl;
        body.user_id = (await ctx.client.users.me()).id;
        body.external_pos_id = target;
      }
      const sb = await requireSandbox(baseUrl);
      const r = await sb.ok<PayOutcome>('POST', '/pay', body, 'there must be an order waiting: start one with `cobro charge 10 --pos <pos>` (another terminal), then pay it');
      if (typeof body.buyer_id === 'number') touchTestUser(body.buyer_id);
      const approved = r.payment_status === 'approved';
      const pending = isPending(r.payment_status);
      // A pending payment is not a failure: the buyer did pay, MP has not decided yet.
      if (o.json) printJson({ ok: approved || pending, approved, pending, ...r });
      else {
        const where = r.order_id ? `order ${r.order_id}` : r.merchant_order_id ? `merchant order ${r.merchant_order_id}` : `in-store order ${r.in_store_order_id}`;
        printLine(`${approved ? mark.ok : pending ? mark.warn : mark.fail} payment ${r.payment_id} (classic id) ${pending ? 'pending' : r.payment_status} (${r.payment_status_detail}); ${where} is ${r.status}`);
        if (pending) printLine(`  ${PENDING_NEXT}`);
        else if (!approved && r.order_id) hint(`  the order stays payable: pay again with another card (--card APRO), or cancel it: cobro orders cancel ${r.order_id}`);
      }
      return approved || pending ? EXIT.ok : EXIT.failure;
    }));
}

/** A target that is neither a QR nor a POS id is a POS external_id, found through the seller's token: without one,
 *  say how the target was read (a mistyped or truncated QR lands here too), not only that a token is missing. */
function posExternalIdContext(target: string, o: PayOptions): ApiContext {
  try {
    return apiContext(o);
  } catch (err) {
    if (!(err instanceof CliError) || err.code !== 'usage') throw err;
    const shown = target.length > 40 ? `${target.slice(0, 40)}…` : target;
    throw usageError(`"${shown}" is not a QR (its data starts with 000201) nor a POS id, so it was read as a POS external_id, which needs the seller's token: ${err.message}`,
      `pass the whole qr_data of the order, or ${err.fix ?? 'a profile with the seller\'s token (--profile)'}`);
  }
}

export function sandboxCommand(): Command {
  const cmd = new Command('sandbox')
    .description('run the offline Mercado Pago sandbox on a port, with a ready seller, store and POS (and a "sandbox" profile)')
    .option('-p, --port <port>', 'port to listen on (0 = any free port)', parsePort, 8787)
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .option('--manual-clock', 'time moves only through POST /__sandbox/clock/advance (same as --clock manual)')
    .option('--save-profile <name>', 'profile to write the demo seller into', 'sandbox')
    .option('--no-save-profile', 'do not write a profile')
    .option('--json', 'print the base URL and credentials as one JSON line')
    .option('--data <dir>', 'keep all state in this directory across restarts (default: $COBRO_DATA_DIR, else in memory only)')
    // Options after `pay` belong to pay (its own --json).
    .enablePositionalOptions()
    // Loaded on use: the sandbox (hono, zod, …) is the heaviest import and only these commands need it.
    .action(async (opts: { port: number; host: string; json?: boolean; manualClock?: boolean; saveProfile: string | false; data?: string } & Record<string, unknown>) => {
      const sandbox = sandboxOptionsFrom(opts);
      if (opts.manualClock) sandbox.clock = 'manual';
      const dataDir = opts.data || process.env.COBRO_DATA_DIR || undefined;
      await (await import('./serve-sandbox.ts')).serveSandbox({ ...opts, sandbox, dataDir });
    })
    .addCommand(payCommand())
    .addCommand(clockCommand());
  // Every createSandbox option as a flag (--seed, --clock, --orders-refund-window, …), from the sandbox's table.
  return addSandboxOptionFlags(cmd, [], SERVE_DEFAULTS);
}
