/** EN 16931 alone: the core business rules, code lists and the syntax bindings (validation artefacts 1.3.16). */
import { ALL_RULES } from '../rules/registry';
import type { RuleSet } from './rule-set';

export const EN16931_RULE_SET: RuleSet = {
  id: 'en16931',
  name: 'EN 16931',
  version: '1.3.16',
  rules: ALL_RULES,
  recognises: (customizationId) => customizationId === 'urn:cen.eu:en16931:2017',
};
