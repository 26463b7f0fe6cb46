/**
 * The key a party is matched on (the supplier directory, duplicates, approval rules and the
 * invoice's supplier_key column): VAT id, else name, trimmed and upper-cased; null without either.
 */
export function partyKey(party: { vat_id?: string | null; name?: string | null }): string | null {
  const key = party.vat_id ?? party.name;
  return key ? key.trim().toUpperCase() : null;
}
