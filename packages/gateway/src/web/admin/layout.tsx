// The frame every admin page shares (title, navigation, log-out), and the hidden CSRF field every form carries.
import type { FC, PropsWithChildren } from 'hono/jsx';

export const CSRF_FIELD = '_csrf';

export const Csrf: FC<{ token: string }> = ({ token }) => <input type="hidden" name={CSRF_FIELD} value={token} />;

/** A one-button form: POST to `action` with the CSRF token. */
export const PostButton: FC<{ action: string; csrf: string; label: string; danger?: boolean }> = ({ action, csrf, label, danger }) => (
  <form method="post" action={action} class="inline"><Csrf token={csrf} /><button type="submit" class={danger ? 'danger' : undefined}>{label}</button></form>
);

/** Every admin area, in the order the navigation lists them. */
const NAV = [['/admin/sellers', 'Sellers'], ['/admin/charges', 'Charges'], ['/admin/notifications', 'Notifications'], ['/admin/events', 'Events'],
  ['/admin/reconciliation', 'Reconciliation'], ['/admin/health', 'Health'], ['/admin/clock', 'Clock']] as const;

export const Layout: FC<PropsWithChildren<{ title: string; csrf?: string }>> = ({ title, csrf, children }) => (
  <html lang="en">
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <title>{title} · cobro admin</title>
      <link rel="stylesheet" href="/admin/admin.css" />
    </head>
    <body>
      <header class="bar">
        <span class="brand">cobro admin</span>
        {csrf && <nav aria-label="Admin">{NAV.map(([href, label]) => <a href={href}>{label}</a>)}</nav>}
        {csrf && <PostButton action="/admin/logout" csrf={csrf} label="Log out" />}
      </header>
      <main>
        <h1>{title}</h1>
        {children}
      </main>
    </body>
  </html>
);

export const Problem: FC<{ message?: string }> = ({ message }) => (message ? <p class="error" role="alert">{message}</p> : null);

export const when = (iso: string | null): string => (iso ? iso.replace('T', ' ').replace(/\.\d+Z$/, ' UTC') : '—');
