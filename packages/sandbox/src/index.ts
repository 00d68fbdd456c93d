export { createSandbox, type Sandbox, type SandboxControl } from './sandbox.ts';
export { listen, type RunningSandbox } from './server.ts';
export type { SandboxOptions } from './options.ts';
export { SandboxState, type NotificationEvent } from './state.ts';
export { VirtualClock, parseDuration } from './clock.ts';
export { MpError } from './errors.ts';
export { SITES, SITE_IDS, type SiteId, type Site } from './sites.ts';
export { CARD_OUTCOMES, CARD_NAMES } from './buyer/cards.ts';
export { crc16, decodeMpQr, dynamicQr, staticPosQr } from './catalog/emvco.ts';
