// Embedded mode only: the gateway's own sandbox's control plane (`/__sandbox/…`), answered in-process. The cashier
// page's test buyer and the admin's virtual clock use it; with a real Mercado Pago there is none.
export type SandboxControl = (path: string, body?: unknown, method?: 'GET' | 'POST') => Promise<Response>;
