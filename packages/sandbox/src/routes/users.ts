// `GET /users/me` (spec §2.3): the account behind the token, and only that one.
import { Hono } from 'hono';
import { authenticate, type Env } from '../http.ts';
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

export function userRoutes(state: SandboxState): Hono<Env> {
  const app = new Hono<Env>();
  app.get('/users/me', authenticate(state, 'classic'), (c) => c.json(userMe(state, c.get('auth').account), 200));
  return app;
}
