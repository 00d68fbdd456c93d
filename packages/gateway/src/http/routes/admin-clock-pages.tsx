// The admin pages' clock area (placeholder until its pages land).
import { Hono } from 'hono';
import type { AppEnv } from '../env.ts';
import type { AdminKit } from './admin-kit.ts';
import type { AdminPageDeps } from './admin-pages.tsx';

export function adminClockPages(_kit: AdminKit, _d: AdminPageDeps): Hono<AppEnv> {
  return new Hono<AppEnv>();
}
