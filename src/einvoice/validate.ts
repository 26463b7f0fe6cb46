/**
 * Validation: run every applicable rule on a parsed document. Each rule is
 * isolated: a rule that throws is recorded in `ruleFailures` and the others
 * still run, so partial documents get a complete verdict.
 */
import type { DocumentType, Invoice, Syntax, XmlSyntax } from './model/invoice';
import { parseDocument, parseDocumentAsync, type ParseOptions, type ParsedDocument } from './parse/parse-document';
import { ALL_RULES } from './rules/registry';
import { docIndex, type DocIndex } from './rules/doc-index';
import type { Finding, Rule, RuleContext, RulePresence } from './rules/rule';

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
  const report = runRules({ doc, inv: doc.invoice }, doc.syntax, opts.rules === undefined ? RULES_FOR_SYNTAX[doc.syntax] : forSyntax(opts.rules, doc.syntax));
  // Values outside their XSD datatype come first: the rules saw those fields as unreadable.
  if (doc.datatypeFindings.length > 0) {
    report.errors.unshift(...doc.datatypeFindings.map((f) => ({ rule: f.rule, severity: 'fatal' as const, message: f.message, location: f.location })));
    report.valid = false;
  }
  return report;
}

/**
 * Validate a model that has no XML tree behind it (built from the canonical JSON): every
 * business rule (BR-*, BR-CO-*, BR-DEC-*, the VAT category rules, BR-CL-*), none of the
 * syntax-binding rules (UBL-*, CII-*) and no rule that reads the tree. Never throws.
 */
export function validateModel(invoice: Invoice, opts: ValidateOptions = {}): ValidationReport {
  const ctx: RuleContext = {
    inv: invoice,
    get doc(): never {
      throw new Error('this rule reads the XML tree, which a model-only document does not have');
    },
  };
  return runRules(ctx, invoice.syntax, opts.rules === undefined ? MODEL_RULES : modelOnly(opts.rules));
}

const forSyntax = (rules: readonly Rule[], syntax: Syntax): Rule[] => rules.filter((rule) => rule.syntax === undefined || rule.syntax === syntax);
const modelOnly = (rules: readonly Rule[]): Rule[] => rules.filter((rule) => rule.syntax === undefined && rule.readsTree !== true);

/** The rules that apply to each syntax, and to a model without a tree, chosen once. */
const RULES_FOR_SYNTAX: Readonly<Record<XmlSyntax, readonly Rule[]>> = { UBL: forSyntax(ALL_RULES, 'UBL'), CII: forSyntax(ALL_RULES, 'CII') };
const MODEL_RULES = modelOnly(ALL_RULES);

function runRules(ctx: RuleContext, syntax: Syntax, rules: readonly Rule[]): ValidationReport {
  const errors: Finding[] = [];
  const warnings: Finding[] = [];
  const ruleFailures: Array<{ rule: string; message: string }> = [];
  // One reporting function for all rules of the run (not a closure per rule).
  let rule = rules[0];
  const fire = (location: string): void => {
    (rule.severity === 'fatal' ? errors : warnings).push({ rule: rule.id, severity: rule.severity, message: rule.message, location });
  };
  for (let i = 0; i < rules.length; i++) {
    rule = rules[i];
    if (rule.presence !== undefined && !isPresent(ctx, rule.presence)) continue;
    try {
      rule.check(ctx, fire);
    } catch (e) {
      ruleFailures.push({ rule: rule.id, message: e instanceof Error ? e.message : String(e) });
    }
  }
  return { valid: errors.length === 0, syntax, documentType: ctx.inv.documentType, errors, warnings, ruleFailures };
}

/** Whether the document has what a rule needs to fire (Rule.presence); a rule that cannot tell runs. */
function isPresent(ctx: RuleContext, presence: RulePresence): boolean {
  let index: DocIndex;
  try {
    index = docIndex(ctx.doc.root);
  } catch {
    return true;
  }
  if (presence.attribute !== undefined) return index.firstWithAttribute.has(presence.attribute);
  return index.firstByPath.has(ctx.doc.documentType === 'CreditNote' ? presence.creditNotePath : presence.path);
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
