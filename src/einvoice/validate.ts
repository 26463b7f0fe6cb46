/**
 * Validation: run every applicable rule on a parsed document. Each rule is
 * isolated: a rule that throws is recorded in `ruleFailures` and the others
 * still run, so partial documents get a complete verdict.
 */
import type { DocumentType, Invoice, Syntax } from './model/invoice';
import { parseDocument, parseDocumentAsync, type ParseOptions, type ParsedDocument } from './parse/parse-document';
import { presencePlan, presentRules } from './rules/presence';
import type { Finding, Rule, RuleContext } from './rules/rule';
import { resolveRuleSet, rulesOf } from './rulesets/registry';
import type { RuleSet, RuleSetId, RuleSetRef } from './rulesets/rule-set';

export interface ValidationReport {
  /** true when no fatal rule fired (warnings do not invalidate). */
  valid: boolean;
  /** The rule set that judged the document, with its version. */
  ruleSet: RuleSetRef;
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
  /**
   * The rule set to judge by (id or set). Default: the one the document's CustomizationID (BT-24)
   * claims, en16931 when it claims none the engine knows.
   * @throws RangeError for an unknown id.
   */
  ruleSet?: RuleSetId | RuleSet;
  /** Run only these rules instead of the rule set's (the report still names the rule set). */
  rules?: readonly Rule[];
}

/** Validate an already parsed document. Never throws. */
export function validateInvoice(doc: ParsedDocument, opts: ValidateOptions = {}): ValidationReport {
  const set = resolveRuleSet(opts.ruleSet, doc.invoice);
  const report = runRules({ doc, inv: doc.invoice }, doc.syntax, set, opts.rules === undefined ? rulesOf(set, doc.syntax) : forSyntax(opts.rules, doc.syntax));
  // Values outside their XSD datatype come first: the rules saw those fields as unreadable.
  if (doc.datatypeFindings.length > 0) {
    report.errors.unshift(...doc.datatypeFindings.map((f) => ({ rule: f.rule, severity: 'fatal' as const, message: f.message, location: f.location, businessTerm: undefined })));
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
  const set = resolveRuleSet(opts.ruleSet, invoice);
  return runRules(ctx, invoice.syntax, set, opts.rules === undefined ? rulesOf(set, 'model') : modelOnly(opts.rules));
}

const forSyntax = (rules: readonly Rule[], syntax: Syntax): Rule[] => rules.filter((rule) => rule.syntax === undefined || rule.syntax === syntax);
const modelOnly = (rules: readonly Rule[]): Rule[] => rules.filter((rule) => rule.syntax === undefined && rule.readsTree !== true);

function runRules(ctx: RuleContext, syntax: Syntax, set: RuleSet, rules: readonly Rule[]): ValidationReport {
  const errors: Finding[] = [];
  const warnings: Finding[] = [];
  const ruleFailures: Array<{ rule: string; message: string }> = [];
  // One reporting function for all rules of the run (not a closure per rule).
  let rule = rules[0];
  const fire = (location: string): void => {
    (rule.severity === 'fatal' ? errors : warnings).push({ rule: rule.id, severity: rule.severity, message: rule.message, location, businessTerm: rule.businessTerm });
  };
  const runRule = (r: Rule): void => {
    rule = r;
    try {
      rule.check(ctx, fire);
    } catch (e) {
      ruleFailures.push({ rule: rule.id, message: e instanceof Error ? e.message : String(e) });
    }
  };
  // The rules that always run and those whose presence the document has, merged in list order.
  const plan = presencePlan(rules);
  const always = plan.always;
  const present = presentRules(plan, () => ctx.doc.root);
  let p = 0;
  for (let a = 0; a <= always.length; a++) {
    const next = a < always.length ? always[a] : rules.length;
    while (p < present.length && present[p] < next) runRule(rules[present[p++]]);
    if (a < always.length) runRule(rules[next]);
  }
  return { valid: errors.length === 0, ruleSet: { id: set.id, version: set.version }, syntax, documentType: ctx.inv.documentType, errors, warnings, ruleFailures };
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
