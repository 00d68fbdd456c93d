// The gateway's one door to Mercado Pago: the application's client (OAuth, no seller token) and a client per
// seller derived from it (`withOptions`: its own token, the shared keep-alive transport). Services get clients
// here; nothing else in the gateway imports @cobro/client's resources.
import { MercadoPagoClient, type AttemptInfo, type Transport } from '@cobro/client';

export interface MpApp {
  clientId: string;
  clientSecret: string;
  /** The consent page (`…/authorization`). */
  authorizationUrl: string;
  /** The integrator's MP user id: the sponsor on every QR order. */
  sponsorId: string | undefined;
}

export class MpClients {
  readonly app: MpApp;
  private readonly base: MercadoPagoClient;

  constructor(opts: { baseUrl: string; transport?: Transport; app: MpApp; timeoutMs?: number; maxRetries?: number; now?: () => number;
    /** Told about every HTTP attempt, for every seller's client too (the metrics' MP latency and errors). */
    onAttempt?: (a: AttemptInfo) => void }) {
    this.app = Object.freeze({ ...opts.app });
    this.base = new MercadoPagoClient({
      baseUrl: opts.baseUrl, transport: opts.transport, timeoutMs: opts.timeoutMs ?? 10_000, maxRetries: opts.maxRetries ?? 2,
      // Token expiries are computed on the gateway's clock (a test's, or the embedded sandbox's virtual one).
      ...(opts.now && { now: opts.now }),
      onAttempt: opts.onAttempt,
    });
    Object.freeze(this);
  }

  /** For calls made as the application (OAuth grants). */
  get application(): MercadoPagoClient {
    return this.base;
  }

  /** For calls made as a seller, with the seller's (opened) access token. */
  forSeller(accessToken: string): MercadoPagoClient {
    return this.base.withOptions({ accessToken });
  }

  close(): Promise<void> {
    return this.base.close();
  }
}
