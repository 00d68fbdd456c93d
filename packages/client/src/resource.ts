// Base for the thin resource classes (stores, pos, orders, …): each method builds one `SendParams` and
// hands it to the shared sender. Resources hold no state of their own.
import type { RequestOptions } from './config.ts';
import type { ApiResponse, QueryValue, RequestSender, SendParams } from './request.ts';

export abstract class Resource {
  constructor(protected readonly sender: RequestSender) {}

  protected send<T>(params: SendParams): Promise<T> {
    return this.sender.send<T>(params);
  }

  protected request<T>(params: SendParams): Promise<ApiResponse<T>> {
    return this.sender.request<T>(params);
  }

  protected get<T>(path: string, query?: Record<string, QueryValue>, options?: RequestOptions): Promise<T> {
    return this.sender.send<T>({ method: 'GET', path, query, options });
  }

  protected post<T>(path: string, body?: unknown, options?: RequestOptions): Promise<T> {
    return this.sender.send<T>({ method: 'POST', path, body, options });
  }

  protected put<T>(path: string, body?: unknown, options?: RequestOptions): Promise<T> {
    return this.sender.send<T>({ method: 'PUT', path, body, options });
  }

  protected delete<T>(path: string, options?: RequestOptions): Promise<T> {
    return this.sender.send<T>({ method: 'DELETE', path, options });
  }
}
