// The sandbox's own control plane (`/__sandbox/…`), which real Mercado Pago does not have. The CLI uses it
// to be the buyer, point an app's webhook at `cobro listen`, and read app settings in `cobro doctor`.
import { resolveProfile, type ProfileSelection } from './config/profiles.ts';
import { baseUrlOf, checkBaseUrl } from './context.ts';
import { CliError } from './errors.ts';

export class SandboxControl {
  constructor(readonly baseUrl: string) {}

  async call<T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
    let res: Response;
    try {
      res = await fetch(`${this.baseUrl}/__sandbox${path}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (err) {
      throw new CliError(`cannot reach the sandbox at ${this.baseUrl}: ${(err as Error).message}`, 'start it with `cobro sandbox` and pass its URL with --base-url');
    }
    const text = await res.text();
    let json: unknown = text;
    try { json = JSON.parse(text); } catch { /* keep text */ }
    return { status: res.status, body: json as T };
  }

  /** Answers only when the base URL is a cobro sandbox. */
  async detect(): Promise<boolean> {
    try {
      const res = await fetch(`${this.baseUrl}/__sandbox/clock`, { signal: AbortSignal.timeout(3000) });
      await res.arrayBuffer();
      return res.ok;
    } catch {
      return false;
    }
  }

  /** The answer's body, or a CliError with the sandbox's message and `fix` (what to do when it says no). */
  async ok<T>(method: string, path: string, body?: unknown, fix?: string): Promise<T> {
    const r = await this.call<T>(method, path, body);
    if (r.status >= 400) {
      const b = r.body as { message?: string; error?: string } | string;
      const msg = typeof b === 'string' ? b : b.message ?? b.error ?? JSON.stringify(b);
      const code = typeof b === 'object' && b && typeof b.error === 'string' ? b.error : `http_${r.status}`;
      throw new CliError(`sandbox ${method} /__sandbox${path} answered ${r.status}: ${msg}`, fix ?? 'see docs/sandbox.md for the control endpoints',
        r.status === 400 || r.status === 404 || r.status === 409 ? 2 : 1, code);
    }
    return r.body;
  }
}

export async function requireSandbox(baseUrl: string): Promise<SandboxControl> {
  const sc = new SandboxControl(baseUrl);
  if (!(await sc.detect())) {
    throw new CliError(`${baseUrl} is not a cobro sandbox`, 'start one with `cobro sandbox` and pass --base-url http://127.0.0.1:8787 (or use the "sandbox" profile)', 2, 'usage');
  }
  return sc;
}

/** The sandbox the profile (or --base-url) points at, for the commands that only make sense there. */
export async function profileSandbox(sel: ProfileSelection): Promise<SandboxControl> {
  return requireSandbox(checkBaseUrl(baseUrlOf(resolveProfile(sel))));
}
