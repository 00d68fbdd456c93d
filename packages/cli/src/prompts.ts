// The only place that talks to @clack/prompts. Callers check `interactive()` first (stdin and stdout are
// TTYs, no --json): clack writes escape codes to a non-TTY and exits when stdin is empty.
import * as p from '@clack/prompts';
import { CliError } from './errors.ts';

function answered<T>(v: T | symbol): T {
  if (typeof v === 'symbol' || p.isCancel(v)) throw new CliError('cancelled', undefined, 130, 'cancelled');
  return v;
}

export async function ask(message: string, opts: { initial?: string; secret?: boolean; validate?: (v: string) => string | undefined } = {}): Promise<string> {
  const validate = (v: string | undefined) => opts.validate?.(v ?? '');
  if (opts.secret) {
    const v = answered<string>(await p.password({ message: opts.initial ? `${message} (Enter keeps the current one)` : message, validate: opts.initial ? undefined : validate }));
    return v || opts.initial || '';
  }
  return answered<string>(await p.text({ message, initialValue: opts.initial, validate }));
}

export async function choose<T extends string>(message: string, options: Array<{ value: T; label: string }>, initial?: T): Promise<T> {
  return answered<T>(await p.select<T>({ message, options: options as never, initialValue: initial }));
}

export const intro = (t: string) => p.intro(t);
export const outro = (t: string) => p.outro(t);
export const spinner = () => p.spinner();
