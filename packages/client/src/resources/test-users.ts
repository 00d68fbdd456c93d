// Test users (spec §1): created with the token of a real (productive) account, up to 10 at a time.
import type { RequestOptions } from '../config.ts';
import { Resource } from '../resource.ts';
import type { CreateTestUserParams, TestUser, TestUserSearchResult } from '../types/users.ts';

export interface CreateTestUserOptions extends RequestOptions {
  /**
   * `test_user` (default): `POST /users/test_user`, what the SDKs and guides use. `test`: `POST /users/test`,
   * the newest reference (CONFLICT in MP's docs), which also returns site_id, description and dates.
   */
  endpoint?: 'test_user' | 'test';
}

export class TestUsers extends Resource {
  /**
   * Not retried after it may have reached MP (MP takes no idempotency key here, and a duplicate uses one of
   * the account's 10 slots). The response's credentials are the test user's login, not an access token.
   */
  create(params: CreateTestUserParams, options: CreateTestUserOptions = {}): Promise<TestUser> {
    const { endpoint = 'test_user', ...rest } = options;
    return this.send<TestUser>({
      method: 'POST', path: endpoint === 'test' ? '/users/test' : '/users/test_user', body: params, idempotent: false, options: rest,
    });
  }

  /** `GET /test_user/search` (legacy reference; UNCONFIRMED still live at MP). */
  search(options?: RequestOptions): Promise<TestUserSearchResult> {
    return this.send<TestUserSearchResult>({ method: 'GET', path: '/test_user/search', options });
  }
}
