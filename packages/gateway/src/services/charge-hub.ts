// Live status fan-out. Every committed charge change NOTIFYs `cobro_charges` with `<id>:<version>` (ids only);
// each process holds one LISTEN and wakes the streams watching that charge, which re-read the events from the
// database — so a change committed by any process reaches a terminal connected to any other. After the LISTEN
// connection is re-established, every stream re-reads (a NOTIFY sent while it was down is lost).
import { CHARGES_CHANNEL } from '../repositories/charges.ts';
import type { Db } from '../db/database.ts';

export type Wake = () => void;

export class ChargeHub {
  private readonly watchers = new Map<string, Set<Wake>>();
  private unlisten: (() => Promise<void>) | undefined;
  private shuttingDown = false;

  async start(db: Pick<Db, 'listen'>): Promise<void> {
    this.unlisten = await db.listen(CHARGES_CHANNEL, (payload) => this.wake(payload.split(':')[0]), () => this.wakeAll());
  }

  /** Shutting down: every watcher is woken to end (SSE streams close, long-polls answer), and new ones end at once. */
  close(): void {
    this.shuttingDown = true;
    this.wakeAll();
  }

  get closing(): boolean {
    return this.shuttingDown;
  }

  async stop(): Promise<void> {
    await this.unlisten?.();
    this.wakeAll();
  }

  /** Call `wake` whenever charge `id` may have changed; returns the unsubscribe. */
  watch(id: string, wake: Wake): () => void {
    let set = this.watchers.get(id);
    if (!set) this.watchers.set(id, (set = new Set()));
    set.add(wake);
    return () => {
      set!.delete(wake);
      if (set!.size === 0) this.watchers.delete(id);
    };
  }

  get watching(): number {
    return this.watchers.size;
  }

  /** The charges a stream or long-poll on this instance is watching now (polled faster: charge-watch.ts). */
  watched(): string[] {
    return [...this.watchers.keys()];
  }

  wake(id: string): void {
    for (const w of this.watchers.get(id) ?? []) w();
  }

  wakeAll(): void {
    for (const set of this.watchers.values()) for (const w of set) w();
  }
}
