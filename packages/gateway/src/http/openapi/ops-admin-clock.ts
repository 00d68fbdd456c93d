// The documented operations of the admin's embedded virtual clock (pages), and the POS QR downloads of the seller page.
import { html, seeOther, sessionOp as op, type Operation } from './operation.ts';
import { errorBody } from './responses.ts';

const attachment = (what: string, type: string) => ({ description: `${what}, as an attachment (Content-Disposition)`, type });
const NO_QR = { description: 'Not found: no such POS of this seller, or Mercado Pago gave the POS no QR', schema: errorBody };

export const adminClockOps: Operation[] = [
  op('get', '/admin/clock', 'adminClockPage', "Embedded mode's virtual clock (the sandbox's, which the gateway follows): its time, how far ahead of the wall clock, pending timers; without the embedded sandbox, says Mercado Pago's clock is the real one",
    { 200: html('the clock') }),
  op('post', '/admin/clock/advance', 'adminAdvanceClock', 'Move the virtual clock forward by `duration` (ISO-8601, e.g. PT16M; at most P366D): due timers run (orders expire, webhooks are delivered) before the answer',
    { 303: seeOther('/admin/clock?advanced=<duration>'), 400: html('the clock page, saying why'), 404: { description: 'Not embedded: there is no virtual clock', schema: errorBody } }),
  op('get', '/admin/sellers/{seller}/pos/{pos}/qr.png', 'adminPosQrPng', "The POS's printed (static) QR from Mercado Pago, as a PNG to download",
    { 200: attachment('PNG', 'image/png'), 404: NO_QR }),
  op('get', '/admin/sellers/{seller}/pos/{pos}/qr.pdf', 'adminPosQrPdf', "The POS's printed (static) QR as a one-page A4 PDF: the store and POS name, the code, \"Escaneá para pagar con Mercado Pago\"",
    { 200: attachment('PDF', 'application/pdf'), 404: NO_QR }),
];
