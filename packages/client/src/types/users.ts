// Test users (spec §1) and `GET /users/me` (spec §2.3).
import type { SiteId } from '../sites.ts';
import type { Open } from './common.ts';

export interface CreateTestUserParams {
  site_id: SiteId;
  description?: string;
}

/** `POST /users/test_user`; the `/users/test` variant also returns site_id, description and dates. */
export interface TestUser {
  id: number;
  nickname: string;
  password: string;
  site_status: Open<'active' | 'deactive'>;
  email: string;
  site_id?: SiteId;
  description?: string;
  date_created?: string;
  date_last_updated?: string;
}

export interface TestUserSearchResult {
  total: number;
  results: Array<Omit<TestUser, 'password'>>;
}

/** The account behind a token. `id` is the user_id / collector_id used in store and QR paths. */
export interface User {
  id: number;
  nickname: string;
  site_id: SiteId;
  email: string;
  country_id: string;
  first_name?: string;
  last_name?: string;
  registration_date?: string;
  identification?: { type: string | null; number: string | null };
  user_type?: string;
  tags?: string[];
  status?: { site_status?: string; [k: string]: unknown };
  [k: string]: unknown;
}
