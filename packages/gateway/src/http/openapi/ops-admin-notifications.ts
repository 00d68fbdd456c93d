// The documented operations of the admin's notification inbox and outbox (JSON API and pages).
import type { Operation } from './operation.ts';

export const adminNotificationOps: Operation[] = [];
