import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { SRC } from './paths';

export { SRC };

/** Every TypeScript file under a folder of src, as absolute paths. */
export function sourceFiles(folder: string): string[] {
  return readdirSync(join(SRC, folder), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** A path relative to src with forward slashes, for readable failures. */
export const fromSrc = (path: string): string => relative(SRC, path).split(sep).join('/');
