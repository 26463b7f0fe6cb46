/**
 * The engine against the official EN 16931 validator on documents of our own making (minimal
 * changes to shared examples), where it used to disagree: BR-CO-15 with an invalid currency code,
 * BR-S-08 rates, the CII forms of the VAT-category rules (codes with blanks or unknown codes, per
 * family), BR-CL-17/18 paths and UBL-CR paths.
 * The official verdicts are recorded fixtures (bench/official/record-verdicts.ts); no Java here.
 */
import { validateDocument } from '../../../../src/einvoice';
import { buildCase, OFFICIAL_CASES, officialFindings, recordedVerdicts } from '../../../support/official-cases';

const recorded = recordedVerdicts();
const cases = OFFICIAL_CASES.filter((c) => c.ruleSet === 'en16931');

function engineFindings(text: string): string[] {
  const report = validateDocument(text, { ruleSet: 'en16931' });
  expect(report.ruleFailures).toEqual([]);
  return [...new Set([...report.errors, ...report.warnings].map((f) => `${f.rule}:${f.severity}`))].sort();
}

describe('EN 16931: the engine judges our documents as the official validator does', () => {
  it('has a recorded official verdict for every case', () => {
    for (const c of cases) expect(recorded[c.name]?.ruleSet).toBe('en16931');
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const official = officialFindings(recorded[c.name].failed);
    const engine = engineFindings(buildCase(c));
    // The rule in focus fires (or not) as the case says, officially and in the engine …
    expect(official.some((f) => f.startsWith(`${c.rule}:`))).toBe(c.fires !== false);
    // … and every other verdict on the copy agrees too.
    expect(engine).toEqual(official);
  });
});
