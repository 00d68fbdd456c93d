// The documented operations of the admin's charges (JSON API and pages).
import type { Operation } from './operation.ts';

export const adminChargeOps: Operation[] = [];
