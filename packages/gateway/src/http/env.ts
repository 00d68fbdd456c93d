// What a request carries through the middleware: its id, and (on terminal routes) the device key's scope.
import type { DeviceScope } from '../services/provisioning.ts';

export type { DeviceScope };
export type AppEnv = { Variables: { requestId: string; device: DeviceScope } };
