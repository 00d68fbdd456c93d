// Bounded input in front of every route, MP's and the control plane's: a body larger than MAX_BODY_BYTES is a
// 413 before anything reads it, and a JSON body nested deeper than MAX_JSON_DEPTH is a 400 before anything
// parses it. Without the depth bound a 20,000-level body was stored, then every read of it overflowed the stack
// (recursive renderers, the idempotency fingerprint), answering 500 forever after.
//
// MP publishes neither limit. 1 MB is far above any QR order (a 1,000-item order is ~200 KB) and what API
// gateways commonly allow; 1,000 levels is the default of Jackson (StreamReadConstraints), the JSON parser
// of MP's Java services, and far inside what our recursive code survives.
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Env } from '../http.ts';
import { mpError, shapeOf } from '../errors.ts';

export const MAX_BODY_BYTES = 1024 * 1024;
export const MAX_JSON_DEPTH = 1000;

const tooLarge = (c: Context): never => {
  const e = mpError(shapeOf(c.req.path), 413, 'request_entity_too_large',
    `The request body is larger than ${MAX_BODY_BYTES} bytes (1 MB), the limit of every endpoint.`, ['body']);
  // The rest of the body is never read: on a real socket the connection cannot carry another request.
  e.headers.connection = 'close';
  throw e;
};

/** True when `text` opens more than `max` arrays/objects at once (brackets inside strings do not count). */
export function nestsDeeperThan(text: string, max: number): boolean {
  // A body cannot nest deeper than half its length: the common, small body is never scanned.
  if (text.length <= max * 2) return false;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 92) i++; // backslash: skip the escaped character
      else if (ch === 34) inString = false;
    } else if (ch === 34) inString = true;
    else if (ch === 123 || ch === 91) { if (++depth > max) return true; }
    else if (ch === 125 || ch === 93) depth--;
  }
  return false;
}

/** Made once (a regular expression literal is a new object at every evaluation). */
const DIGITS = /^\d+$/;

/** Served on a port (the node adapter's bindings), not an in-process Request. */
const overSocket = (c: Context): boolean => (c.env as { incoming?: unknown } | undefined)?.incoming !== undefined;

export function bodyLimitsMiddleware(): MiddlewareHandler<Env> {
  const size = bodyLimit({ maxSize: MAX_BODY_BYTES, onError: tooLarge });
  const depth: MiddlewareHandler<Env> = async (c, next) => {
    // Forms (OAuth) are not JSON; anything else may be parsed as JSON by a route or the idempotency check.
    if (!/^(application\/x-www-form-urlencoded|multipart\/form-data)/i.test(c.req.header('content-type') ?? '')) {
      if (nestsDeeperThan(await c.req.text(), MAX_JSON_DEPTH)) {
        throw mpError(shapeOf(c.req.path), 400, shapeOf(c.req.path) === 'orders' ? 'json_syntax_error' : 'bad_request',
          `The JSON body nests arrays and objects deeper than ${MAX_JSON_DEPTH} levels, the limit of every endpoint.`, ['body']);
      }
    }
    await next();
  };
  return (c, next) => {
    // Over a socket a body comes with its Content-Length: the limit is checked on the header, and the body is
    // then read straight from the socket. (Asking the request for `.body`, as hono's bodyLimit does, makes the
    // server adapter build a web-stream Request per call: most of the cost of a POST.) A chunked body, or an
    // in-process Request (no header), goes through hono's streaming limit.
    const length = c.req.header('content-length');
    const chunked = c.req.header('transfer-encoding') !== undefined;
    if (length !== undefined && DIGITS.test(length) && !chunked) {
      const bytes = Number(length);
      if (bytes > MAX_BODY_BYTES) tooLarge(c);
      if (bytes === 0) return next();
      // Over a socket the body is exactly that many bytes, and one of at most 2 × MAX_JSON_DEPTH bytes (never
      // more characters than bytes) cannot nest too deep (nestsDeeperThan): every QR order goes straight on.
      return bytes <= MAX_JSON_DEPTH * 2 && overSocket(c) ? next() : depth(c, next);
    }
    // HTTP/1.1 on a socket: no Content-Length and no Transfer-Encoding is no body (every GET).
    if (overSocket(c) && !chunked) return next();
    return size(c, async () => { if (c.req.raw.body) await depth(c, next); else await next(); });
  };
}
