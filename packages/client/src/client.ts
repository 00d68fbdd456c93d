// MercadoPagoClient: configuration plus one RequestSender, and nothing global. Resource classes attach here.
import type { ClientConfig } from './config.ts';
import { RequestSender } from './request.ts';

export class MercadoPagoClient {
  /** The request sender every resource calls. */
  readonly sender: RequestSender;

  constructor(config: ClientConfig = {}, sender?: RequestSender) {
    this.sender = sender ?? new RequestSender(config);
  }

  get config() {
    return this.sender.config;
  }

  /**
   * A client with these settings layered over this one's (e.g. another seller's `accessToken`). It shares
   * the keep-alive transport; this client is unchanged.
   */
  withOptions(overrides: ClientConfig): this {
    const Ctor = this.constructor as new (config: ClientConfig, sender: RequestSender) => this;
    return new Ctor({}, this.sender.withOptions(overrides));
  }

  /** Release the default transport's sockets. */
  close(): Promise<void> {
    return this.sender.close();
  }
}
