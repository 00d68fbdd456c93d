// `cobro listen [--forward-to URL]`: receive Mercado Pago notifications locally, verify each signature with
// the profile's webhook secret, print them, and (stripe-cli style) forward them with their headers.
// Against the sandbox the app's webhook URL is pointed here for the session and restored on exit;
// against MP the URL to configure is printed.
import { parseNotification, verifyWebhookRequest } from '@cobro/client';
import { Command } from 'commander';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolveProfile } from '../config/profiles.ts';
import { baseUrlOf, checkBaseUrl, type CommonOptions } from '../context.ts';
import { usageError } from '../errors.ts';
import { mark, printJson, printLine } from '../output.ts';
import { listenError } from '../net-errors.ts';
import { action, withCommon } from '../run.ts';
import { SandboxControl } from '../sandbox-control.ts';
import { parsePort } from './sandbox.ts';

interface ListenOptions extends CommonOptions { forwardTo?: string; port: number; host: string; path: string }

const HOP_BY_HOP = new Set(['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive']);

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

export function listenCommand(): Command {
  return withCommon(new Command('listen'))
    .description('receive webhooks locally: verify and print each one, optionally forward it to your app')
    .option('--forward-to <url>', 'forward each notification (method, query, headers, body) to this URL')
    .option('-p, --port <port>', 'local port for the receiver (0 = any free port)', parsePort, 0)
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .option('--path <path>', 'path of the receiver', '/webhooks')
    .addHelpText('after', '\nWith --json: one JSON line when listening, then one per notification. Ctrl-C stops (and restores the sandbox app\'s webhook URL).')
    .action(action(async (o: ListenOptions) => {
      if (o.forwardTo !== undefined && !/^https?:\/\/[^\s]+$/.test(o.forwardTo)) throw usageError(`--forward-to "${o.forwardTo}" is not an http(s) URL`, 'e.g. --forward-to http://localhost:3000/webhooks');
      if (!o.path.startsWith('/')) throw usageError('--path must start with /');
      const p = resolveProfile(o);
      const baseUrl = checkBaseUrl(baseUrlOf(p));
      const secret = p.effective.webhook_secret;
      const control = new SandboxControl(baseUrl);
      const sandbox = await control.detect();
      if (sandbox && !p.effective.client_id) throw usageError(`profile "${p.name}" has no client id: cobro cannot tell the sandbox which app to point here`, `cobro init --profile ${p.name} --client-id …`);
      if (!secret) process.stderr.write(`cobro: ${mark.warn} no webhook secret in profile "${p.name}": signatures cannot be verified (cobro init --webhook-secret …)\n`);

      const handle = async (req: IncomingMessage, res: ServerResponse) => {
        const body = await readBody(req);
        const url = new URL(req.url ?? '/', 'http://localhost');
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
        let json: unknown;
        try { json = JSON.parse(body.toString('utf8')); } catch { json = undefined; }
        const verification = secret
          ? verifyWebhookRequest(secret, { url: url.toString(), headers }, { toleranceSeconds: sandbox ? null : undefined })
          : undefined;
        let forwarded: { status?: number; error?: string } | undefined;
        let status = 200;
        if (o.forwardTo) {
          const target = new URL(o.forwardTo);
          url.searchParams.forEach((v, k) => target.searchParams.append(k, v));
          const fwdHeaders: Record<string, string> = {};
          for (const [k, v] of Object.entries(headers)) if (!HOP_BY_HOP.has(k)) fwdHeaders[k] = v;
          try {
            const r = await fetch(target, { method: req.method, headers: fwdHeaders, body: body.length ? new Uint8Array(body) : undefined, signal: AbortSignal.timeout(20_000) });
            await r.arrayBuffer();
            forwarded = { status: r.status };
            status = r.status;
          } catch (err) {
            forwarded = { error: (err as Error).cause instanceof Error ? ((err as Error).cause as Error).message : (err as Error).message };
            status = 502;
          }
        }
        res.writeHead(status, { 'content-type': 'application/json' }).end('{}');
        let summary: { topic?: string; action?: string; id?: string } = {};
        try {
          const n = parseNotification(url, json ?? body);
          summary = n.kind === 'webhook' ? { topic: n.type, action: n.action, id: n.dataId } : { topic: n.topic, id: n.id };
        } catch { /* not a notification we know; still printed */ }
        const signature = verification === undefined ? 'unchecked' : verification.ok ? 'valid' : `invalid (${verification.reason})`;
        if (o.json) {
          printJson({ event: 'notification', method: req.method, path: url.pathname, query: Object.fromEntries(url.searchParams), headers, body: json ?? body.toString('utf8'), signature, forwarded });
        } else {
          const what = [summary.action ?? summary.topic ?? 'notification', summary.id ?? ''].join(' ').trim();
          const fw = forwarded ? ` → ${o.forwardTo} ${forwarded.status ?? `failed: ${forwarded.error}`}` : '';
          printLine(`${new Date().toISOString().slice(11, 19)}  ${what}  signature ${verification?.ok ? mark.ok : verification ? mark.fail : '?'} ${signature}${fw}`);
        }
      };
      const server = createServer((req, res) => { handle(req, res).catch((err) => { res.writeHead(500).end(); process.stderr.write(`cobro: ${(err as Error).message}\n`); }); });
      await new Promise<void>((resolve, reject) => { server.once('error', reject); server.listen(o.port, o.host, resolve); })
        .catch((err: unknown) => { throw listenError(err, o.host, o.port, '--port 0 (any free port) or another --port'); });
      const port = (server.address() as AddressInfo).port;
      const receiver = `http://${o.host.includes(':') ? `[${o.host}]` : o.host}:${port}${o.path}`;

      let restore: (() => Promise<void>) | undefined;
      if (sandbox) {
        const id = encodeURIComponent(p.effective.client_id!);
        const before = await control.ok<{ webhook_url?: string | null }>('GET', `/apps/${id}`);
        await control.ok('PATCH', `/apps/${id}`, { webhook_url: receiver });
        restore = async () => { await control.call('PATCH', `/apps/${id}`, { webhook_url: before.webhook_url ?? null }); };
      }
      if (o.json) printJson({ event: 'listening', url: receiver, sandbox, client_id: p.effective.client_id, forward_to: o.forwardTo ?? null, verifying: Boolean(secret) });
      else {
        printLine(`listening on ${receiver}${o.forwardTo ? `, forwarding to ${o.forwardTo}` : ''}`);
        printLine(sandbox
          ? `the sandbox app ${p.effective.client_id} now sends its webhooks here (restored when you stop)`
          : `set this URL (made public, e.g. through a tunnel) as the webhook URL of your app in Your integrations → Webhooks`);
        printLine('Ctrl-C stops.');
      }
      await new Promise<void>((resolve) => {
        const stop = () => {
          void (restore?.() ?? Promise.resolve()).catch(() => undefined).finally(() => { server.close(); resolve(); });
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    }));
}
