import { join } from 'node:path';

/**
 * Where `npm run build` puts the console's bundle (Vite: src/console/web → dist/console/web). The
 * same place whether this file runs compiled (dist/console/) or from source (src/console/, tests).
 */
export const CONSOLE_BUNDLE_DIR = join(__dirname, '..', '..', 'dist', 'console', 'web');
