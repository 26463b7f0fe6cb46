/**
 * Validation: run every applicable rule on a parsed document. Each rule is
 * isolated: a rule that throws is recorded in `ruleFailures` and the others
 * still run, so partial documents get a complete verdict.
 */
import type { DocumentType, Syntax } from './model/invoice';
import { parseDocument, parseDocumentAsync, type ParseOptions, type ParsedDocument } from './parse/parse-document';
import { ALL_RULES } from './rules/registry';
import type { Finding, Rule } from './rules/rule';

export interface ValidationReport {
  /** true when no fatal rule fired (warnings do not invalidate). */
  valid: boolean;
  syntax: Syntax;
  documentType: DocumentType;
  /** Fatal findings. */
  errors: Finding[];
  /** Warning findings. */
  warnings: Finding[];
  /** Rules that could not be evaluated (threw); should stay empty. */
  ruleFailures: Array<{ rule: string; message: string }>;
}

export interface ValidateOptions {
  /** Run only these rules (by id); default all. */
  rules?: readonly Rule[];
}

/** Validate an already parsed document. Never throws. */
export function validateInvoice(doc: ParsedDocument, opts: ValidateOptions = {}): ValidationReport {
  const errors: Finding[] = [];
  const warnings: Finding[] = [];
  const ruleFailures: Array<{ rule: string; message: string }> = [];
  const ctx = { doc, inv: doc.invoice };
  for (const rule of opts.rules ?? ALL_RULES) {
    if (rule.syntax !== undefined && rule.syntax !== doc.syntax) continue;
    const sink = rule.severity === 'fatal' ? errors : warnings;
    try {
      rule.check(ctx, (location) => sink.push({ rule: rule.id, severity: rule.severity, message: rule.message, location }));
    } catch (e) {
      ruleFailures.push({ rule: rule.id, message: e instanceof Error ? e.message : String(e) });
    }
  }
  return { valid: errors.length === 0, syntax: doc.syntax, documentType: doc.documentType, errors, warnings, ruleFailures };
}

/**
 * Parse and validate XML bytes.
 * @throws ParseError / LimitExceededError when the input cannot be read.
 */
export function validateDocument(input: Buffer | Uint8Array | string, opts: ParseOptions & ValidateOptions = {}): ValidationReport {
  return validateInvoice(parseDocument(input, opts), opts);
}

/** Like validateDocument, also accepting Factur-X / ZUGFeRD PDFs. */
export async function validateDocumentAsync(input: Buffer | Uint8Array | string, opts: ParseOptions & ValidateOptions = {}): Promise<ValidationReport> {
  return validateInvoice(await parseDocumentAsync(input, opts), opts);
}
