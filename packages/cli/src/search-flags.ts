// Paging flags shared by the search commands: --limit and --offset as MP takes them.
import { Command } from 'commander';
import { usageError } from './errors.ts';

export interface PageFlags { limit: string; offset: string }

export const pageFlags = (cmd: Command, max: number) => cmd
  .option('--limit <n>', `results per page (1–${max})`, '20')
  .option('--offset <n>', 'skip this many', '0');

export function page(o: PageFlags, max: number): { limit: number; offset: number } {
  if (!/^\d+$/.test(o.limit) || Number(o.limit) < 1 || Number(o.limit) > max) throw usageError(`--limit "${o.limit}" must be a whole number from 1 to ${max}`);
  if (!/^\d+$/.test(o.offset)) throw usageError(`--offset "${o.offset}" must be a whole number (0 or more)`);
  return { limit: Number(o.limit), offset: Number(o.offset) };
}

/** Numeric MP ids (payments, merchant orders). */
export function numericId(what: string, v: string, hint: string): string {
  if (!/^\d{1,20}$/.test(v)) throw usageError(`"${v}" is not a ${what} id`, hint);
  return v;
}
