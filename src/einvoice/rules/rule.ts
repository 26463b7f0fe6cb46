/** The rule contract: every business rule is an independent check with its official id and severity. */
import type { Invoice } from '../model/invoice';
import type { ParsedDocument } from '../parse/parse-document';

export type Severity = 'fatal' | 'warning';

/** One rule violation as reported to callers. */
export interface Finding {
  /** Official rule id, e.g. 'BR-CO-14'. */
  rule: string;
  severity: Severity;
  message: string;
  /** XPath-like location of the offending element (or its nearest existing context). */
  location: string;
  /** The business term or group the rule is about (e.g. 'BT-24', 'BG-25'), when its message names one. */
  businessTerm?: string;
}

/** What a rule sees: the canonical model and, for syntax-binding rules, the parsed tree. */
export interface RuleContext {
  readonly doc: ParsedDocument;
  readonly inv: Invoice;
}

/** Report a violation at a location; a rule may report several (one per offending element). */
export type Fire = (location: string) => void;

export interface Rule {
  id: string;
  severity: Severity;
  /** Official rule text. */
  message: string;
  /** Rule family for reporting, e.g. 'core', 'BR-CO', 'BR-S'. */
  family: string;
  /** Restrict to one syntax (syntax-binding rules); undefined = every syntax. */
  syntax?: 'UBL' | 'CII';
  /** The rule reads the XML tree (ctx.doc), not only the model: it cannot judge a model without one. */
  readsTree?: boolean;
  /** The business term or group (BT-n, BG-n) the rule is about: the first one its message names. */
  businessTerm?: string;
  check(ctx: RuleContext, fire: Fire): void;
  /**
   * Optional, for speed: the rule can fire only when the document has one of these (see
   * RulePresence); validation skips it otherwise.
   */
  presence?: RulePresence;
}

/**
 * What a rule needs in the document to fire (see Rule.presence): at least one of the things listed.
 * Validation looks up what the document has once (rules/presence) instead of asking per rule.
 */
export interface RulePresence {
  /** Root-relative paths, each registered with rules/doc-index ('cac:A/cbc:B', 'cac:A/cbc:B/@attr'). */
  paths?: readonly string[];
  /** Attributes anywhere, by name. */
  attributes?: readonly string[];
  /**
   * Names that must all be present somewhere, per entry: element local names (any namespace; a name
   * listed n times needs n such elements) and attribute names after '@'. E.g. the rule for
   * `//cac:PartyTaxScheme/cbc:CompanyID/@schemeID` needs ['PartyTaxScheme', 'CompanyID', '@schemeID'].
   */
  anywhere?: ReadonlyArray<readonly string[]>;
}

/** Shorthand to declare a rule. */
export function defineRule(
  family: string,
  id: string,
  severity: Severity,
  message: string,
  check: (ctx: RuleContext, fire: Fire) => void,
  syntax?: 'UBL' | 'CII',
): Rule {
  return { id, severity, message, family, check, syntax, businessTerm: businessTermOf(message) };
}

/** The first business term or group an official message names ('... Invoice number (BT-1).' gives 'BT-1'). */
export function businessTermOf(message: string): string | undefined {
  const m = /\b(B[TG]-\d+(?:-\d+)?)\b/.exec(message);
  return m === null ? undefined : m[1];
}
