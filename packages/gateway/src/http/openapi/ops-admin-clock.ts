// The documented operations of the admin's embedded virtual clock (pages).
import type { Operation } from './operation.ts';

export const adminClockOps: Operation[] = [];
