// The admin JSON API's notifications (placeholder until it lands).
import { Hono } from 'hono';
import type { AppEnv } from '../env.ts';
import type { AdminServices } from '../../services/admin.ts';

export function adminNotificationRoutes(_admin: AdminServices): Hono<AppEnv> {
  return new Hono<AppEnv>();
}
