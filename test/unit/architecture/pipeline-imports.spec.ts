import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import * as ts from 'typescript';
import { fromSrc, SRC, sourceFiles } from '../../support/source-files';

/** Folders the pipeline builds on nothing from: stages plug into it through pipeline/contracts and the domain kernel. */
const FORBIDDEN = ['stages', 'invoices'];

/** Every module specifier a file reads (imports, re-exports, type imports, import() and require()) that leads into a forbidden folder. */
function forbiddenImports(file: string, source: string): string[] {
  const { importedFiles } = ts.preProcessFile(source, true, true);
  return importedFiles
    .map((i) => i.fileName)
    .filter((specifier) => specifier.startsWith('.'))
    .filter((specifier) => {
      const target = fromSrc(resolve(dirname(file), specifier));
      return FORBIDDEN.some((folder) => target === folder || target.startsWith(`${folder}/`));
    });
}

describe('architecture: src/pipeline', () => {
  it('never imports src/stages or src/invoices', () => {
    const files = sourceFiles('pipeline');
    expect(files.length).toBeGreaterThan(50);
    const violations = files.flatMap((file) => forbiddenImports(file, readFileSync(file, 'utf8')).map((s) => `${fromSrc(file)} -> ${s}`));
    expect(violations).toEqual([]);
  });

  it('the check sees every kind of import into a forbidden folder', () => {
    const file = resolve(SRC, 'pipeline/run/example.ts');
    const source = [
      `import { A } from '../../stages/parse/einvoice-xml.stage';`,
      `import type { B } from '../../invoices/entities/invoice.entity';`,
      `export { C } from '../../stages';`,
      `const d = () => import('../../invoices/invoices.service');`,
      `const e = require('../../stages/stages.module');`,
      `import { F } from '../contracts/registry';`,
      `import { G } from '../../domain/party-key';`,
    ].join('\n');
    expect(forbiddenImports(file, source)).toEqual([
      '../../stages/parse/einvoice-xml.stage',
      '../../invoices/entities/invoice.entity',
      '../../stages',
      '../../invoices/invoices.service',
      '../../stages/stages.module',
    ]);
  });
});
