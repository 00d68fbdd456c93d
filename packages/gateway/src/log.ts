// Structured logs (pino): JSON lines with the request id, and every place a secret can sit redacted — tokens,
// secrets, keys, Authorization and cookies — so no log line carries one whatever an error drags along.
import pino, { type Logger } from 'pino';

export const REDACT = [
  'authorization', 'cookie', '*.authorization', '*.cookie', 'headers.authorization', 'headers.cookie', 'req.headers.authorization',
  '*.access_token', '*.refresh_token', '*.client_secret', '*.webhook_secret', '*.key', '*.device_key', '*.password',
  'access_token', 'refresh_token', 'client_secret', 'webhook_secret', 'device_key', 'password',
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({ level, redact: { paths: REDACT, censor: '[redacted]' }, base: { service: 'cobro-gateway' } }, destination);
}

export type { Logger };
