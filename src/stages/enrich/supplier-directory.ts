import { Injectable } from '@nestjs/common';
import type { CanonicalParty } from '../../domain/canonical-invoice';
import { partyKey } from '../../domain/party-key';
import type { ResolvedParty } from '../../pipeline/contracts';
import { SupplierCache } from './supplier-cache';
import { SupplierEntry, SupplierRepository, SupplierRow } from './supplier.repository';

function resolved(row: SupplierRow): ResolvedParty {
  return { supplier_id: row.supplier_id, name: row.name, vat_id: row.vat_id, country: row.country, always_review: row.always_review };
}

/** The tenant's supplier directory (the suppliers table): lookups, and refreshes from successful HTTP lookups. */
@Injectable()
export class SupplierDirectory {
  constructor(
    private readonly suppliers: SupplierRepository,
    private readonly cache: SupplierCache,
  ) {}

  /**
   * Several parties; the answer lines up with the input (null: not in the directory). Answers the
   * cache holds cost nothing; the others are read in one query as the tenant, and cached.
   */
  async findAll(tenantId: string, parties: CanonicalParty[]): Promise<Array<ResolvedParty | null>> {
    const keys = parties.map(partyKey);
    const ticket = this.cache.ticket(tenantId);
    const answers = new Map<string, ResolvedParty | null>();
    const missing: string[] = [];
    for (const key of new Set(keys)) {
      if (key === null) continue;
      const cached = ticket ? this.cache.get(ticket, key) : undefined;
      if (cached === undefined) missing.push(key);
      else answers.set(key, cached);
    }
    if (missing.length > 0) {
      const rows = await this.suppliers.findByLookupKeys(tenantId, missing);
      const byKey = new Map(rows.map((row) => [row.lookup_key, resolved(row)]));
      for (const key of missing) {
        const answer = byKey.get(key) ?? null;
        answers.set(key, answer);
        if (ticket) this.cache.store(ticket, key, answer);
      }
    }
    return keys.map((key) => (key ? (answers.get(key) ?? null) : null));
  }

  /** Stores what the HTTP directory said; concurrent refreshes of the same supplier cannot collide. */
  async refresh(tenantId: string, lookupKey: string, entry: SupplierEntry): Promise<ResolvedParty> {
    const supplierId = await this.suppliers.upsertFromHttp(tenantId, lookupKey, entry);
    // This replica reads its own write at once; the trigger's notification tells the others.
    this.cache.invalidate(tenantId);
    return { supplier_id: supplierId, name: entry.name, vat_id: entry.vat_id, country: entry.country, always_review: entry.always_review };
  }
}
