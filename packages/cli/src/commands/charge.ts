// `cobro charge 150.50 --pos CAJA1 [--mode dynamic]`: create a QR order with the sponsor id, show the QR,
// wait (spinner + countdown to expiry) and print the final status. Ctrl-C cancels the order.
import { OrderWaitTimeoutError, getSite, isoDurationMs, type Order, type QrMode } from '@cobro/client';
import { Command, Option } from 'commander';
import { checkAmount } from '../amount-arg.ts';
import { logOrder } from '../config/order-log.ts';
import { touchTestUser } from '../config/test-user-registry.ts';
import { apiContext, type CommonOptions } from '../context.ts';
import { EXIT, toCliError, usageError } from '../errors.ts';
import { hint, mark, note, printJson, printLine } from '../output.ts';
import { Spinner } from '../spinner.ts';
import { terminalQr } from '../qr.ts';
import { action, interactive, withCommon } from '../run.ts';
import { transactionLine } from '../views.ts';
import { watchAttempts } from './charge-attempts.ts';
import { cancelOnCtrlC } from './charge-interrupt.ts';
import { findPos } from './pos.ts';

interface ChargeOptions extends CommonOptions {
  pos: string; mode: QrMode; externalReference?: string; expiration?: string; description?: string; wait: boolean; pollInterval: string; qr?: boolean; timeout?: string;
}

const clock = (ms: number) => {
  const s = Math.max(0, Math.round(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
};

export function chargeCommand(): Command {
  return withCommon(new Command('charge'))
    .description('charge an amount on a POS with a QR order and wait for the buyer to pay')
    .argument('<amount>', 'decimal amount in the site\'s currency, e.g. 150.50 (CLP/COP: integers)')
    .requiredOption('--pos <external_pos_id>', 'the POS external_id (e.g. CAJA1)')
    .addOption(new Option('--mode <mode>', 'static: the POS\'s printed QR; dynamic: a QR for this order only; hybrid: both').choices(['static', 'dynamic', 'hybrid']).default('static'))
    .option('--external-reference <ref>', 'your id for this sale (default: cobro-<time>)')
    .option('--expiration <duration>', 'ISO 8601 duration, e.g. PT15M (static is capped at 10 minutes by MP)')
    .option('--description <text>', 'shown to the buyer')
    .option('--no-wait', 'print the order and exit without waiting')
    .option('--no-qr', 'do not draw the QR')
    .option('--poll-interval <ms>', 'how often to check the order', '1000')
    .option('--timeout <seconds>', 'stop waiting after this long (default: the order\'s expiry + 60 s)')
    .addHelpText('after', '\nExit: 0 paid (processed), 1 expired/canceled/not paid, 2 bad input, 3 auth. With --json: one JSON line per event (created, then final).')
    .action(action(async (amountArg: string, o: ChargeOptions) => {
      const poll = Number(o.pollInterval);
      if (!Number.isInteger(poll) || poll < 100) throw usageError(`--poll-interval "${o.pollInterval}" must be an integer ≥ 100 (ms)`);
      if (o.timeout !== undefined && !/^\d+$/.test(o.timeout)) throw usageError(`--timeout "${o.timeout}" must be a whole number of seconds`);
      if (o.expiration !== undefined && isoDurationMs(o.expiration) === undefined) throw usageError(`--expiration "${o.expiration}" is not an ISO 8601 duration`, 'e.g. --expiration PT15M');
      const ctx = apiContext(o);
      const e = ctx.profile.effective;
      const site = getSite(e.site ?? (await ctx.client.users.me()).site_id);
      const amount = checkAmount(amountArg, site);
      if (!e.sponsor_id) note(`${mark.warn} no sponsor id in profile "${ctx.profile.name}": the order is sent without one (cobro init --sponsor-id …)`);

      const order = await ctx.client.orders.createQr({
        amount, site: site.id, externalPosId: o.pos, mode: o.mode, externalReference: o.externalReference ?? `cobro-${Date.now()}`,
        sponsorId: e.sponsor_id, expirationTime: o.expiration, description: o.description,
      });
      logOrder({ id: order.id, profile: ctx.profile.name, base_url: ctx.baseUrl, pos: o.pos, amount, external_reference: order.external_reference });
      // From here on Ctrl-C cancels the order (charge-interrupt.ts).
      let spin: Spinner | undefined;
      const ctrlC = cancelOnCtrlC(ctx, order.id, Boolean(o.json), () => spin);
      if (e.user_id) touchTestUser(e.user_id);
      const qrData = order.type_response?.qr_data ?? (await findPos(ctx, o.pos).then((p) => p.qr_code).catch(() => undefined));
      // Counted from our own clock: MP's (or a sandbox's virtual) clock may differ from this machine's.
      const expiresAt = Date.now() + (isoDurationMs(order.expiration_time ?? '') ?? (o.mode === 'static' ? 600_000 : 900_000));

      if (o.json) printJson({ event: 'created', order, qr_data: qrData, expires_at: new Date(expiresAt).toISOString() });
      else {
        printLine(`order ${order.id} — ${order.total_amount} ${site.currency} on POS ${o.pos} (${o.mode})${e.sponsor_id ? `, sponsor ${e.sponsor_id}` : ''}`);
        if (qrData && o.qr !== false && process.stdout.isTTY) printLine(await terminalQr(qrData));
        if (qrData) printLine(`qr_data: ${qrData}`);
        const target = order.type_response?.qr_data ? `'${order.type_response.qr_data}'` : o.pos;
        hint(`on a sandbox, pay it as the test buyer: cobro sandbox pay ${target}${ctx.profile.named ? ` --profile ${ctx.profile.name}` : ''} --card APRO`);
      }
      if (!o.wait) {
        ctrlC.release();
        return EXIT.ok;
      }

      const tty = interactive(o);
      spin = tty ? new Spinner() : undefined;
      const label = () => `waiting for the buyer — ${clock(expiresAt - Date.now())} left`;
      spin?.start(label());
      const attempts = watchAttempts(ctx, order.external_reference, (line, payment) => {
        if (o.json) printJson({ event: 'payment_attempt', payment });
        else if (spin) spin.above(line);
        else printLine(line);
      });
      if (!tty && !o.json) printLine('waiting for the buyer…');
      let current: Order;
      const giveUpAt = o.timeout === undefined ? expiresAt + 60_000 : Date.now() + Number(o.timeout) * 1000;
      try {
        // A fixed interval (no backoff): the spinner's countdown moves on every poll.
        current = await ctx.client.orders.waitForFinal(order.id, {
          initial: order, intervalMs: poll, maxIntervalMs: poll, deadline: giveUpAt,
          onProgress: (ev) => { spin?.message(label()); if (ev.type === 'poll') attempts.check(); },
        }).catch((err) => { if (err instanceof OrderWaitTimeoutError) return err.order; throw err; });
      } catch (err) {
        if (ctrlC.canceling) await new Promise<never>(() => {}); // Ctrl-C's cancel decides how this run ends.
        spin?.stop(mark.fail, 'stopped');
        throw toCliError(err);
      } finally {
        ctrlC.release();
      }
      // The poll that sees the cancel must not print "not paid" over the cancel's own outcome.
      if (ctrlC.canceling) await new Promise<never>(() => {});
      await attempts.check(true);
      const pay = current.transactions?.payments?.[0];
      const paid = current.status === 'processed';
      const summary = `order ${current.id} ${current.status} (${current.status_detail})${pay ? `, ${transactionLine(pay)}` : ''}`;
      if (spin) spin.stop(paid ? mark.ok : mark.fail, `${paid ? 'paid' : 'not paid'}: ${summary}`);
      if (o.json) printJson({ event: 'final', status: current.status, status_detail: current.status_detail, order: current });
      else if (!spin) printLine(`${paid ? mark.ok : mark.fail} ${paid ? 'paid' : 'not paid'}: ${summary}`);
      return paid ? EXIT.ok : EXIT.failure;
    }));
}
