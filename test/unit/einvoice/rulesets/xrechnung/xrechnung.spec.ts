/**
 * XRechnung 3.0: every official business case is valid under its rule set, and every XRechnung
 * rule fires on a minimally changed copy of a business case exactly as the official XSLT
 * (EN 16931 + XRechnung on Saxon-HE, recorded by bench/official/record-verdicts.ts) judges that copy.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateDocument, XRECHNUNG_EXTENSION_RULE_SET, XRECHNUNG_RULE_SET } from '../../../../../src/einvoice';
import { XRECHNUNG_EXTENSION_RULES, XRECHNUNG_RULES } from '../../../../../src/einvoice/rulesets/xrechnung';
import { buildCase, OFFICIAL_CASES, officialFindings, recordedVerdicts, SHARED_CONFORMANCE } from '../../../../support/official-cases';

const BUSINESS_CASES = join(SHARED_CONFORMANCE, 'xrechnung', 'business-cases');
const recorded = recordedVerdicts();
const cases = OFFICIAL_CASES.filter((c) => c.ruleSet !== 'en16931');

function files(folder: string): string[] {
  return readdirSync(join(BUSINESS_CASES, folder))
    .filter((f) => f.endsWith('.xml'))
    .sort();
}

describe('XRechnung business cases', () => {
  it.each(files('standard'))('standard/%s is valid under xrechnung (picked from its CustomizationID)', (f) => {
    const report = validateDocument(readFileSync(join(BUSINESS_CASES, 'standard', f)));
    expect(report.ruleSet.id).toBe('xrechnung');
    expect(report.ruleFailures).toEqual([]);
    expect(report.errors).toEqual([]);
  });

  it.each(files('extension'))('extension/%s is valid under the extension scenario', (f) => {
    const report = validateDocument(readFileSync(join(BUSINESS_CASES, 'extension', f)));
    expect(report.ruleSet.id).toBe('xrechnung-extension');
    expect(report.ruleFailures).toEqual([]);
    expect(report.errors).toEqual([]);
  });

  it('the standard rule set rejects what only the extension allows', () => {
    const report = validateDocument(readFileSync(join(BUSINESS_CASES, 'extension', '05.01a-INVOICE_ubl.xml')), { ruleSet: 'xrechnung' });
    expect(report.errors.map((e) => e.rule)).toContain('BR-CO-16');
  });
});

describe('XRechnung rules against the official XSLT', () => {
  it('every XRechnung rule (BR-DE, BR-TMP, BR-DEX) has a case that makes it fire', () => {
    const covered = new Set(cases.filter((c) => c.fires !== false).map((c) => c.rule));
    const missing = [...XRECHNUNG_RULES, ...XRECHNUNG_EXTENSION_RULES].map((r) => r.id).filter((id) => !covered.has(id) && !UNCOVERED.has(id));
    expect(missing).toEqual([]);
  });

  it('the rule sets hold each rule once', () => {
    for (const set of [XRECHNUNG_RULE_SET, XRECHNUNG_EXTENSION_RULE_SET]) {
      const ids = set.rules.map((r) => r.id);
      expect(ids.length).toBe(new Set(ids).size);
    }
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const official = officialFindings(recorded[c.name].failed);
    const report = validateDocument(buildCase(c), { ruleSet: c.ruleSet });
    expect(report.ruleFailures).toEqual([]);
    const engine = [...new Set([...report.errors, ...report.warnings].map((f) => `${f.rule}:${f.severity}`))].sort();
    expect(official.some((f) => f.startsWith(`${c.rule}:`))).toBe(c.fires !== false);
    expect(engine).toEqual(official.filter((f) => !ENGINE_GAPS.has(f.split(':')[0])));
  });
});

/**
 * Extension rules without a case: BR-DEX-11 (an empty PaidAmount also breaks BR-DEX-09's
 * arithmetic, a dynamic error that stops the official XSLT).
 */
const UNCOVERED = new Set(['BR-DEX-11']);

/** Official findings of EN 16931 syntax rules the engine does not transcribe yet (CII-SR beyond the document and line context). */
const ENGINE_GAPS = new Set(['CII-SR-470', 'CII-SR-475', 'CII-SR-476']);
