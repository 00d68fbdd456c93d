// Ctrl-C while `cobro charge` has an order: cancel it rather than leave it payable on the POS (the next
// charge there would fail with already_queued_order_on_pos), and exit 130. If MP refuses because the buyer
// is paying (instore_order_locked_error), say so and exit non-zero: the order may still be paid.
import type { ApiContext } from '../context.ts';
import { EXIT, toCliError } from '../errors.ts';
import { mark, printError, printJson } from '../output.ts';
import type { Spinner } from '../spinner.ts';
import { cancelOrder } from './orders.ts';

export interface CtrlC {
  /** True once Ctrl-C started canceling: its outcome decides how the run ends. */
  readonly canceling: boolean;
  release(): void;
}

export function cancelOnCtrlC(ctx: ApiContext, orderId: string, json: boolean, spinner: () => Spinner | undefined): CtrlC {
  let canceling = false;
  const onSigint = () => {
    if (canceling) process.exit(EXIT.interrupted); // a second Ctrl-C: stop waiting for MP's answer
    canceling = true;
    const spin = spinner();
    spin?.message(`canceling order ${orderId}…`);
    cancelOrder(ctx, orderId).then(() => {
      if (json) printJson({ event: 'canceled_by_user', order_id: orderId });
      if (spin) spin.stop(mark.fail, `canceled order ${orderId}`);
      else if (!json) process.stderr.write(`\ncobro: canceled order ${orderId}\n`);
      process.exit(EXIT.interrupted);
    }, (err: unknown) => {
      const e = toCliError(err);
      spin?.stop(mark.fail, `order ${orderId} NOT canceled`);
      printError(e, json);
      process.exit(e.exitCode === EXIT.ok ? EXIT.failure : e.exitCode);
    });
  };
  process.on('SIGINT', onSigint);
  return { get canceling() { return canceling; }, release: () => process.off('SIGINT', onSigint) };
}
