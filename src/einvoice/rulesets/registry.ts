/** The rule sets the engine knows, and how a document's specification identifier picks one. */
import type { Invoice, XmlSyntax } from '../model/invoice';
import type { Rule } from '../rules/rule';
import { EN16931_RULE_SET } from './en16931';
import { PEPPOL_BIS3_RULE_SET } from './peppol-bis3';
import type { RuleSet, RuleSetId } from './rule-set';
import { XRECHNUNG_EXTENSION_RULE_SET, XRECHNUNG_RULE_SET } from './xrechnung';

/** Most specific first: the first that recognises a CustomizationID judges the document. */
export const RULE_SETS: readonly RuleSet[] = [XRECHNUNG_EXTENSION_RULE_SET, XRECHNUNG_RULE_SET, PEPPOL_BIS3_RULE_SET, EN16931_RULE_SET];

export const RULE_SET_IDS: readonly RuleSetId[] = ['en16931', 'peppol-bis3', 'xrechnung', 'xrechnung-extension'];

const BY_ID = new Map<string, RuleSet>(RULE_SETS.map((s) => [s.id, s]));

export function isRuleSetId(id: string): id is RuleSetId {
  return BY_ID.has(id);
}

/** The rule set with that id; undefined for an unknown id. */
export function ruleSetById(id: string): RuleSet | undefined {
  return BY_ID.get(id);
}

/** The rule set a specification identifier (BT-24) claims; en16931 when none recognises it. */
export function ruleSetForCustomization(customizationId: string | undefined): RuleSet {
  const id = customizationId?.trim() ?? '';
  if (id !== '') for (const set of RULE_SETS) if (set.recognises(id)) return set;
  return EN16931_RULE_SET;
}

/** The rule set asked for (an id or a set), or the one the invoice's CustomizationID claims. */
export function resolveRuleSet(asked: RuleSetId | RuleSet | undefined, invoice: Invoice): RuleSet {
  if (asked === undefined) return ruleSetForCustomization(invoice.customizationId);
  if (typeof asked !== 'string') return asked;
  const set = BY_ID.get(asked);
  if (set === undefined) throw new RangeError(`unknown rule set ${JSON.stringify(asked)} (known: ${RULE_SET_IDS.join(', ')})`);
  return set;
}

interface Selection {
  UBL: readonly Rule[];
  CII: readonly Rule[];
  model: readonly Rule[];
}

const selections = new WeakMap<RuleSet, Selection>();

/** A rule set's rules for one syntax, or for a model without a tree; chosen once per set. */
export function rulesOf(set: RuleSet, syntax: XmlSyntax | 'model'): readonly Rule[] {
  let s = selections.get(set);
  if (s === undefined) {
    s = {
      UBL: set.rules.filter((r) => r.syntax === undefined || r.syntax === 'UBL'),
      CII: set.rules.filter((r) => r.syntax === undefined || r.syntax === 'CII'),
      model: set.rules.filter((r) => r.syntax === undefined && r.readsTree !== true),
    };
    selections.set(set, s);
  }
  return s[syntax];
}
