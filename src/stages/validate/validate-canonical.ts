import type { ParsedDocument, RuleSetId, ValidationReport } from '../../einvoice';
import { validateInvoice, validateModel } from '../../einvoice';
import type { CanonicalInvoice } from '../../domain/canonical-invoice';
import { canonicalToModel } from '../canonical/to-model';
import type { ValidationFinding, ValidationOutput } from '../../pipeline/contracts';

/**
 * A rule set's verdict (en16931 unless told; peppol-bis3, xrechnung...) on an invoice, as a plain function (no Nest, no I/O) so it can run in a
 * worker thread.
 *
 * - XML source (`parsed`): the engine judges the parsed document: business rules, syntax-binding
 *   rules of its syntax (UBL-* or CII-*) and the XSD-DATATYPE findings of parsing.
 * - Canonical JSON (no `parsed`): the canonical invoice is turned back into the engine's own
 *   EN 16931 model (canonicalToModel) and the same business rules judge it. We do not serialise
 *   the JSON to UBL: the syntax-binding rules would then judge our serialiser, not the caller's
 *   document. So a JSON verdict holds only business rules (`syntax_binding: null`).
 */
export function validateCanonical(invoice: CanonicalInvoice, parsed: ParsedDocument | undefined, includeWarnings: boolean, ruleSet?: RuleSetId): ValidationOutput {
  const report: ValidationReport = parsed ? validateInvoice(parsed, { ruleSet }) : validateModel(canonicalToModel(invoice), { ruleSet });
  const finding = (f: { rule: string; message: string; location: string; businessTerm?: string }): ValidationFinding =>
    f.businessTerm === undefined ? { rule: f.rule, message: f.message, location: f.location } : { rule: f.rule, message: f.message, location: f.location, business_term: f.businessTerm };
  return {
    valid: report.valid,
    rule_set: report.ruleSet.id,
    rule_set_version: report.ruleSet.version,
    syntax_binding: parsed ? parsed.syntax : null,
    errors: report.errors.map(finding),
    warnings: includeWarnings ? report.warnings.map(finding) : [],
  };
}
