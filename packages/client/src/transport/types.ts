// The seam between the request sender and the network: anything shaped like `fetch`. The sandbox's
// `createSandbox().fetch`, the global `fetch` and `createUndiciTransport()` all fit.

export type Transport = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;
