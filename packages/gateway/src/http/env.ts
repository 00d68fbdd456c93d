// What a request carries through the middleware: its id, and (on terminal routes) the device key's scope.
export interface DeviceScope { deviceKeyId: string; posId: string; sellerId: string }

export type AppEnv = { Variables: { requestId: string; device: DeviceScope } };
