import type { CanonicalInvoice } from '../../domain/canonical-invoice';
import type { XmlSource } from './parse.contract';
import { expectShape, type StageContract } from './stage-contract';

/** validate@1 */
export interface ValidateInput {
  invoice: CanonicalInvoice;
  parsed?: XmlSource;
}
export interface ValidationFinding {
  rule: string;
  message: string;
  location?: string;
  /** The business term or group the rule names (BT-n, BG-n), when it names one. */
  business_term?: string;
}

/** The engine's rule sets (a validate module judges by one of them) and the fallback's checks. */
export type RuleSetName = 'en16931' | 'peppol-bis3' | 'xrechnung' | 'xrechnung-extension' | 'basic-checks';
export interface ValidationOutput {
  valid: boolean;
  /**
   * Which rule set produced the report: EN 16931, EN 16931 with a CIUS (peppol-bis3, xrechnung,
   * xrechnung-extension), or the fallback's basic checks.
   */
  rule_set: RuleSetName;
  /** Version of the rule set's official artefacts (absent for basic-checks). */
  rule_set_version?: string;
  /**
   * Engine rule sets only: the syntax whose binding rules (UBL-*, CII-*) were applied besides the business
   * rules, or null when only the business rules judged the invoice (canonical JSON input).
   */
  syntax_binding?: 'UBL' | 'CII' | null;
  errors: ValidationFinding[];
  warnings: ValidationFinding[];
  /**
   * Set by the pipeline, never by a module: the report cannot be trusted as a verdict of validity
   * (a fallback with weaker guarantees ran, or an earlier step was degraded or failed); `valid`
   * is then false and `concerns` says why.
   */
  degraded?: boolean;
  concerns?: string[];
}

/** The parsed invoice is judged; a report after any concern is degraded and never valid (fail closed). */
export const validateContract: StageContract<ValidateInput, ValidationOutput> = {
  stageId: 'validate',
  stateKey: 'validate',
  capability: {
    name: 'validate',
    guarantees: [
      { id: 'mandatory_fields', description: 'the mandatory business terms are present' },
      { id: 'arithmetic', description: 'line, document and VAT totals add up' },
      { id: 'business_rules', description: 'every EN 16931 business rule (BR, BR-CO, VAT category rules) was evaluated' },
      { id: 'code_lists', description: 'code values are checked against the EN 16931 code lists' },
      { id: 'syntax_binding', description: 'the syntax-binding rules of the source syntax were evaluated' },
    ],
  },
  // The parse output is absent only when parse did not run: the module then faults on the missing invoice.
  input: (s) => ({ invoice: s.parse?.invoice as CanonicalInvoice, parsed: s.parse?.parsed }),
  accept: (o) => expectShape(o, (v) => typeof v.valid === 'boolean' && Array.isArray(v.errors), 'validation report'),
  settle: (o, concerns) => (concerns.length === 0 ? o : { ...o, valid: false, degraded: true, concerns: [...concerns] }),
  view: (o) => o,
};
