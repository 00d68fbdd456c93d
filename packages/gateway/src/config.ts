// The gateway's configuration: the environment over a `.env` file in the working directory, validated once at
// start and frozen. Every problem is named, all at once (`MP_CLIENT_SECRET is required when MP_CLIENT_ID is
// set`), so an operator fixes a bad deploy in one pass instead of one crash per variable.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';

/** Where Mercado Pago is: the embedded sandbox (no credentials given), a sandbox or MP at a URL. */
export type MpMode = 'embedded' | 'remote';

export interface GatewayConfig {
  readonly port: number;
  readonly host: string;
  /** Embedded mode: the sandbox's own port (undefined: the gateway's + 1, or any free one when that is 0). */
  readonly sandboxPort: number | undefined;
  /** The gateway's public origin: OAuth redirect URI and webhook URL are built on it. */
  readonly publicUrl: string;
  readonly dataDir: string;
  /** PostgreSQL when set; PGlite in `dataDir` otherwise. */
  readonly databaseUrl: string | undefined;
  readonly mp: {
    readonly mode: MpMode;
    /** API origin; `https://api.mercadopago.com` for real credentials without MP_BASE_URL. */
    readonly baseUrl: string | undefined;
    /** The seller consent page's origin (MP: https://auth.mercadopago.com). */
    readonly authUrl: string | undefined;
    readonly clientId: string | undefined;
    readonly clientSecret: string | undefined;
    readonly webhookSecret: string | undefined;
    /** The integrator's MP user id, sent as the sponsor on every QR order. */
    readonly sponsorId: string | undefined;
  };
  /** `id:base64key` pairs, the first one encrypts; absent → generated once into the data folder (embedded). */
  readonly encryptionKeys: string | undefined;
  readonly adminPassword: string | undefined;
  readonly integrator: { readonly webhookUrl: string | undefined; readonly webhookSecret: string | undefined };
  /** When set, `GET /metrics` wants `Authorization: Bearer <token>`; open otherwise (on the bind address). */
  readonly metricsToken: string | undefined;
  /** The daily refund scan re-fetches charges settled in the last this many days. */
  readonly refundScanDays: number;
  readonly refundScanConcurrency: number;
  /** On SIGTERM, how long open requests and streams get before they are cut (SHUTDOWN_GRACE_SECONDS). */
  readonly shutdownGraceMs: number;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** The variables, over `.env` (the environment wins). `.env` is read from `cwd` when present. */
export function readEnv(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Record<string, string | undefined> {
  const file = resolve(cwd, '.env');
  const fromFile = existsSync(file) ? parseEnv(readFileSync(file, 'utf8')) : {};
  return { ...fromFile, ...env };
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export function loadConfig(vars: Record<string, string | undefined> = readEnv(), overrides: { port?: number; dataDir?: string } = {}): GatewayConfig {
  const problems: string[] = [];
  const v = (k: string): string | undefined => (vars[k] === undefined || vars[k] === '' ? undefined : vars[k]!.trim());
  const port = overrides.port ?? int(v('PORT'), 8080, 'PORT', 0, 65535, problems);
  const host = v('HOST') ?? '127.0.0.1';
  const sandboxPort = v('SANDBOX_PORT') === undefined ? undefined : int(v('SANDBOX_PORT'), 0, 'SANDBOX_PORT', 0, 65535, problems);
  const publicUrl = (url(v('PUBLIC_URL'), 'PUBLIC_URL', problems) ?? `http://${host.includes(':') ? `[${host}]` : host}:${port}`).replace(/\/$/, '');
  const clientId = v('MP_CLIENT_ID');
  const clientSecret = v('MP_CLIENT_SECRET');
  if (clientId && !clientSecret) problems.push('MP_CLIENT_SECRET is required when MP_CLIENT_ID is set');
  if (clientSecret && !clientId) problems.push('MP_CLIENT_ID is required when MP_CLIENT_SECRET is set');
  const baseUrl = url(v('MP_BASE_URL'), 'MP_BASE_URL', problems);
  const mode: MpMode = clientId || baseUrl ? 'remote' : 'embedded';
  if (mode === 'remote' && !clientId) problems.push('MP_CLIENT_ID and MP_CLIENT_SECRET are required when MP_BASE_URL is set (the application sellers connect to)');
  const sponsorId = v('MP_SPONSOR_ID');
  if (sponsorId !== undefined && !/^\d{1,20}$/.test(sponsorId)) problems.push(`MP_SPONSOR_ID must be the integrator's numeric Mercado Pago user id, got "${sponsorId}"`);
  const keys = v('COBRO_ENCRYPTION_KEYS');
  if (keys !== undefined) for (const p of keyProblems(keys)) problems.push(p);
  if (mode === 'remote' && !keys) problems.push('COBRO_ENCRYPTION_KEYS is required with a remote Mercado Pago (tokens are encrypted at rest; e.g. "k1:<32 random bytes in base64>")');
  const refundScanDays = int(v('REFUND_SCAN_DAYS'), 30, 'REFUND_SCAN_DAYS', 1, 365, problems);
  const refundScanConcurrency = int(v('REFUND_SCAN_CONCURRENCY'), 8, 'REFUND_SCAN_CONCURRENCY', 1, 64, problems);
  const shutdownGraceSeconds = int(v('SHUTDOWN_GRACE_SECONDS'), 10, 'SHUTDOWN_GRACE_SECONDS', 0, 600, problems);
  const logLevel = v('LOG_LEVEL') ?? 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);
  const integratorUrl = url(v('INTEGRATOR_WEBHOOK_URL'), 'INTEGRATOR_WEBHOOK_URL', problems);
  const integratorSecret = v('INTEGRATOR_WEBHOOK_SECRET');
  if (integratorUrl && !integratorSecret) problems.push('INTEGRATOR_WEBHOOK_SECRET is required when INTEGRATOR_WEBHOOK_URL is set (events are HMAC-signed)');
  if (problems.length) throw new ConfigError(problems);
  return deepFreeze({
    port, host, sandboxPort, publicUrl,
    dataDir: resolve(overrides.dataDir ?? v('COBRO_DATA_DIR') ?? '.cobro'),
    databaseUrl: v('DATABASE_URL'),
    mp: {
      mode,
      baseUrl: baseUrl ?? (mode === 'remote' ? 'https://api.mercadopago.com' : undefined),
      authUrl: url(v('MP_AUTH_URL'), 'MP_AUTH_URL', problems) ?? (mode === 'remote' && !baseUrl ? 'https://auth.mercadopago.com' : baseUrl),
      clientId, clientSecret, webhookSecret: v('MP_WEBHOOK_SECRET'), sponsorId,
    },
    encryptionKeys: keys,
    adminPassword: v('COBRO_ADMIN_PASSWORD'),
    integrator: { webhookUrl: integratorUrl, webhookSecret: integratorSecret },
    metricsToken: v('METRICS_TOKEN'),
    refundScanDays,
    refundScanConcurrency,
    shutdownGraceMs: shutdownGraceSeconds * 1000,
    logLevel: logLevel as GatewayConfig['logLevel'],
  });
}

function int(raw: string | undefined, dflt: number, name: string, min: number, max: number, problems: string[]): number {
  if (raw === undefined) return dflt;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    problems.push(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
    return dflt;
  }
  return Number(raw);
}

function url(raw: string | undefined, name: string, problems: string[]): string | undefined {
  if (raw === undefined) return undefined;
  try {
    const u = new URL(raw);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('scheme');
    return raw.replace(/\/$/, '');
  } catch {
    problems.push(`${name} must be an http(s) URL, got "${raw}"`);
    return undefined;
  }
}

/** Problems of a `COBRO_ENCRYPTION_KEYS` value; the keys themselves are never echoed. */
export function keyProblems(raw: string): string[] {
  const out: string[] = [];
  const ids = new Set<string>();
  for (const [i, part] of raw.split(',').entries()) {
    const m = /^([A-Za-z0-9_-]{1,32}):([A-Za-z0-9+/=_-]+)$/.exec(part.trim());
    if (!m) { out.push(`COBRO_ENCRYPTION_KEYS entry ${i + 1} must be "id:base64key"`); continue; }
    if (ids.has(m[1])) out.push(`COBRO_ENCRYPTION_KEYS has the key id "${m[1]}" twice`);
    ids.add(m[1]);
    if (Buffer.from(m[2], 'base64').length !== 32) out.push(`COBRO_ENCRYPTION_KEYS key "${m[1]}" must be 32 bytes in base64`);
  }
  return out;
}

function deepFreeze<T extends object>(o: T): T {
  for (const v of Object.values(o)) if (typeof v === 'object' && v !== null) deepFreeze(v);
  return Object.freeze(o);
}
