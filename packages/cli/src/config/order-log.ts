// The orders cobro created (orders.json, 0600). Mercado Pago's Orders API has no search, so this log is how
// `cobro orders list` finds recent orders and how `cobro pos unblock` finds the one holding a POS.
import { homeFile, readJsonFile, writeJsonFile } from './files.ts';

export interface LoggedOrder {
  id: string;
  profile: string;
  /** The account the order belongs to (base URL + seller): a sandbox restart must not mix its orders in. */
  base_url: string;
  pos: string;
  amount: string;
  external_reference?: string;
  created: string;
}

/** Older entries are dropped: the log is for recent orders, MP keeps the rest. */
const KEEP = 500;
const file = () => homeFile('orders.json');

export function loadOrders(): LoggedOrder[] {
  return readJsonFile<{ orders: LoggedOrder[] }>(file(), { orders: [] }).orders ?? [];
}

export function logOrder(entry: Omit<LoggedOrder, 'created'>): void {
  const orders = [{ ...entry, created: new Date().toISOString() }, ...loadOrders().filter((o) => o.id !== entry.id)];
  writeJsonFile(file(), { orders: orders.slice(0, KEEP) });
}

/** Newest first, for one profile on one base URL. */
export function ordersOf(profile: string, baseUrl: string): LoggedOrder[] {
  return loadOrders().filter((o) => o.profile === profile && o.base_url === baseUrl);
}
