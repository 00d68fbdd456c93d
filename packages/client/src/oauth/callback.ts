// The local end of the OAuth redirect for tools that run on the seller's machine (the CLI, a desktop POS):
// a one-shot HTTP server on the loopback interface that waits for `?code=…&state=…`. A request whose state
// is not the one we sent gets a 400 page and is otherwise ignored, so a stray or forged redirect cannot end
// the wait with someone else's code.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OAuthConnectError } from '../errors.ts';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

export interface OAuthCallbackOptions {
  /** A loopback URL registered as the app's redirect URL; default http://127.0.0.1:<free port>/callback. */
  redirectUri?: string;
}

export interface OAuthCallbackServer {
  /** The redirect URI to put in the authorization URL (with the port actually bound). */
  readonly redirectUri: string;
  /**
   * The `code` of the first callback carrying `state`. Rejects with OAuthConnectError: `denied` (MP's
   * `error`, or no code), `timeout` (`timeoutMs`, default 300 000); or with the signal's reason.
   */
  waitForCode(state: string, options?: { timeoutMs?: number; signal?: AbortSignal }): Promise<string>;
  close(): void;
}

const page = (title: string, text: string) =>
  `<!doctype html><meta charset="utf-8"><title>${title}</title><body style="font-family:sans-serif;margin:3em"><h1>${title}</h1><p>${text}</p></body>`;

/** Listen for the redirect. The server answers only the redirect URI's path (404 elsewhere). */
export async function listenForOAuthCallback(options: OAuthCallbackOptions = {}): Promise<OAuthCallbackServer> {
  let target: URL | undefined;
  if (options.redirectUri !== undefined) {
    const bad = (why: string) => new OAuthConnectError(`redirect URI ${options.redirectUri} ${why}`, 'invalid_redirect_uri');
    try { target = new URL(options.redirectUri); } catch { throw bad('is not a URL'); }
    if (!LOOPBACK.has(target.hostname)) throw bad('is not on this machine (127.0.0.1, localhost or [::1]), so the callback cannot be received here');
  }
  let expected: string | undefined;
  let settle: ((r: { code?: string; error?: string }) => void) | undefined;
  const server: Server = createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://localhost');
    if (u.pathname !== (target?.pathname ?? '/callback')) return void res.writeHead(404).end();
    const html = { 'content-type': 'text/html; charset=utf-8' };
    if (expected === undefined || u.searchParams.get('state') !== expected) {
      return void res.writeHead(400, html).end(page('State mismatch', 'This is not the authorization that was started here. Start the connection again.'));
    }
    const code = u.searchParams.get('code');
    const error = u.searchParams.get('error') ?? (code ? undefined : 'no code in the callback');
    res.writeHead(error ? 400 : 200, html)
      .end(error ? page('Not connected', `Mercado Pago answered: ${escapeHtml(error)}. You can close this tab.`) : page('Connected', 'You can close this tab and go back.'));
    settle?.(error ? { error } : { code: code! });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err) => reject(new OAuthConnectError(`cannot listen for the OAuth callback: ${err.message}`, 'listen_failed', undefined, { cause: err })));
    server.listen(target ? Number(target.port || 80) : 0, '127.0.0.1', resolve);
  });
  const redirectUri = options.redirectUri ?? `http://127.0.0.1:${(server.address() as AddressInfo).port}/callback`;
  return {
    redirectUri,
    async waitForCode(state, { timeoutMs = 300_000, signal } = {}) {
      if (!state) throw new TypeError('state is required');
      if (signal?.aborted) throw signal.reason;
      expected = state;
      let timer: NodeJS.Timeout | undefined;
      let onAbort: (() => void) | undefined;
      const callback = new Promise<{ code?: string; error?: string }>((resolve, reject) => {
        settle = resolve;
        timer = setTimeout(() => reject(new OAuthConnectError(`no OAuth callback within ${Math.round(timeoutMs / 1000)} s`, 'timeout')), timeoutMs);
        onAbort = () => reject(signal!.reason);
        signal?.addEventListener('abort', onAbort, { once: true });
      });
      try {
        const r = await callback;
        if (r.error) throw new OAuthConnectError(`the seller did not authorize the app (${r.error})`, 'denied', r.error);
        return r.code!;
      } finally {
        clearTimeout(timer);
        if (onAbort) signal?.removeEventListener('abort', onAbort);
      }
    },
    close() {
      server.closeAllConnections?.();
      server.close();
    },
  };
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
