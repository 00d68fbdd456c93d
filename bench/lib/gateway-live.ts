// The two live measurements of bench/gateway.ts. `paidToSse`: terminals watching their charges over SSE, the
// buyer pays each one through the sandbox, and the time from the moment the pay request leaves until the
// terminal's stream shows `charge.approved` (MP's webhook → the gateway's inbox → reconcile job → NOTIFY → the
// stream re-reads). `soak`: steady create + pay for a while, sampling the gateway process's memory.
import { Pool } from 'undici';
import { call, type GatewayUnderTest } from './gateway-setup.ts';
import { quantile, watch, type Stream } from './sse.ts';

const BODY = JSON.stringify({ amount: '150.50', description: 'Bench charge' });
let keys = 0;

/** A charge through the terminal API; its id and QR payload. */
export async function charge(pool: Pool, gw: GatewayUnderTest): Promise<{ id: string; qr_data: string }> {
  const res = await pool.request({
    method: 'POST', path: '/api/charges', body: BODY,
    headers: { authorization: `Bearer ${gw.key}`, 'content-type': 'application/json', 'idempotency-key': `live-${process.pid}-${++keys}` },
  });
  const text = await res.body.text();
  if (res.statusCode !== 201) throw new Error(`POST /api/charges → ${res.statusCode} ${text.slice(0, 200)}`);
  return JSON.parse(text) as { id: string; qr_data: string };
}

async function pay(mp: Pool, qrData: string): Promise<void> {
  const res = await mp.request({ method: 'POST', path: '/__sandbox/pay', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ qr_data: qrData, card: 'APRO' }) });
  const text = await res.body.text();
  if (res.statusCode !== 201) throw new Error(`POST /__sandbox/pay → ${res.statusCode} ${text.slice(0, 200)}`);
}

async function inParallel<T>(n: number, width: number, fn: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = new Array(n);
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => { while (next < n) { const i = next++; out[i] = await fn(i); } }));
  return out;
}

export interface SseResult {
  p50: number; p99: number; max: number; delivered: number; watchers: number;
  /** The gateway's CPU over the pays, as a share of one core (its event loop is one core at most). */
  gatewayBusy: number; paysPerSecond: number;
  /** The same before any pay, with every charge watched: the cost of watching alone (the watched poller). */
  watchingBusy: number;
}

export async function paidToSse(gw: GatewayUnderTest, mpUrl: string, o: { watchers: number; payGapMs: number }): Promise<SseResult> {
  const pool = new Pool(gw.url, { connections: 16 });
  const mp = new Pool(mpUrl, { connections: 4 });
  const streams: Stream[] = [];
  try {
    const charges = await inParallel(o.watchers, 16, () => charge(pool, gw));
    const paidAt = new Map<string, number>();
    const latency = new Map<string, number>();
    let ready = 0;
    let failed: Error | undefined;
    let allReady!: () => void;
    const readyP = new Promise<void>((r) => { allReady = r; });
    for (const c of charges) {
      let seen = false;
      streams.push(watch(`${gw.url}/api/charges/${c.id}/events`, gw.key, (type, at) => {
        // The replay of what happened before the stream opened ends with `charge.pending`: now it is watching.
        if (type === 'charge.pending' && !seen) { seen = true; if (++ready === charges.length) allReady(); }
        if (type === 'charge.approved' && paidAt.has(c.id)) latency.set(c.id, at - paidAt.get(c.id)!);
      }, (err) => { failed ??= err; allReady(); }));
    }
    await readyP;
    if (failed) throw failed;
    // Past the watched poller's first interval (2.5 s), then 5 s of watching alone.
    await new Promise((r) => setTimeout(r, 3000));
    const cpu = async () => (await gw.ask<{ cpuMicros: number }>({ cmd: 'cpu' })).cpuMicros;
    const [w0, s0] = [await cpu(), performance.now()];
    await new Promise((r) => setTimeout(r, 5000));
    const watchingBusy = (await cpu() - w0) / 1000 / (performance.now() - s0);
    const [c0, t0] = [await cpu(), performance.now()];
    for (const c of charges) {
      paidAt.set(c.id, performance.now());
      await pay(mp, c.qr_data);
      if (o.payGapMs) await new Promise((r) => setTimeout(r, o.payGapMs));
    }
    const [c1, t1] = [await cpu(), performance.now()];
    const deadline = performance.now() + 30_000;
    while (latency.size < charges.length && performance.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const xs = [...latency.values()];
    return {
      p50: quantile(xs, 0.5), p99: quantile(xs, 0.99), max: Math.max(...xs), delivered: xs.length, watchers: charges.length,
      gatewayBusy: (c1 - c0) / 1000 / (t1 - t0), watchingBusy, paysPerSecond: charges.length / ((t1 - t0) / 1000),
    };
  } finally {
    for (const s of streams) s.close();
    await pool.close();
    await mp.close();
  }
}

export interface SoakSample { t: number; rss: number; heapUsed: number; charges: number }

/** Create + pay at `rate` per second for `seconds`, sampling the gateway's memory (after a GC) every `sampleSeconds`. */
export async function soak(gw: GatewayUnderTest, mpUrl: string, o: { seconds: number; rate: number; sampleSeconds: number; onSample(s: SoakSample): void }): Promise<{ samples: SoakSample[]; errors: number; firstError?: unknown }> {
  const pool = new Pool(gw.url, { connections: 16 });
  const mp = new Pool(mpUrl, { connections: 8 });
  const samples: SoakSample[] = [];
  let done = 0, errors = 0, firstError: unknown;
  const inFlight = new Set<Promise<void>>();
  const t0 = performance.now();
  const sample = async () => {
    const m = await gw.ask<{ rss: number; heapUsed: number }>({ cmd: 'memory' });
    const s = { t: (performance.now() - t0) / 1000, rss: m.rss, heapUsed: m.heapUsed, charges: done };
    samples.push(s);
    o.onSample(s);
  };
  try {
    await sample();
    let nextSample = o.sampleSeconds;
    for (let i = 0; ; i++) {
      const due = t0 + (i * 1000) / o.rate;
      const now = performance.now();
      if (now - t0 >= o.seconds * 1000) break;
      if (due > now) await new Promise((r) => setTimeout(r, due - now));
      if (inFlight.size < 64) {
        const p = charge(pool, gw).then((c) => pay(mp, c.qr_data)).then(() => { done++; }, (e: unknown) => { errors++; firstError ??= e; }).finally(() => inFlight.delete(p));
        inFlight.add(p);
      }
      if ((performance.now() - t0) / 1000 >= nextSample) { nextSample += o.sampleSeconds; await sample(); }
    }
    await Promise.all(inFlight);
    await sample();
    return { samples, errors, firstError };
  } finally {
    await pool.close();
    await mp.close();
  }
}

/** RSS and heap growth over the samples after the warm-up, by least squares, in MB per minute. */
export function slopeMbPerMinute(samples: SoakSample[], field: 'rss' | 'heapUsed'): number {
  const n = samples.length;
  const mt = samples.reduce((a, s) => a + s.t, 0) / n;
  const mv = samples.reduce((a, s) => a + s[field], 0) / n;
  const num = samples.reduce((a, s) => a + (s.t - mt) * (s[field] - mv), 0);
  const den = samples.reduce((a, s) => a + (s.t - mt) ** 2, 0);
  return den ? (num / den) * 60 / 2 ** 20 : 0;
}
