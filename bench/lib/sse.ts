// Terminals watching charges: one Server-Sent Events stream each (`GET /api/charges/{id}/events`) over its own
// socket, as a POS would hold it, reporting each event's type and the moment it arrived.
import http from 'node:http';

export interface Stream { close(): void }

export function watch(url: string, key: string, onEvent: (type: string, at: number) => void, onError: (err: Error) => void): Stream {
  const req = http.get(url, { headers: { authorization: `Bearer ${key}`, accept: 'text/event-stream' }, agent: false }, (res) => {
    if (res.statusCode !== 200) { onError(new Error(`events stream answered ${res.statusCode}`)); res.resume(); return; }
    res.setEncoding('utf8');
    let buf = '';
    res.on('data', (chunk: string) => {
      const at = performance.now();
      buf += chunk;
      for (let i = buf.indexOf('\n\n'); i >= 0; i = buf.indexOf('\n\n')) {
        const type = /^event: ?(.*)$/m.exec(buf.slice(0, i))?.[1];
        buf = buf.slice(i + 2);
        if (type) onEvent(type, at);
      }
    });
    res.on('error', () => {});
  });
  req.on('error', (err) => { if (!closed) onError(err); });
  let closed = false;
  return { close: () => { closed = true; req.destroy(); } };
}

/** The q-quantile (0..1) of `xs`, nearest rank. */
export function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
}
