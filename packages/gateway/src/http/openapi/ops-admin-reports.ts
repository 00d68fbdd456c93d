// The documented operations of the admin's reconciliation and health (JSON API and pages).
import type { Operation } from './operation.ts';

export const adminReportOps: Operation[] = [];
