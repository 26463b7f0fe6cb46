/**
 * Differential check against the official Peppol validator: on documents of our own making
 * (support/peppol-differential.ts, national rules in both syntaxes) the Peppol rules that fire are
 * exactly those the official XSLT on Saxon-HE reported (support/fixtures/peppol-official-verdicts.json,
 * recorded by bench/official/peppol-official-verdicts.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PEPPOL_RULES, validateDocument } from '../../../../../src/einvoice';
import { DIFFERENTIAL_CASES } from '../../../../support/peppol-differential';

const official = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', '..', 'support', 'fixtures', 'peppol-official-verdicts.json'), 'utf8')) as Record<string, { fatal: string[]; warning: string[] }>;
const PEPPOL_IDS = new Set(PEPPOL_RULES.map((r) => r.id));

describe('Peppol rules against the official validator (recorded verdicts)', () => {
  it('has an official verdict for every differential document', () => {
    expect(DIFFERENTIAL_CASES.map((c) => c.name).sort()).toEqual(Object.keys(official).sort());
  });

  it.each(DIFFERENTIAL_CASES.map((c) => [c.name, c] as const))('%s: same Peppol fatal and warning rules', (name, c) => {
    const report = validateDocument(c.xml, { ruleSet: 'peppol-bis3' });
    const ids = (findings: Array<{ rule: string }>) => [...new Set(findings.map((f) => f.rule).filter((id) => PEPPOL_IDS.has(id)))].sort();
    expect({ fatal: ids(report.errors), warning: ids(report.warnings) }).toEqual(official[name]);
    expect(report.ruleFailures).toEqual([]);
  });
});
