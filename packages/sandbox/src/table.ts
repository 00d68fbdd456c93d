// One entity table of the sandbox's state: a Map that, once persistence switches tracking on, remembers every
// key written by `set`/`delete` and every key read by `get` since the last flush. Reads count because the domain
// mutates the object it got (`order.status = …`); the flush then writes only the entities whose JSON changed.
// Iteration does not mark (a listing must not make every entity dirty): code that changes an entity it found
// by iterating, or after an `await`, calls `touch(key)`.
export class Table<K, V> extends Map<K, V> {
  /** Keys written (or touched) since the last flush; undefined while nothing persists the state (no cost then). */
  dirty: Set<K> | undefined = undefined;
  /** Keys read since the last flush: maybe changed in place, checked by checksum (persist/persistence.ts). */
  read: Set<K> | undefined = undefined;

  override get(key: K): V | undefined {
    const v = super.get(key);
    // A miss marks nothing: there is no entity to change, and lookups of unknown ids must not grow the set.
    if (v !== undefined) this.read?.add(key);
    return v;
  }

  override set(key: K, value: V): this {
    this.dirty?.add(key);
    return super.set(key, value);
  }

  override delete(key: K): boolean {
    this.dirty?.add(key);
    return super.delete(key);
  }

  override clear(): void {
    if (this.dirty) for (const k of super.keys()) this.dirty.add(k);
    super.clear();
  }

  /** Mark an entity changed that was reached by iteration or is changed after an await. */
  touch(key: K): void {
    this.dirty?.add(key);
  }

  /** A read that does not mark the key (persistence itself, and pure lookups on hot paths). */
  peek(key: K): V | undefined {
    return super.get(key);
  }
}
