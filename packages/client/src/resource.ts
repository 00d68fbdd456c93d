// Base for the thin resource classes (stores, pos, orders, …): each method builds one `SendParams` and
// hands it to the shared sender. Resources hold no state of their own. No get/post/… helpers here, so that
// subclasses are free to name their methods `get`, `create`, `delete`, `search`.
import type { ApiResponse, RequestSender, SendParams } from './request.ts';

export abstract class Resource {
  constructor(protected readonly sender: RequestSender) {}

  protected send<T>(params: SendParams): Promise<T> {
    return this.sender.send<T>(params);
  }

  protected request<T>(params: SendParams): Promise<ApiResponse<T>> {
    return this.sender.request<T>(params);
  }
}
