/** How the Peppol rules are declared: defineRule, syntax-bound, reading the tree. */
import { defineRule, type Fire, type Rule, type RuleContext, type Severity } from '../../rules/rule';

export const PEPPOL_FAMILY = 'PEPPOL';

/** A Peppol rule for one syntax: it reads the element tree (the Schematron's XPath), so it needs a tree. */
export function peppolRule(syntax: 'UBL' | 'CII', id: string, severity: Severity, message: string, check: (ctx: RuleContext, fire: Fire) => void, family = PEPPOL_FAMILY): Rule {
  return { ...defineRule(family, id, severity, message, check, syntax), readsTree: true };
}
