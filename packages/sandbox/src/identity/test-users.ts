// Test users' rules (spec §1): only a production account creates them, at most `testUserLimit` active at once
// (one idle past `testUserIdleDays` frees its slot), each seen only by its creator; a password reset kills the
// user's OAuth tokens; `account_money` credits add up. No HTTP here: routes/test-users.ts parses and renders.
import type { SandboxState } from '../state.ts';
import type { Account } from '../model.ts';
import { classicError } from '../errors.ts';
import { SITE_IDS, isSiteId } from '../sites.ts';
import { parseAmountNumber } from '../money.ts';
import { activeTestUsers, createTestUser, testUserPassword } from './accounts.ts';
import { invalidateOAuthTokens } from './oauth.ts';

/** A test user cannot create or manage test users (MP: "the caller id must be a productive user"). */
export function assertProductiveCaller(account: Account): Account {
  if (account.kind !== 'production') throw classicError(403, 'forbidden', 'the caller id must be a productive user');
  return account;
}

/** `POST /users/test_user` and `/users/test`: `{site_id, description?}` → the new test user. */
export function newTestUser(state: SandboxState, caller: Account, body: Record<string, unknown>): Account {
  assertProductiveCaller(caller);
  const site = body.site_id;
  if (site === undefined || site === null || site === '') {
    throw classicError(400, 'bad_request', 'site_id is required.', [{ code: 'invalid_site_id', description: 'site_id is required', data: null }]);
  }
  if (!isSiteId(site)) {
    throw classicError(400, 'bad_request', `Invalid site_id: must be one of ${SITE_IDS.join(', ')}.`,
      [{ code: 'invalid_site_id', description: `invalid site_id ${JSON.stringify(site)}`, data: null }]);
  }
  if (body.description !== undefined && typeof body.description !== 'string') {
    throw classicError(400, 'bad_request', 'description must be a string.');
  }
  const limit = state.opts.testUserLimit;
  if (activeTestUsers(state, caller.id).length >= limit) {
    throw classicError(400, 'test_user_limit_reached',
      `The caller already has ${limit} active test users; a test user frees its slot after ${state.opts.testUserIdleDays} days without activity.`);
  }
  return createTestUser(state, caller, { site_id: site, description: body.description as string | undefined }).account;
}

/** The caller's test users, newest last. */
export function testUsersOf(state: SandboxState, caller: Account): Account[] {
  assertProductiveCaller(caller);
  return [...state.accounts.values()].filter((a) => a.kind === 'test' && a.parentId === caller.id);
}

/** One of the caller's own test users, or 404 (another account's test user is not confirmed to exist). */
export function ownTestUser(state: SandboxState, caller: Account, rawId: string): Account {
  assertProductiveCaller(caller);
  const user = state.accounts.get(Number(rawId));
  if (!user || user.kind !== 'test' || user.parentId !== caller.id) throw classicError(404, 'not_found', `Test user ${rawId} not found.`);
  return user;
}

/** `PUT /test_user/{id}/password`: a new password, and every OAuth token of the user dies. */
export function resetTestUserPassword(state: SandboxState, user: Account): string {
  user.password = testUserPassword(state);
  invalidateOAuthTokens(state, user.id);
  return user.password;
}

/** `PUT /test_user/{id}/account_money` `{amount}` (spec §1.2, UNCONFIRMED still live): each call adds. */
export function creditTestUser(state: SandboxState, user: Account, body: Record<string, unknown>): void {
  const site = state.site(user.site_id);
  const extra = Object.keys(body).find((k) => k !== 'amount');
  const amount = parseAmountNumber(body.amount, site);
  if (extra !== undefined || amount === undefined || amount <= 0) {
    throw classicError(400, 'invalid-amount', extra !== undefined
      ? `${extra} is not a field of account_money (send {"amount": number}).`
      : `amount must be a positive number with at most ${site.decimals} decimals (${site.currency}).`);
  }
  const total = (user.account_money ?? 0) + amount;
  if (!Number.isSafeInteger(total)) throw classicError(400, 'invalid-amount', 'amount would overflow the balance.');
  user.account_money = total;
}
