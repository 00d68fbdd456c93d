// Every operation the gateway serves, for the OpenAPI document and the docs page. Request bodies and parameters
// are the routes' own zod schemas (imported from the route files), so what the document says is what the edge
// checks; test/openapi.test.ts walks the app's routes and fails on any route missing here, or listed but not served.
import { z } from '../input.ts';
import { chargeInput, refundInput } from '../routes/charges.ts';
import { versionParam, waitParam } from '../routes/charge-events.ts';
import { pairInput } from '../routes/terminal.ts';
import { keyInput, posInput, storeInput } from '../routes/admin-catalog.ts';
import { returnToParam } from '../routes/connect.ts';
import { simulateInput } from '../routes/cashier.tsx';
import * as r from './responses.ts';
import { chargeId, id, idempotency, json, posId, sellerId, type Operation } from './operation.ts';
import { adminPages } from './ops-admin-pages.ts';
import { adminChargeOps } from './ops-admin-charges.ts';
import { adminNotificationOps } from './ops-admin-notifications.ts';
import { adminReportOps } from './ops-admin-reports.ts';
import { adminClockOps } from './ops-admin-clock.ts';

export type { Operation, Param, Security } from './operation.ts';

const terminal: Operation[] = [
  { method: 'post', path: '/api/pair', id: 'pairTerminal', tag: 'Terminal', summary: 'Exchange a pairing code for this terminal\'s device key',
    description: 'No key needed yet: the code (from the admin API) is single-use and expires in minutes.',
    body: { schema: pairInput, example: { code: 'ABCD-EFGH', label: 'Caja 2' } },
    responses: { 201: json('The device key, shown only in this answer', r.paired), 401: json('Unknown, expired or used code', r.errorBody) } },
  { method: 'get', path: '/api/pos', id: 'getTerminalPos', tag: 'Terminal', summary: 'The POS this device key belongs to', security: 'deviceKey',
    responses: { 200: json('The POS', r.terminalPos) } },
  { method: 'post', path: '/api/charges', id: 'createCharge', tag: 'Charges', summary: 'Create a charge (a QR order on Mercado Pago)', security: 'deviceKey',
    description: "The charge, its MP idempotency key and reference are stored before Mercado Pago is called: a lost answer leaves it `unknown` (never paid) until the recovery job settles it. Amounts are decimal strings in the seller's currency (CLP/COP: integers).",
    params: [idempotency],
    body: { schema: chargeInput, example: { amount: '1234.50', description: 'Café y medialunas', external_reference: 'sale-1001' } },
    responses: {
      201: json('Created', r.charge), 200: json('The charge this Idempotency-Key already created', r.charge),
      409: json('Idempotency-Key reused with another body, or the seller must reconnect', r.errorBody),
      422: json('Mercado Pago refused the order (the charge is failed; `error` says why)', r.charge.extend({ error: z.object({ code: z.string(), message: z.string().optional() }) })),
    } },
  { method: 'get', path: '/api/charges/{id}', id: 'getCharge', tag: 'Charges', summary: 'A charge of this POS', security: 'deviceKey', params: [chargeId],
    responses: { 200: json('The charge', r.charge) } },
  { method: 'get', path: '/api/charges/{id}/events', id: 'watchCharge', tag: 'Charges', summary: 'Live status: Server-Sent Events, or a long-poll with ?wait=', security: 'deviceKey',
    description: 'Without `wait`: an SSE stream, one event per change (`id:` = the charge version, `event:` its type, `data:` JSON), replayed after `Last-Event-ID`, a `: heartbeat` comment every 15 s, and an `end` event then the close once the charge is final. The stream also ends when the gateway shuts down: reconnect with Last-Event-ID. With `wait`: JSON, answered at the first event after `after` or when `wait` seconds pass.',
    params: [chargeId,
      { name: 'wait', in: 'query', schema: waitParam, description: 'Long-poll for up to this many seconds (0-60) instead of streaming' },
      { name: 'after', in: 'query', schema: versionParam, description: 'Only events after this charge version' },
      { name: 'Last-Event-ID', in: 'header', schema: versionParam, description: 'SSE resume point (browsers send it on reconnect)' }],
    responses: { 200: { description: 'text/event-stream without `wait`; the events as JSON with it', schema: r.chargeEvents, type: 'text/event-stream' } } },
  { method: 'post', path: '/api/charges/{id}/cancel', id: 'cancelCharge', tag: 'Charges', summary: 'Ask Mercado Pago to cancel; the re-fetched truth is answered', security: 'deviceKey',
    description: 'A payment processed meanwhile wins: the answer may be approved. A refused cancel is a 409 with the charge as it stands.', params: [chargeId],
    responses: { 200: json('The charge after the cancel', r.charge), 409: json('Not cancelable (final, or paid meanwhile); `charge` beside `error`', r.errorBody) } },
  { method: 'post', path: '/api/charges/{id}/refunds', id: 'refundCharge', tag: 'Charges', summary: 'Refund all or part of an approved charge', security: 'deviceKey',
    description: 'Idempotent per Idempotency-Key; never above what is left. Completion is seen by webhook or poll.',
    params: [chargeId, idempotency], body: { schema: refundInput, example: { amount: '100.00' }, description: 'Without `amount`: the rest of the charge' },
    responses: { 202: json('Refund requested: the charge as it stands and the refund at Mercado Pago', r.refundRequested), 409: json('Not refundable, or more than what is left', r.errorBody) } },
  { method: 'get', path: '/api/charges/{id}/qr.svg', id: 'chargeQrSvg', tag: 'Charges', summary: "The charge's QR as SVG", security: 'deviceKey', params: [chargeId],
    responses: { 200: { description: 'SVG image', type: 'image/svg+xml' }, 404: json('No such charge, or no QR yet', r.errorBody) } },
  { method: 'get', path: '/api/charges/{id}/qr.png', id: 'chargeQrPng', tag: 'Charges', summary: "The charge's QR as PNG", security: 'deviceKey', params: [chargeId],
    responses: { 200: { description: 'PNG image', type: 'image/png' }, 404: json('No such charge, or no QR yet', r.errorBody) } },
];

const store = { name: 'Sucursal Centro', external_id: 'SUC001', location: { street_number: '3039', street_name: 'Caseros', city_name: 'Belgrano', state_name: 'Capital Federal', latitude: -34.56, longitude: -58.45 } };

const admin: Operation[] = [
  { method: 'get', path: '/admin/api/sellers', id: 'listSellers', tag: 'Admin', summary: 'Connected (and disconnected) sellers', security: 'adminKey', responses: { 200: json('Sellers', r.list(r.seller)) } },
  { method: 'get', path: '/admin/api/sellers/{seller}', id: 'getSeller', tag: 'Admin', summary: 'One seller', security: 'adminKey', params: [sellerId], responses: { 200: json('The seller', r.seller) } },
  { method: 'post', path: '/admin/api/sellers/{seller}/stores', id: 'createStore', tag: 'Admin', summary: 'Create a store on Mercado Pago (idempotent on external_id)', security: 'adminKey', params: [sellerId],
    body: { schema: storeInput, example: store }, responses: { 201: json('Created', r.store), 200: json('The store with this external_id', r.store) } },
  { method: 'get', path: '/admin/api/sellers/{seller}/stores', id: 'listStores', tag: 'Admin', summary: "A seller's stores", security: 'adminKey', params: [sellerId], responses: { 200: json('Stores', r.list(r.store)) } },
  { method: 'post', path: '/admin/api/sellers/{seller}/pos', id: 'createPos', tag: 'Admin', summary: 'Create a POS in a store (idempotent on external_id)', security: 'adminKey', params: [sellerId],
    body: { schema: posInput, example: { name: 'Caja 1', external_id: 'SUC001POS1', store_external_id: 'SUC001' } }, responses: { 201: json('Created', r.pos), 200: json('The POS with this external_id', r.pos) } },
  { method: 'get', path: '/admin/api/sellers/{seller}/pos', id: 'listPos', tag: 'Admin', summary: "A seller's POS", security: 'adminKey', params: [sellerId], responses: { 200: json('POS', r.list(r.pos)) } },
  { method: 'post', path: '/admin/api/sellers/{seller}/pos/{pos}/device-keys', id: 'createDeviceKey', tag: 'Admin', summary: 'A device key for a POS (shown once)', security: 'adminKey', params: [sellerId, posId],
    body: { schema: keyInput, example: { label: 'Caja 1 tablet' } }, responses: { 201: json('The key, shown only in this answer', r.newDeviceKey) } },
  { method: 'get', path: '/admin/api/sellers/{seller}/pos/{pos}/device-keys', id: 'listDeviceKeys', tag: 'Admin', summary: "A POS's device keys (hints only)", security: 'adminKey', params: [sellerId, posId], responses: { 200: json('Keys', r.list(r.deviceKey)) } },
  { method: 'delete', path: '/admin/api/sellers/{seller}/pos/{pos}/device-keys/{key}', id: 'revokeDeviceKey', tag: 'Admin', summary: 'Revoke a device key', security: 'adminKey',
    params: [sellerId, posId, id('key', "The key's id (dk_…)")], responses: { 204: { description: 'Revoked' } } },
  { method: 'post', path: '/admin/api/sellers/{seller}/pos/{pos}/pairing-codes', id: 'createPairingCode', tag: 'Admin', summary: 'A short pairing code a terminal exchanges once for its key', security: 'adminKey', params: [sellerId, posId],
    responses: { 201: json('The code', r.pairingCode) } },
];

const notification = z.looseObject({
  type: z.string().optional(), action: z.string().optional(), topic: z.string().optional(), user_id: z.union([z.number(), z.string()]).optional(),
  data: z.looseObject({ id: z.union([z.string(), z.number()]) }).optional(), resource: z.string().optional(),
}).describe("What Mercado Pago POSTs (webhook or IPN); only a doorbell: the resource is re-fetched");

const sellers: Operation[] = [
  { method: 'get', path: '/connect', id: 'connectSeller', tag: 'Sellers', summary: "Start a seller's OAuth connection (redirect to Mercado Pago)",
    params: [{ name: 'return_to', in: 'query', schema: returnToParam, description: 'A path on this gateway to come back to' }],
    responses: { 302: { description: "To Mercado Pago's consent page; sets the signed state cookie" }, 400: json('return_to is not a local path', r.errorBody) } },
  { method: 'get', path: '/oauth/callback', id: 'oauthCallback', tag: 'Sellers', summary: 'Where Mercado Pago sends the seller back; stores the seller',
    params: ['code', 'state', 'error'].map((name) => ({ name, in: 'query' as const, schema: z.string(), description: 'Set by Mercado Pago' })),
    responses: { 200: { description: 'HTML confirmation, or `{seller}` with Accept: application/json', schema: z.object({ seller: r.seller }) }, 302: { description: 'To return_to' }, 400: json('Missing or mismatched state, denied consent', r.errorBody) } },
  { method: 'post', path: '/webhooks/mercadopago', id: 'mercadopagoWebhook', tag: 'Mercado Pago', summary: 'Notifications from Mercado Pago (all sellers, routed by user_id)',
    description: 'A present x-signature is verified (401 and nothing queued when bad); an unsigned delivery or IPN is accepted as a doorbell. Stored in the inbox with its reconcile job, then 200.',
    params: [{ name: 'x-signature', in: 'header', schema: z.string(), description: '`ts=…,v1=…`' }, { name: 'x-request-id', in: 'header', schema: z.string() },
      { name: 'topic', in: 'query', schema: z.string(), description: 'IPN' }, { name: 'id', in: 'query', schema: z.string(), description: 'IPN' }],
    body: { schema: notification, example: { type: 'order', action: 'order.processed', user_id: 123456, data: { id: 'ORD01JQ4S4KY8HWQ6NA5PXB65B3D3' } } },
    responses: { 200: json('Received (or a duplicate)', r.webhookReceipt), 401: json('Bad signature', r.errorBody) } },
];

const ops: Operation[] = [
  { method: 'get', path: '/healthz', id: 'healthz', tag: 'Operations', summary: 'The process is up', responses: { 200: json('Up', z.object({ ok: z.literal(true) })) } },
  { method: 'get', path: '/readyz', id: 'readyz', tag: 'Operations', summary: 'The database answers', responses: { 200: json('Ready', z.object({ ready: z.literal(true) })), 503: json('Not ready', r.errorBody) } },
  { method: 'get', path: '/metrics', id: 'metrics', tag: 'Operations', summary: 'Prometheus metrics (text format)', security: 'metricsToken',
    description: 'Open unless METRICS_TOKEN is set.', responses: { 200: { description: 'text/plain; version=0.0.4', type: 'text/plain' } } },
  { method: 'get', path: '/openapi.json', id: 'openapi', tag: 'Operations', summary: 'This document', responses: { 200: { description: 'OpenAPI 3.1', type: 'application/json' } } },
  { method: 'get', path: '/docs', id: 'docs', tag: 'Operations', summary: 'This document as a page', responses: { 200: { description: 'HTML', type: 'text/html' } } },
];

const pages: Operation[] = [
  { method: 'get', path: '/cashier', id: 'cashierPage', tag: 'Pages', summary: 'The cashier page: pair once, type an amount, show the QR, watch it paid',
    responses: { 200: { description: 'HTML', type: 'text/html' } } },
  { method: 'get', path: '/cashier/cashier.js', id: 'cashierScript', tag: 'Pages', summary: "The cashier page's script", responses: { 200: { description: 'JavaScript', type: 'text/javascript' } } },
  { method: 'get', path: '/cashier/cashier.css', id: 'cashierStyle', tag: 'Pages', summary: "The cashier page's stylesheet", responses: { 200: { description: 'CSS', type: 'text/css' } } },
  { method: 'post', path: '/cashier/simulate', id: 'cashierSimulateBuyer', tag: 'Pages', summary: "Embedded mode: the sandbox's test buyer pays, is rejected, pays pending or walks away", security: 'deviceKey',
    description: "Only while the gateway runs its own sandbox (a 404 otherwise); only this POS's charges.",
    body: { schema: simulateInput, example: { charge_id: 'chg_01JQ4S4KY8HWQ6NA5PXB65B3D3', action: 'pay' } },
    responses: { 200: { description: "The sandbox's outcome" }, 409: json('The sandbox refused (e.g. the charge is no longer payable)', r.errorBody) } },
  ...adminPages(),
];

export const OPERATIONS: readonly Operation[] = [...terminal, ...admin, ...sellers, ...ops, ...pages,
  ...adminChargeOps, ...adminNotificationOps, ...adminReportOps, ...adminClockOps];
