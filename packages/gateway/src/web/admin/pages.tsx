// The admin pages' bodies: log-in, the sellers, one seller's stores and POS (with device keys and pairing codes),
// and the page that shows a new device key or pairing code — the only HTML that ever holds one.
import type { FC } from 'hono/jsx';
import type { SellerView } from '../../services/sellers.ts';
import type { PosView, StoreView } from '../../services/provisioning.ts';
import { Csrf, Layout, PostButton, Problem, when } from './layout.tsx';

export const LoginPage: FC<{ token: string; error?: string }> = ({ token, error }) => (
  <Layout title="Log in">
    <Problem message={error} />
    <form method="post" action="/admin/login" class="stack">
      <Csrf token={token} />
      <label>Admin key<input type="password" name="password" autocomplete="current-password" required /></label>
      <p class="muted">COBRO_ADMIN_PASSWORD, or the admin-api.key file in the gateway's data folder.</p>
      <button type="submit" class="primary">Log in</button>
    </form>
  </Layout>
);

const Status: FC<{ s: SellerView }> = ({ s }) => (s.status === 'connected'
  ? <span class="ok">connected</span>
  : <span class="bad">disconnected{s.disconnected_reason ? ` (${s.disconnected_reason})` : ''}</span>);

export const SellersPage: FC<{ sellers: SellerView[]; csrf: string }> = ({ sellers, csrf }) => (
  <Layout title="Sellers" csrf={csrf}>
    <p><a href="/connect?return_to=/admin/sellers">Connect a seller</a> (sends them to Mercado Pago to authorise this application)</p>
    {sellers.length === 0 ? <p>No seller is connected yet.</p> : (
      <table>
        <thead><tr><th scope="col">Seller</th><th scope="col">Site</th><th scope="col">State</th><th scope="col">Token expires</th><th scope="col">Actions</th></tr></thead>
        <tbody>{sellers.map((s) => (
          <tr>
            <td><a href={`/admin/sellers/${s.id}`}>{s.nickname}</a> <span class="muted">({s.mp_user_id}{s.live_mode ? '' : ', test'})</span></td>
            <td>{s.site_id} · {s.currency}</td>
            <td><Status s={s} /></td>
            <td>{when(s.token_expires_at)}</td>
            <td>{s.status === 'connected'
              ? <PostButton action={`/admin/sellers/${s.id}/disconnect`} csrf={csrf} label={`Disconnect ${s.nickname}`} danger />
              : <a href={`/connect?return_to=/admin/sellers/${s.id}`}>Connect again</a>}</td>
          </tr>))}
        </tbody>
      </table>
    )}
  </Layout>
);

export interface DeviceKeyView { id: string; hint: string; label: string | null; created_at: string; last_used_at: string | null; revoked_at: string | null }
export interface PosWithKeys { pos: PosView; keys: DeviceKeyView[] }

const Keys: FC<{ base: string; keys: DeviceKeyView[]; csrf: string }> = ({ base, keys, csrf }) => (keys.length === 0 ? <p class="muted">No device key yet.</p> : (
  <table>
    <thead><tr><th scope="col">Key</th><th scope="col">Label</th><th scope="col">Created</th><th scope="col">Last used</th><th scope="col">State</th></tr></thead>
    <tbody>{keys.map((k) => (
      <tr data-key-id={k.id}>
        <td><code>{k.hint}</code></td><td>{k.label ?? '—'}</td><td>{when(k.created_at)}</td><td>{when(k.last_used_at)}</td>
        <td>{k.revoked_at ? <span class="bad">revoked {when(k.revoked_at)}</span>
          : <PostButton action={`${base}/device-keys/${k.id}/revoke`} csrf={csrf} label={`Revoke ${k.hint}`} danger />}</td>
      </tr>))}
    </tbody>
  </table>
));

const PosCard: FC<{ seller: string; item: PosWithKeys; store: StoreView | undefined; csrf: string }> = ({ seller, item: { pos, keys }, store, csrf }) => {
  const base = `/admin/sellers/${seller}/pos/${pos.id}`;
  return (
    <section class="pos" aria-labelledby={`pos-${pos.id}`}>
      <h3 id={`pos-${pos.id}`}>{pos.name} <span class="muted">({pos.external_id}, {store?.name ?? 'no store'}, {pos.flow})</span></h3>
      {pos.qr !== null && <p>Printed QR: <a href={`${base}/qr.png`} download>PNG of {pos.name}</a> · <a href={`${base}/qr.pdf`} download>PDF of {pos.name}</a></p>}
      <Keys base={base} keys={keys} csrf={csrf} />
      <div class="row">
        <form method="post" action={`${base}/device-keys`} class="row">
          <Csrf token={csrf} />
          <label>Label<input name="label" maxlength={100} /></label>
          <button type="submit">New device key for {pos.name}</button>
        </form>
        <PostButton action={`${base}/pairing-codes`} csrf={csrf} label={`Pairing code for ${pos.name}`} />
      </div>
    </section>
  );
};

const FIELDS = [['street_name', 'Street'], ['street_number', 'Number'], ['city_name', 'City'], ['state_name', 'State or province'],
  ['latitude', 'Latitude'], ['longitude', 'Longitude']] as const;

/** Mercado Pago wants an address with coordinates for every store. */
const NewStore: FC<{ seller: string; csrf: string }> = ({ seller, csrf }) => (
  <form method="post" action={`/admin/sellers/${seller}/stores`} class="stack" aria-labelledby="new-store">
    <h3 id="new-store">New store</h3>
    <Csrf token={csrf} />
    <label>Name<input name="name" required maxlength={100} /></label>
    <label>External id<input name="external_id" required maxlength={60} pattern="[A-Za-z0-9_\-]+" /></label>
    {FIELDS.map(([name, label]) => <label>{label}<input name={name} required inputmode={name.endsWith('itude') ? 'decimal' : undefined} /></label>)}
    <button type="submit">Create store</button>
  </form>
);

export const SellerPage: FC<{ seller: SellerView; stores: StoreView[]; pos: PosWithKeys[]; csrf: string; error?: string }> = ({ seller, stores, pos, csrf, error }) => (
  <Layout title={`${seller.nickname}: stores and POS`} csrf={csrf}>
    <p><Status s={seller} /> · {seller.site_id} · {seller.currency} · token expires {when(seller.token_expires_at)}</p>
    <Problem message={error} />
    <h2>Stores</h2>
    {stores.length === 0 ? <p>No store yet.</p> : (
      <table>
        <thead><tr><th scope="col">Store</th><th scope="col">External id</th><th scope="col">MP store id</th><th scope="col">Created</th></tr></thead>
        <tbody>{stores.map((s) => <tr><td>{s.name}</td><td>{s.external_id}</td><td>{s.mp_store_id ?? '—'}</td><td>{when(s.created_at)}</td></tr>)}</tbody>
      </table>
    )}
    <NewStore seller={seller.id} csrf={csrf} />
    <h2>POS</h2>
    {pos.map((p) => <PosCard seller={seller.id} item={p} store={stores.find((s) => s.id === p.pos.store_id)} csrf={csrf} />)}
    {stores.length > 0 && (
      <form method="post" action={`/admin/sellers/${seller.id}/pos`} class="stack" aria-labelledby="new-pos">
        <h3 id="new-pos">New POS</h3>
        <Csrf token={csrf} />
        <label>Name<input name="name" required maxlength={44} /></label>
        <label>External id (letters and digits)<input name="external_id" required maxlength={40} pattern="[A-Za-z0-9]+" /></label>
        <label>Store<select name="store_external_id">{stores.map((s) => <option value={s.external_id}>{s.name} ({s.external_id})</option>)}</select></label>
        <label>Flow<select name="flow"><option value="orders">orders</option><option value="legacy_dynamic">legacy_dynamic</option><option value="legacy_attended">legacy_attended</option></select></label>
        <button type="submit" class="primary">Create POS</button>
      </form>
    )}
  </Layout>
);

/** A device key or pairing code, the one time it is shown. */
export const ShownOncePage: FC<{ title: string; secret: string; note: string; back: string; csrf: string }> = ({ title, secret, note, back, csrf }) => (
  <Layout title={title} csrf={csrf}>
    <p id="secret" class="secret">{secret}</p>
    <p><strong>Shown once.</strong> {note}</p>
    <p><a href={back}>Back to the seller</a></p>
  </Layout>
);
