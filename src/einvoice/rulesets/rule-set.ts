/**
 * A rule set is what one validation judges a document by: EN 16931 alone, or EN 16931 with a
 * CIUS on top (Peppol BIS Billing 3, XRechnung). Each names its rules (defineRule, one per rule),
 * its version, and the specification identifiers (BT-24, CustomizationID) that claim it.
 */
import type { Rule } from '../rules/rule';

export type RuleSetId = 'en16931' | 'peppol-bis3' | 'xrechnung' | 'xrechnung-extension';

export interface RuleSet {
  id: RuleSetId;
  /** Human name, e.g. 'Peppol BIS Billing 3.0'. */
  name: string;
  /** Version of the official artefacts the rules follow, e.g. '3.0.19'. */
  version: string;
  /** Every rule of the set, the EN 16931 core included, in reporting order. */
  rules: readonly Rule[];
  /**
   * Whether a document with this specification identifier (BT-24, trimmed) claims the rule set.
   * The registry asks the most specific rule sets first; en16931 answers for the rest.
   */
  recognises(customizationId: string): boolean;
}

/** The rule set's identity as reports carry it. */
export interface RuleSetRef {
  id: RuleSetId;
  version: string;
}
