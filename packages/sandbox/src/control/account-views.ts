// The control plane's account and app shapes: what `/__sandbox/accounts` and `/__sandbox/apps` take and answer
// (secrets included: this is a test tool). The functions that act on them are in accounts.ts.
import type { Account } from '../model.ts';
import type { SiteId } from '../sites.ts';

export interface CreateAccountInput {
  site_id: SiteId;
  kind?: 'production' | 'test';
  nickname?: string;
  email?: string;
  password?: string;
  /** For `kind: "test"`: the production account it belongs to (counts toward that account's limit). */
  parent_id?: number;
  description?: string;
  /** The account's own app. */
  name?: string;
  webhook_url?: string;
  webhook_topics?: string[];
  redirect_uris?: string[];
  pkce?: boolean;
}

export interface CreateAppInput {
  owner_id: number;
  name?: string;
  redirect_uris?: string[];
  pkce?: boolean;
  webhook_url?: string;
  webhook_topics?: string[];
}

export interface UpdateAppInput {
  name?: string;
  redirect_uris?: string[];
  pkce?: boolean;
  /** `null` removes the panel webhook. */
  webhook_url?: string | null;
  webhook_topics?: string[] | null;
  /** "Reset" in the panel: a new webhook secret. */
  rotate_webhook_secret?: boolean;
}

export interface AuthorizeInput {
  client_id: string;
  user_id: number;
  /** Default: the app's first Redirect URL. */
  redirect_uri?: string;
  state?: string;
  code_challenge?: string;
  code_challenge_method?: 'S256' | 'plain';
}

export interface AppView {
  client_id: string;
  client_secret: string;
  name: string;
  owner_id: number;
  redirect_uris: string[];
  pkce: boolean;
  webhook_url: string | null;
  webhook_topics: string[] | null;
  webhook_secret: string;
  public_key: string;
  /** The owner's panel ("production credentials") access token for this app. */
  access_token: string | null;
  date_created: string;
}

export interface AccountView {
  user_id: number;
  site_id: SiteId;
  nickname: string;
  email: string;
  password: string;
  kind: Account['kind'];
  status: Account['status'];
  parent_id: number | null;
  description: string | null;
  /** Balance credited through `PUT /test_user/{id}/account_money` (a number in the site's currency). */
  account_money: number;
  first_name: string;
  last_name: string;
  /** Credentials of the account's own app (its first). */
  access_token: string | null;
  public_key: string | null;
  client_id: string | null;
  client_secret: string | null;
  webhook_secret: string | null;
  webhook_url: string | null;
  redirect_uris: string[];
  pkce: boolean;
  apps: AppView[];
  /** Apps this account has authorized by OAuth. */
  linked_apps: { client_id: string; scope: string; date_created: string }[];
  test_user_ids: number[];
  date_created: string;
}

/** What `createAccount` returns: an account whose own-app credentials always exist. */
export type SellerCredentials = AccountView & {
  access_token: string; public_key: string; client_id: string; client_secret: string; webhook_secret: string;
};
