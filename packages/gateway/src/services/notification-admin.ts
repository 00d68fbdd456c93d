// The admin's notifications: the inbox with replay and the outbox with redelivery (placeholder until it lands).
import type { AdminDeps } from './admin.ts';

export class NotificationAdminService {
  constructor(private readonly d: AdminDeps) {
    Object.freeze(this);
  }
}
