// The app's router: hono's default one (SmartRouter over RegExpRouter and TrieRouter; the sandbox's routes make
// it settle on TrieRouter), with the answer for each recent method and path kept. Matching walks the trie and
// builds the handler list for every request (~1.1 µs for POST /v1/orders, more than the rest of hono's
// dispatch); the routes are all registered when the app is built and a match depends on nothing else, so a kept
// answer is the same answer. Bounded: emptied when full, and long paths are never kept.
import type { Result, Router } from 'hono/router';
import { RegExpRouter } from 'hono/router/reg-exp-router';
import { SmartRouter } from 'hono/router/smart-router';
import { TrieRouter } from 'hono/router/trie-router';

const MAX_KEPT = 1000;
const MAX_KEPT_PATH = 256;

export class RememberingRouter<T> implements Router<T> {
  readonly name = 'RememberingRouter';
  private readonly inner: Router<T> = new SmartRouter({ routers: [new RegExpRouter(), new TrieRouter()] });
  private readonly kept = new Map<string, Result<T>>();

  add(method: string, path: string, handler: T): void {
    this.kept.clear();
    this.inner.add(method, path, handler);
  }

  match(method: string, path: string): Result<T> {
    if (path.length > MAX_KEPT_PATH) return this.inner.match(method, path);
    const key = method + ' ' + path;
    let r = this.kept.get(key);
    if (r === undefined) {
      r = this.inner.match(method, path);
      if (this.kept.size >= MAX_KEPT) this.kept.clear();
      this.kept.set(key, r);
    }
    return r;
  }
}
