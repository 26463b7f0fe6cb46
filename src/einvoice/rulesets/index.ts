export type { RuleSet, RuleSetId, RuleSetRef } from './rule-set';
export { RULE_SETS, RULE_SET_IDS, isRuleSetId, ruleSetById, ruleSetForCustomization, resolveRuleSet, rulesOf } from './registry';
export { EN16931_RULE_SET } from './en16931';
export { PEPPOL_BIS3_RULE_SET, PEPPOL_BIS3_CUSTOMIZATION_ID, PEPPOL_RULES } from './peppol-bis3';
export { XRECHNUNG_RULE_SET, XRECHNUNG_EXTENSION_RULE_SET, XRECHNUNG_CUSTOMIZATION_ID, XRECHNUNG_EXTENSION_CUSTOMIZATION_ID } from './xrechnung';
