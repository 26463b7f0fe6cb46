/**
 * Peppol BIS Billing 3.0 (OpenPEPPOL, artefacts 3.0.19): EN 16931 plus the PEPPOL-EN16931-*,
 * PEPPOL-COMMON-* rules and the national rules applied by the seller's country. One file per rule
 * group beside this index.
 */
import { ALL_RULES } from '../../rules/registry';
import type { Rule } from '../../rules/rule';
import type { RuleSet } from '../rule-set';
import { peppolCommonRules } from './common';
import { peppolTransactionRules } from './transaction';
import { peppolCodeListRules } from './code-list-rules';
import { danishRules } from './national/denmark';
import { germanRules } from './national/germany';
import { greekRules } from './national/greece';
import { icelandicRules } from './national/iceland';
import { italianRules } from './national/italy';
import { dutchRules } from './national/netherlands';
import { norwegianRules } from './national/norway';
import { swedishRules } from './national/sweden';

/** The Peppol rules on top of EN 16931. */
export const PEPPOL_RULES: readonly Rule[] = [...peppolTransactionRules, ...peppolCommonRules, ...norwegianRules, ...danishRules, ...italianRules, ...swedishRules, ...dutchRules, ...icelandicRules, ...germanRules, ...greekRules, ...peppolCodeListRules];

export const PEPPOL_BIS3_CUSTOMIZATION_ID = 'urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0';

export const PEPPOL_BIS3_RULE_SET: RuleSet = {
  id: 'peppol-bis3',
  name: 'Peppol BIS Billing 3.0',
  version: '3.0.19',
  rules: [...ALL_RULES, ...PEPPOL_RULES],
  // Extensions of Peppol BIS ('...billing:3.0#conformant#...') are Peppol documents too.
  recognises: (customizationId) => customizationId === PEPPOL_BIS3_CUSTOMIZATION_ID || customizationId.startsWith(`${PEPPOL_BIS3_CUSTOMIZATION_ID}#`),
};
