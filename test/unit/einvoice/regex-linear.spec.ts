/**
 * Every regular expression the engine applies to document text has a linear worst case: the
 * engine may judge small documents in the request thread, where nothing can stop a match that
 * backtracks. The expressions are collected from the source with the TypeScript compiler API
 * (every regular-expression literal, every `RegExp(…)` / `new RegExp(…)`), so a new one in a rule
 * file is checked without anyone listing it, and each is judged by recheck (automaton or fuzzing
 * checker): it must come back `safe`. A `RegExp` built from anything but string literals cannot be
 * judged here and fails the test.
 *
 * An expression recheck finds super-linear is replaced by equivalent code; the replacement is
 * checked here against the expression, exhaustively over short strings of a small alphabet.
 */
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { checkSync, type Diagnostics } from 'recheck';
import * as ts from 'typescript';
import { withoutTrailingSlashes } from '../../../src/einvoice/rules/tree-query';

const ROOT = path.resolve(__dirname, '..', '..', '..');
/** Where the engine and the stages that run it read document text. */
const SOURCE_DIRS = ['src/einvoice', 'src/stages/canonical', 'src/stages/parse', 'src/stages/validate'];

interface Found {
  where: string;
  source: string;
  flags: string;
  /** Set when the expression is built from something other than string literals. */
  dynamic?: string;
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return tsFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

const literalText = (node: ts.Expression | undefined): string | undefined => (node !== undefined && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) ? node.text : undefined);

function collect(): Found[] {
  const found: Found[] = [];
  for (const file of SOURCE_DIRS.flatMap((dir) => tsFiles(path.join(ROOT, dir)))) {
    const sourceFile = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const where = (node: ts.Node) => `${path.relative(ROOT, file)}:${sourceFile.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
    const visit = (node: ts.Node): void => {
      if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
        const text = (node as ts.RegularExpressionLiteral).text;
        const slash = text.lastIndexOf('/');
        found.push({ where: where(node), source: text.slice(1, slash), flags: text.slice(slash + 1) });
      } else if ((ts.isNewExpression(node) || ts.isCallExpression(node)) && ts.isIdentifier(node.expression) && node.expression.text === 'RegExp') {
        const [pattern, flags] = node.arguments ?? [];
        const source = literalText(pattern);
        const flagText = flags === undefined ? '' : literalText(flags);
        if (source === undefined || flagText === undefined) found.push({ where: where(node), source: '', flags: '', dynamic: node.getText(sourceFile) });
        else found.push({ where: where(node), source, flags: flagText });
      }
      ts.forEachChild(node, visit);
    };
    visit(sourceFile);
  }
  return found;
}

const verdict = (d: Diagnostics): string => (d.status === 'unknown' ? `unknown (${d.error.kind})` : `${d.status}, ${d.complexity.summary}`);

describe('regular expressions on document text', () => {
  const found = collect();

  it('finds the expressions of the rule sets, the reader and the stages', () => {
    expect(found.length).toBeGreaterThan(50);
    const sources = found.map((f) => `${f.where.split(':')[0]} /${f.source}/`);
    expect(sources).toContain('src/einvoice/rulesets/xrechnung/codes.ts /([0-9].*){3,}/');
    expect(sources).toContain('src/einvoice/rulesets/peppol-bis3/national/germany.ts /([0-9].*){3,}/');
    expect(sources.some((s) => s.startsWith('src/stages/parse/'))).toBe(true);
  });

  it('builds none from anything but string literals', () => {
    expect(found.filter((f) => f.dynamic !== undefined).map((f) => `${f.where}: ${f.dynamic}`)).toEqual([]);
  });

  it('the checker tells a super-linear expression from a linear one', () => {
    expect(checkSync('^(a+)+$', '').status).toBe('vulnerable');
    expect(checkSync('\\/+$', '').status).toBe('vulnerable');
    expect(checkSync('^[0-9]+$', '').status).toBe('safe');
  });

  it('each has a linear worst case (recheck: safe)', () => {
    const unsafe = found
      .filter((f) => f.dynamic === undefined)
      .map((f) => ({ f, d: checkSync(f.source, f.flags, { timeout: 20_000 }) }))
      .filter(({ d }) => d.status !== 'safe')
      .map(({ f, d }) => `${f.where} /${f.source}/${f.flags}: ${verdict(d)}`);
    expect(unsafe).toEqual([]);
  });
});

/** Every string over `alphabet` of length 0…max. */
function* strings(alphabet: string, max: number): Generator<string> {
  let level = [''];
  yield '';
  for (let n = 1; n <= max; n++) {
    const next: string[] = [];
    for (const s of level) for (const c of alphabet) next.push(s + c);
    yield* next;
    level = next;
  }
}

describe('linear replacements answer as the expressions they replace', () => {
  it("withoutTrailingSlashes(s) is s.replace(/\\/+$/, '') (tree-query's attribute paths)", () => {
    let n = 0;
    for (const s of strings('/a@:', 8)) {
      expect(withoutTrailingSlashes(s)).toBe(s.replace(/\/+$/, ''));
      n++;
    }
    expect(n).toBe(87381);
  });
});
