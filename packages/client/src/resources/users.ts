// `GET /users/me` (spec §2.3): who a token belongs to. Its `id` is the user_id of store and QR paths.
import type { RequestOptions } from '../config.ts';
import { Resource } from '../resource.ts';
import type { User } from '../types/users.ts';

export class Users extends Resource {
  me(options?: RequestOptions): Promise<User> {
    return this.send<User>({ method: 'GET', path: '/users/me', options });
  }
}
