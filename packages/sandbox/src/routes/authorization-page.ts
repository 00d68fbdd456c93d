// The sandbox's stand-in for auth.mercadopago.com: a sign-in + consent page. Every value is escaped by
// hono/html; hidden fields carry the validated request into the POST.
import { html } from 'hono/html';
import type { ValidAuthorize } from '../identity/oauth.ts';
import type { Account } from '../model.ts';

const STYLE = `
body{font-family:system-ui,sans-serif;background:#ededed;margin:0;color:#333}
main{max-width:420px;margin:48px auto;background:#fff;border-radius:8px;padding:32px;box-shadow:0 1px 4px #0002}
h1{font-size:20px;margin:0 0 8px}.sandbox{font-size:12px;color:#a15c00;margin-bottom:16px}
label{display:block;margin:12px 0 4px;font-size:14px}input[type=text],input[type=password]{width:100%;box-sizing:border-box;padding:10px;border:1px solid #bbb;border-radius:6px}
.actions{display:flex;gap:8px;margin-top:20px}button{flex:1;padding:12px;border:0;border-radius:6px;font-size:15px;cursor:pointer}
button[value=allow]{background:#009ee3;color:#fff}button[value=deny]{background:#e7e7e7}
.error{background:#fdecea;color:#8a1c1c;padding:10px;border-radius:6px;margin:12px 0}ul{padding-left:20px;font-size:14px}`;

function layout(title: string, body: unknown) {
  return html`<!doctype html>
<html lang="es"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${title}</title><style>${STYLE}</style></head>
<body><main>${body}</main></body></html>`;
}

export function consentPage(v: ValidAuthorize, owner: Account | undefined, opts: { error?: string; login?: string } = {}) {
  const hidden = (name: string, value: string | undefined) =>
    value === undefined ? '' : html`<input type="hidden" name="${name}" value="${value}">`;
  return layout('Mercado Pago - Autorizar aplicación', html`
<h1>${v.app.name} quiere conectarse con tu cuenta de Mercado Pago</h1>
<div class="sandbox">Sandbox: página de autorización simulada${owner ? html` · aplicación de ${owner.nickname}` : ''}</div>
<p>La aplicación podrá:</p>
<ul><li>Ver tu información de cuenta (read)</li><li>Crear cobros, tiendas y cajas en tu nombre (write)</li><li>Mantener el acceso sin que vuelvas a iniciar sesión (offline_access)</li></ul>
${opts.error ? html`<div class="error" role="alert">${opts.error}</div>` : ''}
<form method="post" action="/authorization">
  ${hidden('client_id', v.app.client_id)}
  ${hidden('response_type', 'code')}
  ${hidden('redirect_uri', v.redirectUri)}
  ${hidden('state', v.state)}
  ${hidden('code_challenge', v.challenge?.value)}
  ${hidden('code_challenge_method', v.challenge?.method)}
  <label for="email">E-mail o usuario</label>
  <input type="text" id="email" name="email" autocomplete="username" value="${opts.login ?? ''}">
  <label for="password">Contraseña</label>
  <input type="password" id="password" name="password" autocomplete="current-password">
  <div class="actions">
    <button type="submit" name="decision" value="allow">Permitir</button>
    <button type="submit" name="decision" value="deny">Cancelar</button>
  </div>
</form>`);
}

export function errorPage(error: string, message: string) {
  return layout('Mercado Pago - Error de autorización', html`
<h1>No pudimos procesar la autorización</h1>
<div class="error" role="alert"><strong>${error}</strong>: ${message}</div>
<p>Revisá la configuración de la aplicación (client_id, Redirect URL, PKCE) y volvé a intentar.</p>`);
}
