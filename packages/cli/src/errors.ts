// One error type for everything the CLI reports: what is wrong, how to fix it, and the exit code.
// Exit codes (docs/cli.md): 0 ok, 1 failure or checks failed, 2 usage or bad input, 3 auth problem, 130 Ctrl-C.
import { AuthenticationError, ConnectionError, MercadoPagoError, OutcomeUnknownError, PermissionError } from '@cobro/client';
import { mpFix } from './mp-fixes.ts';

export const EXIT = { ok: 0, failure: 1, usage: 2, auth: 3, interrupted: 130 } as const;

export class CliError extends Error {
  constructor(message: string, readonly fix?: string, readonly exitCode: number = EXIT.failure, readonly code?: string,
    /** MP's `x-request-id`: what a person quotes to MP support. */
    readonly requestId?: string) {
    super(message);
    this.name = 'CliError';
  }
}

export const usageError = (message: string, fix?: string) => new CliError(message, fix, EXIT.usage, 'usage');
export const authError = (message: string, fix?: string) => new CliError(message, fix, EXIT.auth, 'auth');

/** Turn whatever was thrown into a CliError with a fix a newcomer can follow. */
export function toCliError(err: unknown): CliError {
  if (err instanceof CliError) return err;
  if (err instanceof AuthenticationError) {
    return new CliError(`Mercado Pago refused the access token (${err.status}${err.code ? ` ${err.code}` : ''}): it is wrong, expired or revoked`,
      'run `cobro tokens refresh` for a connected seller, or `cobro init --access-token …` with a fresh token', EXIT.auth, err.code ?? 'auth', err.requestId);
  }
  if (err instanceof PermissionError) {
    return new CliError(`Mercado Pago answered 403${err.code ? ` ${err.code}` : ''}: ${err.message}`,
      'check that the profile\'s token belongs to the account that owns this resource (`cobro doctor`)', EXIT.auth, err.code ?? 'auth', err.requestId);
  }
  if (err instanceof OutcomeUnknownError) {
    // The client already says what may exist and how to check; never "try again", which could make two.
    const list = err.resource.startsWith('a store') ? 'cobro stores list' : err.resource.startsWith('a POS') ? 'cobro pos list' : undefined;
    return new CliError(err.message, list ? `run \`${list}\` before creating it again` : undefined, EXIT.failure, 'outcome_unknown', err.requestId);
  }
  if (err instanceof ConnectionError) {
    return new CliError(`cannot reach Mercado Pago: ${err.message}`, 'check --base-url / the profile\'s base_url, or start the sandbox with `cobro sandbox`', EXIT.failure, 'connection');
  }
  if (err instanceof MercadoPagoError) {
    const detail = err.cause.flatMap((c) => c.details ?? (c.description ? [c.description] : [])).join('; ');
    return new CliError(`Mercado Pago answered ${err.status ?? '?'}${err.code ? ` ${err.code}` : ''}: ${err.message}${detail && !err.message.includes(detail) ? ` (${detail})` : ''}`,
      mpFix(err), err.status === 400 || err.status === 404 ? EXIT.usage : EXIT.failure, err.code ?? `http_${err.status ?? 'unknown'}`, err.requestId);
  }
  if (err instanceof Error && 'code' in err && typeof (err as NodeJS.ErrnoException).code === 'string' && (err as NodeJS.ErrnoException).syscall) {
    return new CliError(err.message, undefined, EXIT.failure, (err as NodeJS.ErrnoException).code);
  }
  return new CliError(err instanceof Error ? err.message : String(err));
}
