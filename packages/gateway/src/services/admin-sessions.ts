// Ending admin sessions: a log-out lists the session as ended (by hash, until it would have expired), and every
// admin page and form checks that list after the cookie's MAC and expiry, on any instance. See web/admin/session.ts
// for the cookie itself.
import type { AdminSessionsRepository } from '../repositories/admin-sessions.ts';
import { SESSION_TTL_S } from '../web/admin/session.ts';

export class AdminSessionService {
  constructor(private readonly d: { repo: AdminSessionsRepository; now: () => Date }) {
    Object.freeze(this);
  }

  /** Log-out: the session is refused from now on, wherever its cookie shows up. */
  end(sid: string): Promise<void> {
    const now = this.d.now();
    return this.d.repo.end(sid, new Date(now.getTime() + SESSION_TTL_S * 1000), now);
  }

  ended(sid: string): Promise<boolean> {
    return this.d.repo.ended(sid);
  }
}
