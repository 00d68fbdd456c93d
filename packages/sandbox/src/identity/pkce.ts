// PKCE (RFC 7636) as MP applies it: per-app switch, methods `S256` and `plain` (docs also spell it "Plain").
import { createHash, timingSafeEqual } from 'node:crypto';

export type PkceMethod = 'S256' | 'plain';

/** Verifier (and plain challenge) alphabet and length: 43–128 unreserved characters. */
const VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;
/** An S256 challenge is BASE64URL(SHA-256) without padding: exactly 43 characters. */
const S256_CHALLENGE = /^[A-Za-z0-9\-_]{43}$/;

export function parseMethod(v: string | undefined): PkceMethod | undefined {
  if (v === 'S256') return 'S256';
  if (v === 'plain' || v === 'Plain') return 'plain';
  return undefined;
}

export function isValidVerifier(v: string): boolean {
  return VERIFIER.test(v);
}

export function isValidChallenge(challenge: string, method: PkceMethod): boolean {
  return method === 'S256' ? S256_CHALLENGE.test(challenge) : VERIFIER.test(challenge);
}

export function s256(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

/** Does `verifier` answer `challenge`? Constant-time comparison. */
export function verifyPkce(verifier: string, challenge: string, method: PkceMethod): boolean {
  const expected = Buffer.from(method === 'S256' ? s256(verifier) : verifier);
  const given = Buffer.from(challenge);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
