// The admin's charges: the list with filters and one charge's timeline (placeholder until it lands).
import type { AdminDeps } from './admin.ts';

export class ChargeAdminService {
  constructor(private readonly d: AdminDeps) {
    Object.freeze(this);
  }
}
