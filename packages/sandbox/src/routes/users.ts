// `GET /users/me` (spec §2.3): the account behind the token, and only that one. `GET /users/{id}` (spec §14): any
// account's public profile (id, nickname, site_id, …), as MP serves it to anyone; the owner's own token gets
// the private view of /users/me.
import { Hono } from 'hono';
import { authenticate, bearer, resolveToken, type Env } from '../http.ts';
import { classicError } from '../errors.ts';
import type { SandboxState } from '../state.ts';
import type { Account } from '../model.ts';

export function userMe(state: SandboxState, a: Account): Record<string, unknown> {
  const site = state.site(a.site_id);
  return {
    id: a.id,
    nickname: a.nickname,
    registration_date: state.classicTime(a.created, a.site_id),
    first_name: a.first_name,
    last_name: a.last_name,
    gender: '',
    country_id: site.country2,
    email: a.email,
    identification: { type: site.documentType, number: site.documentNumber },
    address: { address: null, city: site.city, state: null, zip_code: null },
    phone: { area_code: null, number: null, extension: '', verified: false },
    alternative_phone: { area_code: '', number: '', extension: '' },
    user_type: 'normal',
    tags: a.kind === 'test' ? ['normal', 'test_user'] : ['normal'],
    logo: null,
    points: 0,
    site_id: a.site_id,
    permalink: `http://perfil.mercadolibre.com/${a.nickname}`,
    seller_experience: 'NEWBIE',
    seller_reputation: { level_id: null, power_seller_status: null, transactions: { canceled: 0, completed: 0, period: 'historic', total: 0 } },
    buyer_reputation: { canceled_transactions: 0, tags: [], transactions: { canceled: { paid: null, total: null }, completed: null, not_yet_rated: { paid: null, total: null, units: null }, period: 'historic', total: null, unrated: { paid: null, total: null } } },
    status: {
      site_status: a.status === 'active' ? 'active' : 'deactive',
      list: { allow: true, codes: [], immediate_payment: { reasons: [], required: false } },
      buy: { allow: true, codes: [], immediate_payment: { reasons: [], required: false } },
      sell: { allow: true, codes: [], immediate_payment: { reasons: [], required: false } },
      billing: { allow: true, codes: [] },
      mercadopago_tc_accepted: true,
      mercadopago_account_type: 'personal',
      mercadoenvios: 'not_accepted',
      immediate_payment: false,
      confirmed_email: true,
      user_type: 'eventual',
      required_action: '',
    },
    company: { brand_name: null, city_tax_id: '', corporate_name: '', identification: '', state_tax_id: '', cust_type_id: '', soft_descriptor: null },
    credit: { consumed: 0, credit_level_id: 'MP1', rank: 'newbie' },
    context: {},
  };
}

/** The public part of a profile: what MP shows about an account to someone else. */
export function publicProfile(state: SandboxState, a: Account): Record<string, unknown> {
  const me = userMe(state, a);
  const keep = ['id', 'nickname', 'registration_date', 'country_id', 'user_type', 'tags', 'logo', 'points', 'site_id', 'permalink',
    'seller_reputation', 'buyer_reputation'];
  const out: Record<string, unknown> = Object.fromEntries(keep.map((k) => [k, me[k]]));
  out.address = { city: state.site(a.site_id).city, state: null };
  out.status = { site_status: (me.status as { site_status: string }).site_status };
  return out;
}

export function userRoutes(state: SandboxState): Hono<Env> {
  const app = new Hono<Env>();
  app.get('/users/me', authenticate(state, 'classic'), (c) => c.json(userMe(state, c.get('auth').account), 200));
  app.get('/users/:id{[0-9]{1,15}}', (c) => {
    const a = state.accounts.get(Number(c.req.param('id')));
    if (!a || a.status === 'deleted') throw classicError(404, 'not_found', `User ${c.req.param('id')} not found.`);
    const auth = bearer(c) === undefined ? undefined : resolveToken(state, bearer(c));
    const own = auth !== undefined && 'account' in auth && auth.account.id === a.id;
    return c.json(own ? userMe(state, a) : publicProfile(state, a), 200);
  });
  return app;
}
