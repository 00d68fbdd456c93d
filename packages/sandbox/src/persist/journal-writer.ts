// One journal file, written off the event loop: each flush's batch is handed to libuv's thread pool at the
// position it was given (one write in flight at a time, batches in order), then the file is fsynced at most every
// FSYNC_MS. The event loop pays for building the batch, not for the kernel's copy of it (~1 µs per order).
//
// Positions, not O_APPEND: `finish` (a compaction's switch to the next journal, or close) writes whatever is still
// queued synchronously, the batch in flight included, at the same places: the bytes are the same, so whichever
// of the two writes lands last, the file is the same. The descriptor is closed only once no write is in flight
// (closing it earlier could let a new file take its number and receive that write).
import { closeSync, fsync, fsyncSync, openSync, write, writeSync } from 'node:fs';

/** fsyncs at most this often (each costs ~1.3 ms of CPU here): the most a power cut can lose beyond a crash. */
const FSYNC_MS = 500;

interface Batch { buf: Buffer; at: number; done?: (buf: Buffer) => void }

export class JournalWriter {
  private readonly fd: number;
  /** Bytes handed over so far (the next batch's position); after `finish`, the file's size. */
  bytes = 0;
  /** False once a write failed: the file may hold a hole or a torn line before its end. */
  whole = true;
  private readonly queue: Batch[] = [];
  private writing: Batch | undefined;
  private finished = false;
  private waiters: (() => void)[] = [];
  private syncing = false;
  private unsynced = false;
  private lastSync = -Infinity;
  private syncTimer: NodeJS.Timeout | undefined;

  /** Create the file (it must not exist: each generation has a journal of its own). */
  constructor(readonly path: string) {
    this.fd = openSync(path, 'wx', 0o600);
  }

  /** Queue a batch of whole lines; it is written in order after the ones before it, then `done` is called with it
   *  (not when `finish` wrote it). */
  append(buf: Buffer, done?: (buf: Buffer) => void): void {
    if (this.finished) throw new Error(`${this.path} is closed`);
    this.queue.push({ buf, at: this.bytes, done });
    this.bytes += buf.length;
    this.pump();
  }

  /** Resolves once every batch appended so far has been written (not necessarily fsynced). */
  whenWritten(): Promise<void> {
    if (!this.writing && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Write everything queued now, synchronously, fsync, and close (once no write is in flight). */
  finish(): void {
    if (this.finished) return;
    this.finished = true;
    clearTimeout(this.syncTimer);
    try {
      for (const b of this.writing ? [this.writing, ...this.queue] : this.queue) {
        for (let off = 0; off < b.buf.length;) off += writeSync(this.fd, b.buf, off, b.buf.length - off, b.at + off);
      }
      this.queue.length = 0;
      fsyncSync(this.fd);
    } catch (err) {
      this.whole = false;
      throw err;
    } finally {
      if (!this.writing) closeSync(this.fd);
      this.settle();
    }
  }

  private pump(): void {
    if (this.writing || this.finished) return;
    const next = this.queue.shift();
    if (!next) { this.settle(); this.sync(); return; }
    this.writing = next;
    this.writeFrom(next, 0);
  }

  private writeFrom(b: Batch, off: number): void {
    write(this.fd, b.buf, off, b.buf.length - off, b.at + off, (err, n) => {
      if (this.finished) {
        // `finish` wrote this batch itself: only the descriptor is left to close.
        this.writing = undefined;
        closeSync(this.fd);
        return;
      }
      if (err) {
        this.whole = false;
        console.error('[sandbox] could not write the journal', err);
      } else if (off + n < b.buf.length) {
        this.writeFrom(b, off + n);
        return;
      }
      this.writing = undefined;
      this.unsynced = true;
      b.done?.(b.buf);
      this.pump();
    });
  }

  private settle(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  /** fsync on the thread pool (6 ms here, which would stall every request if done inline); one at a time, at
   *  most every FSYNC_MS. */
  private sync(): void {
    if (this.syncing || !this.unsynced || this.finished) return;
    const wait = this.lastSync + FSYNC_MS - performance.now();
    if (wait > 0) {
      this.syncTimer ??= setTimeout(() => { this.syncTimer = undefined; this.sync(); }, wait).unref();
      return;
    }
    this.lastSync = performance.now();
    this.syncing = true;
    this.unsynced = false;
    fsync(this.fd, (err) => {
      this.syncing = false;
      if (err && !this.finished) console.error('[sandbox] could not fsync the journal', err);
      this.sync();
    });
  }
}
