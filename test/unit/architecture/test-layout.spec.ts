import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { ROOT, SRC } from '../../support/paths';

const KINDS = ['unit', 'integration', 'e2e'];
/**
 * Folders under test/<kind>/ that are not src folders: `architecture` holds the unit tests about
 * the source tree as a whole (imports, module files, dependencies, this layout), which have no
 * single src folder to sit beside. Specs at the root of test/<kind>/ mirror files at the root of
 * src/ (app.module.ts, main.ts: the whole application booting and shutting down).
 */
const CROSS_CUTTING = ['architecture'];

/** Every file under a folder, relative to it with forward slashes. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/'));
}

/** Every folder under src, relative to it with forward slashes ('' is src itself). */
function srcFolders(): Set<string> {
  const folders = readdirSync(SRC, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => relative(SRC, join(entry.parentPath, entry.name)).split(sep).join('/'));
  return new Set(['', ...folders]);
}

/**
 * The files of test/ (paths relative to it) that break the layout: a spec outside
 * test/<kind>/<a src folder>/ (or an allowed cross-cutting folder), a helper outside test/support,
 * anything in a folder other than the three kinds and support.
 */
function layoutViolations(testFiles: string[], folders: Set<string>): string[] {
  return testFiles.filter((file) => {
    const [top, ...rest] = file.split('/');
    if (top === 'support') return file.endsWith('.spec.ts');
    if (!KINDS.includes(top) || !file.endsWith('.spec.ts')) return true;
    const folder = rest.slice(0, -1).join('/');
    if (CROSS_CUTTING.includes(rest[0])) return rest.length !== 2;
    return !folders.has(folder);
  });
}

describe('architecture: test layout', () => {
  it('every spec sits in test/<unit|integration|e2e>/ under the path of its src folder, every helper in test/support', () => {
    const files = filesUnder(join(ROOT, 'test'));
    expect(files.filter((f) => f.endsWith('.spec.ts')).length).toBeGreaterThan(100);
    expect(layoutViolations(files, srcFolders())).toEqual([]);
  });

  it('the check refuses folders unlike src/, helpers beside specs and files outside the kinds', () => {
    const folders = new Set(['', 'framework', 'framework/auth', 'stages', 'stages/parse']);
    const good = [
      'unit/framework/auth/guard.spec.ts',
      'e2e/stages/parse/xml.e2e.spec.ts',
      'e2e/foundation.e2e.spec.ts',
      'unit/architecture/imports.spec.ts',
      'support/test-app.ts',
      'support/fixtures/data.json',
    ];
    const bad = [
      'unit/auth/guard.spec.ts',
      'integration/ops/scheduler.spec.ts',
      'unit/stages/parse/support/helper.ts',
      'e2e/framework/promtool.ts',
      'unit/architecture/nested/imports.spec.ts',
      'support/oops.spec.ts',
      'fixtures/data.json',
    ];
    expect(layoutViolations([...good, ...bad], folders)).toEqual(bad);
  });
});
