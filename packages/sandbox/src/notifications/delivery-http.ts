// One delivery attempt on the wire: the POST with a real timeout (the receiver is real code in real time), the
// channel a receiver's URL belongs to, and a failure described for the log.
export function baseHeaders(): Record<string, string> {
  return { 'content-type': 'application/json' };
}

/** Origin + path of a URL: deliveries to the same receiver share a channel whatever their query. */
export function endpoint(url: string): string {
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
}

export async function send(fetchFn: (input: Request) => Promise<Response>, url: string, headers: Record<string, string>, body: string,
  timeoutMs: number): Promise<{ status: number; text: string }> {
  const ctrl = new AbortController();
  // A real timer: the receiver is real code running in real time (spec §9.2: 22 s).
  const timer = setTimeout(() => ctrl.abort(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
  const aborted = new Promise<never>((_, reject) => {
    ctrl.signal.addEventListener('abort', () => reject(ctrl.signal.reason), { once: true });
  });
  aborted.catch(() => {});
  const exchange = (async () => {
    const res = await fetchFn(new Request(url, { method: 'POST', headers, body, signal: ctrl.signal }));
    return { status: res.status, text: await res.text() };
  })();
  exchange.catch(() => {});
  try {
    // Race as well as pass the signal: an in-process receiver may ignore it.
    return await Promise.race([exchange, aborted]);
  } finally {
    clearTimeout(timer);
  }
}

export function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  const detail = cause?.code ?? cause?.message;
  return detail && !err.message.includes(detail) ? `${err.message} (${detail})` : err.message;
}
