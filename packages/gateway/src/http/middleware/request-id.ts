// A request id on every response (`x-request-id`) and in every log line: the caller's own when it sent a sane
// one (a load balancer's), otherwise a fresh one.
import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../env.ts';

const SANE = /^[A-Za-z0-9._:-]{8,128}$/;

export function requestId(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const given = c.req.header('x-request-id');
    const id = given && SANE.test(given) ? given : randomUUID();
    c.set('requestId', id);
    c.header('x-request-id', id);
    await next();
  };
}
