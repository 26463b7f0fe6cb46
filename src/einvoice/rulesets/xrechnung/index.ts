/**
 * XRechnung 3.0 (KoSIT): EN 16931 plus the BR-DE-* and BR-TMP-* rules, and the extension scenario
 * (the core with the extension's relaxations plus BR-DEX-*). One file per rule group beside this
 * index; a new rule touches one file.
 */
import { ALL_RULES } from '../../rules/registry';
import type { Rule } from '../../rules/rule';
import type { RuleSet } from '../rule-set';
import { cvdRules, XR_CVD_ID } from './cvd';
import { documentRules } from './document';
import { EXTENSION_RELAXED, extensionRules } from './extension';
import { partyRules } from './parties';
import { paymentRules } from './payment';

/** The XRechnung rules on top of EN 16931 (BR-DE-*, BR-TMP-*). */
export const XRECHNUNG_RULES: readonly Rule[] = [...paymentRules, ...documentRules, ...partyRules, ...cvdRules];

/** The extension's own rules (BR-DEX-*). */
export const XRECHNUNG_EXTENSION_RULES: readonly Rule[] = extensionRules;

/** Ids of the EN 16931 core rules the extension scenario relaxes (leaves out). */
export const XRECHNUNG_EXTENSION_RELAXED: ReadonlySet<string> = EXTENSION_RELAXED;

export const XRECHNUNG_CUSTOMIZATION_ID = 'urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0';
export const XRECHNUNG_EXTENSION_CUSTOMIZATION_ID = `${XRECHNUNG_CUSTOMIZATION_ID}#conformant#urn:xeinkauf.de:kosit:extension:xrechnung_3.0`;

export const XRECHNUNG_RULE_SET: RuleSet = {
  id: 'xrechnung',
  name: 'XRechnung 3.0',
  version: '3.0.2',
  rules: [...ALL_RULES, ...XRECHNUNG_RULES],
  // The CVD specification (Clean Vehicles Directive) is XRechnung with the BR-DE-CVD rules on top.
  recognises: (customizationId) => customizationId === XRECHNUNG_CUSTOMIZATION_ID || customizationId === XR_CVD_ID,
};

export const XRECHNUNG_EXTENSION_RULE_SET: RuleSet = {
  id: 'xrechnung-extension',
  name: 'XRechnung 3.0 extension',
  version: '3.0.2',
  rules: [...ALL_RULES.filter((r) => !XRECHNUNG_EXTENSION_RELAXED.has(r.id)), ...XRECHNUNG_RULES, ...XRECHNUNG_EXTENSION_RULES],
  recognises: (customizationId) => customizationId === XRECHNUNG_EXTENSION_CUSTOMIZATION_ID,
};
