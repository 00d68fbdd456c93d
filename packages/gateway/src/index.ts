// @cobro/gateway: the integrator's multi-tenant QR backend. `startGateway` is the whole process (what
// `cobro gateway` and `npm start` run); `buildApp` is its HTTP surface, callable in-process.
export { startGateway, type StartOptions, type RunningGateway } from './main.ts';
export { startupBanner, startupJson } from './startup.ts';
export { ConfigError, loadConfig, readEnv, type GatewayConfig } from './config.ts';
export { buildApp, type AppDeps } from './app.ts';
export { copyPgliteToPostgres, CopyRefusedError, type CopyOptions, type CopyResult } from './db/copy.ts';
