// Sponsor id (integration_data.sponsor.id / sponsor.id / sponsor_id): the integrator's MP account that
// gets credit for the integration (spec §3). Shared by the legacy in-store API and the Orders API.
import type { SandboxState } from '../state.ts';
import type { Account } from '../model.ts';
import { refreshTestUserStatus } from './accounts.ts';

/** Why `sponsorId` cannot sponsor an order of `collector`, or undefined when it can. */
export function validateSponsor(state: SandboxState, sponsorId: number, collector: Account): string | undefined {
  if (!Number.isSafeInteger(sponsorId) || sponsorId <= 0) return 'sponsor id must be a positive integer';
  const sponsor = state.accounts.get(sponsorId);
  // A test user idle past the limit expires here too, not only when its own token is next used.
  if (!sponsor || refreshTestUserStatus(state, sponsor) !== 'active') return 'sponsor is not an active user';
  // UNCONFIRMED (spec §3): both knobs default to true.
  if (state.opts.sponsorMustDifferFromCollector && sponsor.id === collector.id) return 'sponsor must be different from the collector';
  if (state.opts.sponsorSameEnvironment && sponsor.kind !== collector.kind) return 'sponsor and collector must be both test users or both real users';
  return undefined;
}
