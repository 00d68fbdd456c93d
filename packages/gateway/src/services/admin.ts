// The admin's services beyond the catalog, made in one place for main.ts and the tests: charges (list, detail,
// timeline), notifications (inbox with replay, outbox with redelivery), reports (reconciliation, health) and, in
// embedded mode, the sandbox's virtual clock. The admin pages and the admin JSON API both call only these.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { JobQueue } from '../jobs/queue.ts';
import type { GatewayMetrics } from '../metrics/gateway-metrics.ts';
import type { InboxRepository } from '../repositories/inbox.ts';
import type { OutboxRepository } from '../repositories/outbox.ts';
import type { MpCallsRepository } from '../repositories/mp-calls.ts';
import type { ChargesService } from './charges.ts';
import type { SellersService } from './sellers.ts';
import type { SandboxControl } from './sandbox-control.ts';
import { ChargeAdminService } from './charge-admin.ts';
import { NotificationAdminService } from './notification-admin.ts';
import { ReportsService } from './reports.ts';
import { ClockService } from './clock.ts';
import { AdminSessionService } from './admin-sessions.ts';
import { AdminSessionsRepository } from '../repositories/admin-sessions.ts';

export interface AdminDeps {
  db: Kysely<Database>;
  jobs: JobQueue;
  metrics: GatewayMetrics;
  inbox: InboxRepository;
  outbox: OutboxRepository;
  /** The log of calls to Mercado Pago (a charge's timeline, the health page's error rate). */
  mpCalls: MpCallsRepository;
  charges: ChargesService;
  sellers: SellersService;
  now: () => Date;
  /** Events are sent to the integrator (INTEGRATOR_WEBHOOK_URL and its secret are set: OutboxService.enabled). */
  eventsEnabled?: boolean;
  /** Embedded mode only. */
  sandbox?: SandboxControl;
}

export interface AdminServices {
  charges: ChargeAdminService;
  notifications: NotificationAdminService;
  reports: ReportsService;
  /** Embedded mode only: the sandbox's virtual clock. */
  clock: ClockService | undefined;
  /** Logged-out sessions (the session cookie itself is web/admin/session.ts). */
  sessions: AdminSessionService;
}

export function adminServices(d: AdminDeps): AdminServices {
  return Object.freeze({
    charges: new ChargeAdminService(d),
    notifications: new NotificationAdminService(d),
    reports: new ReportsService(d),
    clock: d.sandbox ? new ClockService(d) : undefined,
    // Wall time, not the embedded sandbox's clock: advancing MP's clock must not end or extend an admin's session.
    sessions: new AdminSessionService({ repo: new AdminSessionsRepository(d.db), now: () => new Date() }),
  });
}
