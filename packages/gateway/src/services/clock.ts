// The admin's embedded mode's virtual clock (placeholder until it lands).
import type { AdminDeps } from './admin.ts';

export class ClockService {
  constructor(private readonly d: AdminDeps) {
    Object.freeze(this);
  }
}
