/**
 * Peppol BIS Billing 3 conformance: the rule-level unit tests of OpenPEPPOL (rule in scope only,
 * judged by the peppol-bis3 rule set) and the Peppol verdicts on the bis-billing examples.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PEPPOL_RULES, validateDocument } from '../../../../../src/einvoice';
import { peppolUnitCases, verdictFor } from '../../../../support/corpus';
import { EXAMPLES, PEPPOL_DIR } from '../../../../support/paths';

const cases = peppolUnitCases();
const PEPPOL_IDS = new Set(PEPPOL_RULES.map((r) => r.id));

describe('Peppol BIS Billing 3 unit tests', () => {
  it('loads every test of unit-UBL-PEPPOL and unit-CII-PEPPOL', () => {
    expect(cases.length).toBeGreaterThan(250);
    expect(cases.filter((c) => c.file.startsWith('unit-CII')).length).toBeGreaterThan(80);
  });

  it('agrees with the expected verdict of every test (rule in scope only)', () => {
    const disagreements = cases
      .map((c) => ({ c, got: verdictFor(c.document, c.rule, 'peppol-bis3') }))
      .filter(({ c, got }) => got !== c.expect)
      .map(({ c, got }) => `${c.file}#${c.index + 1} ${c.rule}: expected ${c.expect}, got ${got} (${c.description})`);
    console.log(`Peppol unit-test agreement ${cases.length - disagreements.length}/${cases.length}\n${disagreements.join('\n')}`);
    expect(disagreements).toEqual([]);
  });

  it('never judges a Peppol rule by en16931', () => {
    for (const c of cases.slice(0, 40)) expect(PEPPOL_IDS.has(c.rule) ? verdictFor(c.document, c.rule, 'en16931') : 'success').toBe('success');
  });
});

describe('Peppol verdicts on the bis-billing examples', () => {
  const expected = JSON.parse(readFileSync(join(PEPPOL_DIR, 'bis-billing-expected.json'), 'utf8')) as Record<string, { fatal: string[]; warning: string[] }>;
  const files = readdirSync(join(EXAMPLES, 'bis-billing')).filter((f) => f.endsWith('.xml')).sort();

  it('covers every example', () => {
    expect(files).toEqual(Object.keys(expected).sort());
  });

  it.each(files)('%s: the Peppol rules that fire are exactly the expected ones', (file) => {
    const report = validateDocument(readFileSync(join(EXAMPLES, 'bis-billing', file)), { ruleSet: 'peppol-bis3' });
    const ids = (findings: Array<{ rule: string }>) => [...new Set(findings.map((f) => f.rule).filter((id) => PEPPOL_IDS.has(id)))].sort();
    expect({ fatal: ids(report.errors), warning: ids(report.warnings) }).toEqual({ fatal: [...expected[file].fatal].sort(), warning: [...expected[file].warning].sort() });
    expect(report.ruleFailures).toEqual([]);
    expect(report.ruleSet).toEqual({ id: 'peppol-bis3', version: '3.0.19' });
  });
});
