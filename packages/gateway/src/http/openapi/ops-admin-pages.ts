// The admin pages' log-in, sellers and catalog: HTML forms behind a session cookie, each POST with its CSRF token.
import { html, seeOther, sessionOp as op, type Operation } from './operation.ts';

/** The admin pages: HTML forms behind a session cookie (log in with the admin key), each POST with its CSRF token. */
export function adminPages(): Operation[] {
  return [
    { method: 'get', path: '/admin', id: 'adminLoginPage', tag: 'Pages', summary: 'The admin log-in form (303 to /admin/sellers when logged in)', responses: { 200: html('the log-in form') } },
    { method: 'get', path: '/admin/admin.css', id: 'adminStyle', tag: 'Pages', summary: "The admin pages' stylesheet", responses: { 200: { description: 'CSS', type: 'text/css' } } },
    { method: 'post', path: '/admin/login', id: 'adminLogin', tag: 'Pages', summary: 'Log in with the admin key (form field `password`): sets the session cookie',
      responses: { 303: seeOther('/admin/sellers'), 401: html('the log-in form again') } },
    op('post', '/admin/logout', 'adminLogout', 'Log out', { 303: seeOther('/admin') }),
    op('get', '/admin/sellers', 'adminSellersPage', 'Sellers: connection state, token expiry, connect and disconnect', { 200: html('the sellers') }),
    op('post', '/admin/sellers/{seller}/disconnect', 'adminDisconnectSeller', 'Disconnect a seller', { 303: seeOther('/admin/sellers') }),
    op('get', '/admin/sellers/{seller}', 'adminSellerPage', "A seller's stores and POS, with device keys (hints only) and pairing codes", { 200: html('the seller') }),
    op('post', '/admin/sellers/{seller}/stores', 'adminCreateStore', 'Create a store (form fields as createStore, the location flattened)', { 303: seeOther('the seller page'), 400: html('the seller page, saying why') }),
    op('post', '/admin/sellers/{seller}/pos', 'adminCreatePos', 'Create a POS (form fields as createPos)', { 303: seeOther('the seller page'), 400: html('the seller page, saying why') }),
    op('post', '/admin/sellers/{seller}/pos/{pos}/device-keys', 'adminCreateDeviceKeyPage', 'Create a device key: shown on this answer page only', { 201: html('the key, once') }),
    op('post', '/admin/sellers/{seller}/pos/{pos}/device-keys/{key}/revoke', 'adminRevokeDeviceKey', 'Revoke a device key', { 303: seeOther('the seller page') }),
    op('post', '/admin/sellers/{seller}/pos/{pos}/pairing-codes', 'adminCreatePairingCodePage', 'Create a pairing code: shown on this answer page only', { 201: html('the code, once') }),
  ];
}

