// The admin's reports: reconciliation per seller and day, and health (placeholder until it lands).
import type { AdminDeps } from './admin.ts';

export class ReportsService {
  constructor(private readonly d: AdminDeps) {
    Object.freeze(this);
  }
}
