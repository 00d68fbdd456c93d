// Who is calling: an integrator's admin (`Authorization: Bearer <admin API key>`, compared by hash in constant
// time) or a terminal (`Authorization: Bearer <device key>`, scoped to its POS and seller). No other route
// trusts anything a caller says about itself.
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../env.ts';
import type { ProvisioningService } from '../../services/provisioning.ts';
import { GatewayError } from '../../errors.ts';
import { sameSecret, sha256 } from '../../crypto/keys.ts';

function bearer(header: string | undefined): string | undefined {
  const m = header && /^Bearer\s+(\S{1,512})\s*$/i.exec(header);
  return m ? m[1] : undefined;
}

/** `Authorization: Bearer <secret>` whose SHA-256 (hex) is `hash`, compared in constant time; `what` names it in the 401. */
export function secretAuth(hash: string, what: string): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const key = bearer(c.req.header('authorization'));
    if (!key || !sameSecret(sha256(key), hash)) {
      throw new GatewayError(401, 'unauthorized', `send ${what} as Authorization: Bearer <key>`);
    }
    await next();
  };
}

export const adminAuth = (adminKeyHash: string): MiddlewareHandler<AppEnv> => secretAuth(adminKeyHash, 'the admin API key');

export function deviceAuth(provisioning: ProvisioningService): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const key = bearer(c.req.header('authorization'));
    const scope = key ? await provisioning.authenticate(key) : undefined;
    if (!scope) throw new GatewayError(401, 'unauthorized', 'send this terminal\'s device key as Authorization: Bearer <key> (unknown or revoked keys are refused)');
    c.set('device', scope);
    await next();
  };
}
