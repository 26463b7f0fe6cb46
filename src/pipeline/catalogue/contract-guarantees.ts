/**
 * What each capability contract promises, as guarantee ids a module declares it keeps. The ids
 * are stable API (catalogue views, stage results); the descriptions explain them. The seed in the
 * FailClosedVerdicts migration writes the same list into capability_contracts.guarantees.
 */
export interface Guarantee {
  id: string;
  description: string;
}

export const CONTRACT_GUARANTEES: Readonly<Record<string, readonly Guarantee[]>> = {
  parse: [
    { id: 'complete_model', description: 'every EN 16931 business term the document carries is in the canonical invoice' },
    { id: 'strict_syntax', description: 'the document is well-formed and its datatypes were checked; a malformed one is rejected' },
  ],
  validate: [
    { id: 'mandatory_fields', description: 'the mandatory business terms are present' },
    { id: 'arithmetic', description: 'line, document and VAT totals add up' },
    { id: 'business_rules', description: 'every EN 16931 business rule (BR, BR-CO, VAT category rules) was evaluated' },
    { id: 'code_lists', description: 'code values are checked against the EN 16931 code lists' },
    { id: 'syntax_binding', description: 'the syntax-binding rules of the source syntax were evaluated' },
  ],
  enrich: [
    { id: 'amounts_unchanged', description: 'never changes the invoice amounts' },
    { id: 'supplier_resolved', description: 'the supplier is looked up in the tenant\'s maintained directory' },
  ],
  dedupe: [{ id: 'persisted_fingerprint', description: 'same tenant, supplier, number, issue date and total is a duplicate, enforced by a unique index' }],
  route: [
    { id: 'deterministic', description: 'the same input and settings give the same decision' },
    { id: 'rule_based', description: 'the decision applies the configured approval rules' },
  ],
  deliver: [{ id: 'at_least_once', description: 'the invoice is delivered at least once, or queued durably' }],
};

export function guaranteeIds(contractName: string): string[] {
  return (CONTRACT_GUARANTEES[contractName] ?? []).map((g) => g.id);
}

/** Guarantees of `selected` that `used` does not keep: non-empty means the step is degraded. */
export function missingGuarantees(selected: readonly string[] | undefined, used: readonly string[] | undefined): string[] {
  const kept = new Set(used ?? []);
  return (selected ?? []).filter((g) => !kept.has(g));
}
