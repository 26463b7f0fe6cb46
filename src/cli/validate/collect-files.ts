/**
 * Expands the paths given to `validate` into the files to check: a file is taken as named
 * (whatever its extension); a directory is searched recursively for invoice files, in sorted
 * order so two runs report the same sequence. Symbolic links are followed, each directory once.
 */
import type { Stats } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** Extensions picked up inside directories (compared case-insensitively). */
export const INVOICE_EXTENSIONS = ['.xml', '.pdf', '.json'] as const;

/** A file to check, or a path that could not be read (the reason, for the report). */
export interface Target {
  path: string;
  unreadable?: string;
}

export async function collectTargets(paths: readonly string[]): Promise<Target[]> {
  const targets: Target[] = [];
  const seen = new Set<string>();
  for (const path of paths) {
    const info = await statOrReason(path);
    if (typeof info === 'string') targets.push({ path, unreadable: info });
    else if (info.isFile()) targets.push({ path });
    // A FIFO or device would block the read or never end.
    else if (!info.isDirectory()) targets.push({ path, unreadable: 'cannot read: not a regular file or directory' });
    else {
      const found: Target[] = [];
      await walk(path, info, seen, found);
      // Checking nothing must not pass: an empty directory is reported like a path that cannot be read.
      targets.push(...(found.length > 0 ? found : [{ path, unreadable: `no ${INVOICE_EXTENSIONS.join(', ')} file in this directory` }]));
    }
  }
  return targets;
}

async function walk(dir: string, info: Stats, seen: Set<string>, out: Target[]): Promise<void> {
  const key = `${info.dev}:${info.ino}`;
  if (seen.has(key)) return;
  seen.add(key);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (e) {
    out.push({ path: dir, unreadable: reason(e) });
    return;
  }
  // Code-unit order, not the locale's: the same on every machine.
  for (const name of names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
    const path = join(dir, name);
    const entry = await statOrReason(path);
    // A dangling link is reported only when its name says it is an invoice.
    if (typeof entry === 'string') {
      if (isInvoiceFile(name)) out.push({ path, unreadable: entry });
    } else if (entry.isDirectory()) await walk(path, entry, seen, out);
    else if (entry.isFile() && isInvoiceFile(name)) out.push({ path });
  }
}

export function isInvoiceFile(name: string): boolean {
  const lower = name.toLowerCase();
  return INVOICE_EXTENSIONS.some((ext) => lower.endsWith(ext));
}

async function statOrReason(path: string): Promise<Stats | string> {
  try {
    return await stat(path);
  } catch (e) {
    return reason(e);
  }
}

export function reason(e: unknown): string {
  return `cannot read: ${messageOf(e)}`;
}

/** The message of anything thrown (fs errors can come from another realm, where instanceof Error fails). */
export function messageOf(e: unknown): string {
  return typeof e === 'object' && e !== null && 'message' in e && typeof e.message === 'string' ? e.message : String(e);
}
