// Showing and saving QR codes: the terminal rendering comes from the client; the POS image is MP's own
// PNG when it can be downloaded, otherwise rendered here from the EMVCo payload.
import { renderQrPng, renderQrTerminal } from '@cobro/client';
import { resolve } from 'node:path';
import { writeFileSync } from 'node:fs';
import { CliError } from './errors.ts';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47]);

export async function saveQrImage(file: string, imageUrl: string | undefined, payload: string | undefined): Promise<string> {
  let png: Buffer | undefined;
  if (imageUrl) {
    try {
      const res = await fetch(imageUrl, { signal: AbortSignal.timeout(10_000) });
      const buf = Buffer.from(await res.arrayBuffer());
      if (res.ok && buf.subarray(0, 4).equals(PNG)) png = buf;
    } catch { /* fall back to rendering */ }
  }
  if (!png && payload) png = await renderQrPng(payload);
  if (!png) throw new CliError('no QR image or payload to save');
  const path = resolve(file);
  try {
    writeFileSync(path, png);
  } catch (err) {
    throw new CliError(`cannot write ${path}: ${(err as Error).message}`, 'pass another --qr-file');
  }
  return path;
}

export function terminalQr(payload: string): Promise<string> {
  return renderQrTerminal(payload, { small: true });
}
