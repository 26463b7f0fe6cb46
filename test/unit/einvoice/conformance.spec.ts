/**
 * Conformance against the official EN 16931 artefacts (validation-1.3.16):
 * every example must pass without fatal error or warning, and the engine must
 * agree with at least 98% of the rule-level unit tests (rule in scope only).
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseTree, validateDocument, validateInvoice } from '../../../src/einvoice';
import { invoiceToCreditNote } from '../../support/credit-note';
import { CORPUS_DIR, exampleFiles, unitCases, verdictFor, type UnitCase } from '../../support/corpus';

const cases = unitCases();

interface Tally {
  total: number;
  agree: number;
}

function family(rule: string): string {
  const m = /^(BR-(?:CO|DEC|CL|S|Z|E|AE|IC|G|O|AF|AG|B)|UBL-(?:SR|DT|CR)|CII-(?:SR|DT))-/.exec(rule);
  return m ? m[1] : 'BR (core)';
}

describe('EN 16931 conformance corpus', () => {
  const expected = JSON.parse(readFileSync(path.join(CORPUS_DIR, 'examples', 'expected.json'), 'utf8')) as Record<string, { fatal: string[]; warning: string[] }>;

  it('covers every example listed in expected.json', () => {
    expect(exampleFiles().map((e) => e.name).sort()).toEqual(Object.keys(expected).sort());
  });

  it.each(exampleFiles().map((e) => [e.name, e.file]))('accepts %s with no fatal error and no warning', (name, file) => {
    const report = validateDocument(readFileSync(file), { ruleSet: 'en16931' });
    expect({ errors: report.errors, warnings: report.warnings, ruleFailures: report.ruleFailures }).toEqual({
      errors: expected[name].fatal,
      warnings: expected[name].warning,
      ruleFailures: [],
    });
    expect(report.valid).toBe(true);
  });

  it('loads the unit-test corpus', () => {
    expect(cases.length).toBeGreaterThan(900);
    expect(new Set(cases.map((c) => c.rule)).size).toBeGreaterThan(190);
  });

  it('agrees with at least 98% of the rule-level unit tests and prints the per-rule table', () => {
    const perRule = new Map<string, Tally>();
    const perFamily = new Map<string, Tally>();
    const disagreements: string[] = [];
    for (const c of cases) {
      const got = verdictFor(c.document, c.rule);
      const ok = got === c.expect;
      for (const [map, key] of [
        [perRule, c.rule],
        [perFamily, family(c.rule)],
      ] as const) {
        const t = map.get(key) ?? { total: 0, agree: 0 };
        t.total++;
        if (ok) t.agree++;
        map.set(key, t);
      }
      if (!ok) disagreements.push(`${c.file}#${c.index + 1} ${c.rule}: expected ${c.expect}, got ${got} (${c.description})`);
    }
    const agree = cases.length - disagreements.length;
    const pct = (100 * agree) / cases.length;
    const fam = [...perFamily.entries()].sort().map(([f, t]) => `${f} ${t.agree}/${t.total}`);
    const rules = [...perRule.entries()].sort().map(([r, t]) => `${r}:${t.agree}/${t.total}`);
    // One compact summary for the test log (the figures in docs/conformance.md come from here).
    console.log(
      [`unit-test agreement ${agree}/${cases.length} = ${pct.toFixed(2)}%`, `families: ${fam.join(', ')}`, `rules: ${rules.join(' ')}`, ...disagreements].join('\n'),
    );
    expect(pct).toBeGreaterThanOrEqual(98);
  });
});

describe('CreditNote documents are validated with the same rules as Invoice', () => {
  // Type codes come from different lists by design (BR-CL-01) and BR-CO-25 was
  // withdrawn for UBL credit notes; everything else must behave identically.
  const SYNTAX_DIFFERENCES = new Set(['BR-CL-01', 'BR-CO-25']);
  const ubl = cases.filter((c) => c.file.startsWith('ubl-unit') && !SYNTAX_DIFFERENCES.has(c.rule));

  it('gives the same verdict for the rule in scope on every converted UBL unit test', () => {
    const mismatches: string[] = [];
    for (const c of ubl) {
      const asCredit = invoiceToCreditNote(c.document);
      expect(asCredit.local).toBe('CreditNote');
      const a = verdictFor(c.document, c.rule);
      const b = verdictFor(asCredit, c.rule);
      if (a !== b) mismatches.push(`${c.file}#${c.index + 1} ${c.rule}: invoice ${a}, credit note ${b}`);
    }
    expect(mismatches).toEqual([]);
    expect(ubl.length).toBeGreaterThan(800);
  });

  it('fires the same rule ids on a converted invoice with errors', () => {
    const sample = ubl.filter((c: UnitCase) => c.expect === 'error').slice(0, 50);
    for (const c of sample) {
      const inv = validateInvoice(parseTree(c.document), { ruleSet: 'en16931' });
      const cn = validateInvoice(parseTree(invoiceToCreditNote(c.document)), { ruleSet: 'en16931' });
      expect(cn.documentType).toBe('CreditNote');
      const ids = (r: typeof inv): string[] => [...new Set(r.errors.map((e) => e.rule).filter((id) => !SYNTAX_DIFFERENCES.has(id)))].sort();
      expect(ids(cn)).toEqual(ids(inv));
      expect(ids(inv)).toContain(c.rule);
    }
  });
});
