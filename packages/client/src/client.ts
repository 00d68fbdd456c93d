// MercadoPagoClient: configuration plus one RequestSender, and nothing global. Resource classes attach here.
import type { ClientConfig } from './config.ts';
import { RequestSender } from './request.ts';
import { InstoreOrders } from './resources/instore-orders.ts';
import { MerchantOrders } from './resources/merchant-orders.ts';
import { Mpmobile } from './resources/mpmobile.ts';
import { OAuth } from './resources/oauth.ts';
import { Orders } from './resources/orders.ts';
import { Payments } from './resources/payments.ts';
import { PointsOfSale } from './resources/pos.ts';
import { Stores } from './resources/stores.ts';
import { TestUsers } from './resources/test-users.ts';
import { Users } from './resources/users.ts';

export class MercadoPagoClient {
  /** The request sender every resource calls. */
  readonly sender: RequestSender;

  readonly testUsers: TestUsers;
  readonly users: Users;
  readonly oauth: OAuth;
  /** `userId` arguments must be the token owner's id (`users.me()`), or MP answers 403. */
  readonly stores: Stores;
  readonly pos: PointsOfSale;
  /** Legacy attended / dynamic / hybrid QR orders. */
  readonly instoreOrders: InstoreOrders;
  /** The oldest legacy QR API. */
  readonly mpmobile: Mpmobile;
  readonly orders: Orders;
  readonly merchantOrders: MerchantOrders;
  readonly payments: Payments;

  constructor(config: ClientConfig = {}, sender?: RequestSender) {
    this.sender = sender ?? new RequestSender(config);
    // Built here, not as field initialisers: those would run before `sender` is set.
    const s = this.sender;
    this.testUsers = new TestUsers(s);
    this.users = new Users(s);
    this.oauth = new OAuth(s);
    this.stores = new Stores(s);
    this.pos = new PointsOfSale(s);
    this.instoreOrders = new InstoreOrders(s);
    this.mpmobile = new Mpmobile(s);
    this.orders = new Orders(s);
    this.merchantOrders = new MerchantOrders(s);
    this.payments = new Payments(s);
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
