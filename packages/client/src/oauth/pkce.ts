// PKCE (spec §2.1): verifier of 43–128 unreserved chars; challenge = BASE64URL(SHA256(verifier)) for S256,
// the verifier itself for plain. And a random `state` per authorization attempt.
import { createHash, randomBytes } from 'node:crypto';

export type CodeChallengeMethod = 'S256' | 'plain';

const VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;

/** A random verifier; `length` 43–128 (default 64). */
export function generateCodeVerifier(length = 64): string {
  if (!Number.isInteger(length) || length < 43 || length > 128) throw new RangeError(`PKCE verifier length must be 43–128, got ${length}`);
  // base64url of n bytes gives ceil(4n/3) chars, all unreserved.
  return randomBytes(Math.ceil((length * 3) / 4)).toString('base64url').slice(0, length);
}

export function codeChallenge(verifier: string, method: CodeChallengeMethod = 'S256'): string {
  if (!VERIFIER.test(verifier)) throw new RangeError('PKCE verifier must be 43–128 characters of [A-Za-z0-9-._~]');
  return method === 'plain' ? verifier : createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

export interface Pkce {
  verifier: string;
  challenge: string;
  method: CodeChallengeMethod;
}

/** Keep `verifier` server-side (with the state); send `challenge` + `method` in the authorization URL. */
export function generatePkce(method: CodeChallengeMethod = 'S256', length = 64): Pkce {
  const verifier = generateCodeVerifier(length);
  return { verifier, challenge: codeChallenge(verifier, method), method };
}

/** Unguessable `state` (256 bits, base64url). */
export function generateState(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}
