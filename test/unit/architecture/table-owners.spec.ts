import { readFileSync } from 'node:fs';
import * as ts from 'typescript';
import { fromSrc, sourceFiles } from '../../support/source-files';

/**
 * Every table has one owner: the folder of its entity (framework/<module>, pipeline/<part>,
 * stages/<stage>, invoices). SQL naming a table (FROM, JOIN, INSERT INTO, UPDATE, DELETE FROM)
 * appears only in its owner's code; a write that spans owners is one statement built from each
 * owner's fragment (framework/database/sql-fragment.ts), e.g. an invoice with its first run, or
 * a run's result with the invoice's new status.
 */
const unit = (path: string): string => {
  const parts = path.split('/');
  return parts[0] === 'invoices' ? 'invoices' : parts.slice(0, 2).join('/');
};

function owners(): Map<string, string> {
  const result = new Map<string, string>();
  for (const path of sourceFiles('.')) {
    const match = /@Entity\(\{\s*name:\s*'([a-z_]+)'/.exec(readFileSync(path, 'utf8'));
    if (match) result.set(match[1], unit(fromSrc(path)));
  }
  return result;
}

/** The tables a source's string and template literals name in SQL. */
export function tablesNamed(source: string, tables: ReadonlySet<string>): string[] {
  const file = ts.createSourceFile('x.ts', source, ts.ScriptTarget.Latest, true);
  const found = new Set<string>();
  const scan = (text: string): void => {
    for (const match of text.matchAll(/\b(?:FROM|JOIN|INSERT\s+INTO|UPDATE|DELETE\s+FROM|TABLE)\s+([a-z_]+)\b/g)) {
      if (tables.has(match[1])) found.add(match[1]);
    }
  };
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) scan(node.text);
    if (ts.isTemplateExpression(node)) {
      scan(node.head.text);
      for (const span of node.templateSpans) scan(span.literal.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return [...found].sort();
}

describe('architecture: table owners', () => {
  const tables = owners();

  it('knows the owner of every table', () => {
    expect(tables.size).toBeGreaterThan(20);
    expect(tables.get('invoices')).toBe('invoices');
    expect(tables.get('invoice_runs')).toBe('pipeline/run');
    expect(tables.get('invoice_fingerprints')).toBe('stages/duplicate-check');
  });

  it('SQL names a table only in the folder that owns it', () => {
    const names = new Set(tables.keys());
    const foreign: string[] = [];
    for (const path of sourceFiles('.')) {
      const name = fromSrc(path);
      if (name.startsWith('framework/database/')) continue;
      for (const table of tablesNamed(readFileSync(path, 'utf8'), names)) {
        if (tables.get(table) !== unit(name)) foreign.push(`${name} names ${table} (owned by ${tables.get(table)})`);
      }
    }
    expect(foreign).toEqual([]);
  });

  it('the check reads SQL in strings and templates, not identifiers or comments', () => {
    const names = new Set(['invoices', 'invoice_runs']);
    expect(tablesNamed('const a = `UPDATE invoices SET x = ${1} FROM invoice_runs r`;', names)).toEqual(['invoice_runs', 'invoices']);
    expect(tablesNamed("q('SELECT 1 FROM invoices')", names)).toEqual(['invoices']);
    expect(tablesNamed('// UPDATE invoices\nconst invoices = 1; const from = invoice_runs;', names)).toEqual([]);
  });
});
