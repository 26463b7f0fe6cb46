import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';
import { preProcessFile } from 'typescript';
import { ROOT } from '../../support/paths';

/**
 * Every package the shipped code imports is declared in package.json `dependencies`: a package
 * that arrives only as somebody else's dependency (hoisted into node_modules) disappears or changes
 * major the day that somebody upgrades. Tests and benchmarks may also use `devDependencies`, and so
 * may the operator console's browser code (src/console/web): Vite bundles it at build time, so its
 * packages are declared, but never loaded by the running service.
 */
const root = ROOT;
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
};
const runtime = new Set(Object.keys(manifest.dependencies ?? {}));
const development = new Set(Object.keys(manifest.devDependencies ?? {}));
const builtins = new Set(builtinModules);

const CONSOLE_WEB = join(root, 'src', 'console', 'web');

function tsFiles(dir: string, skip?: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' || path === skip ? [] : tsFiles(path, skip);
    return /\.(ts|tsx|mts)$/.test(entry.name) ? [path] : [];
  });
}

/** Packages named by imports, re-exports, dynamic imports and require calls (TypeScript's own scanner). */
export function importedPackages(source: string): string[] {
  const names = new Set<string>();
  for (const { fileName: specifier } of preProcessFile(source, true, true).importedFiles) {
    if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:')) continue;
    const parts = specifier.split('/');
    const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
    if (!builtins.has(name)) names.add(name);
  }
  return [...names];
}

function undeclared(dirs: string[], allowed: Set<string>, skip?: string): string[] {
  const missing: string[] = [];
  for (const dir of dirs) {
    for (const file of tsFiles(join(root, dir), skip)) {
      for (const name of importedPackages(readFileSync(file, 'utf8'))) {
        if (!allowed.has(name)) missing.push(`${relative(root, file)} imports ${name}`);
      }
    }
  }
  return missing.sort();
}

describe('declared dependencies', () => {
  it('finds bare specifiers and ignores relative paths and node builtins', () => {
    const source = [
      "import { Cron } from 'cron';",
      "import type { FastifyInstance } from 'fastify';",
      "import { Injectable } from '@nestjs/common';",
      "export * from '@scope/pkg/sub/path';",
      "const x = await import('dyn-pkg');",
      "const text = 'not an import from \\'quoted\\'';",
      "const y = require('req-pkg/lib');",
      "import { readFile } from 'node:fs/promises';",
      "import { join } from 'path';",
      "import { local } from './local';",
      "import { up } from '../up';",
    ].join('\n');
    expect(importedPackages(source).sort()).toEqual(
      ['@nestjs/common', '@scope/pkg', 'cron', 'dyn-pkg', 'fastify', 'req-pkg'].sort(),
    );
  });

  it('src/ and migrations/ import only packages in dependencies', () => {
    expect(undeclared(['src', 'migrations'], runtime, CONSOLE_WEB)).toEqual([]);
  });

  it("the console's browser code imports only declared packages, and the service never imports it", () => {
    expect(undeclared(['src/console/web'], new Set([...runtime, ...development]))).toEqual([]);
    expect(tsFiles(CONSOLE_WEB).length).toBeGreaterThan(10);
    const service = tsFiles(join(root, 'src'), CONSOLE_WEB).filter((file) => readFileSync(file, 'utf8').includes('console/web/'));
    expect(service.map((file) => relative(root, file))).toEqual([]);
  });

  it('test/ and bench/ import only packages in dependencies or devDependencies', () => {
    expect(undeclared(['test', 'bench'], new Set([...runtime, ...development]))).toEqual([]);
  });
});
