// The only place that talks to @clack/prompts. Callers check `interactive()` first (stdin and stdout are
// TTYs, no --json): clack writes escape codes to a non-TTY and exits when stdin is empty.
import { CliError } from './errors.ts';

// Loaded on first use: most runs never prompt, and this keeps their start-up short.
const clack = () => import('@clack/prompts');

function answered<T>(v: T | symbol): T {
  if (typeof v === 'symbol') throw new CliError('cancelled', undefined, 130, 'cancelled');
  return v;
}

export async function ask(message: string, opts: { initial?: string; secret?: boolean; validate?: (v: string) => string | undefined } = {}): Promise<string> {
  const p = await clack();
  const validate = (v: string | undefined) => opts.validate?.(v ?? '');
  if (opts.secret) {
    const v = answered<string>(await p.password({ message: opts.initial ? `${message} (Enter keeps the current one)` : message, validate: opts.initial ? undefined : validate }));
    return v || opts.initial || '';
  }
  return answered<string>(await p.text({ message, initialValue: opts.initial, validate }));
}

export async function choose<T extends string>(message: string, options: Array<{ value: T; label: string }>, initial?: T): Promise<T> {
  const p = await clack();
  return answered<T>(await p.select<T>({ message, options: options as never, initialValue: initial }));
}

export const intro = async (t: string) => (await clack()).intro(t);
export const outro = async (t: string) => (await clack()).outro(t);
