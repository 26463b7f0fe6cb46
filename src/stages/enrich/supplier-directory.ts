import { Injectable } from '@nestjs/common';
import type { CanonicalParty } from '../../domain/canonical-invoice';
import { partyKey } from '../../domain/party-key';
import type { ResolvedParty } from '../../pipeline/contracts';
import { SupplierEntry, SupplierRepository, SupplierRow } from './supplier.repository';

function resolved(row: SupplierRow): ResolvedParty {
  return { supplier_id: row.supplier_id, name: row.name, vat_id: row.vat_id, country: row.country, always_review: row.always_review };
}

/** The tenant's supplier directory (the suppliers table): lookups, and refreshes from successful HTTP lookups. */
@Injectable()
export class SupplierDirectory {
  constructor(private readonly suppliers: SupplierRepository) {}

  /** Several parties in one query; the answer lines up with the input (null: not in the directory). */
  async findAll(tenantId: string, parties: CanonicalParty[]): Promise<Array<ResolvedParty | null>> {
    const keys = parties.map(partyKey);
    const wanted = keys.filter((k): k is string => k !== null);
    if (wanted.length === 0) return keys.map(() => null);
    const rows = await this.suppliers.findByLookupKeys(tenantId, wanted);
    const byKey = new Map(rows.map((row) => [row.lookup_key, resolved(row)]));
    return keys.map((key) => (key ? (byKey.get(key) ?? null) : null));
  }

  /** Stores what the HTTP directory said; concurrent refreshes of the same supplier cannot collide. */
  async refresh(tenantId: string, lookupKey: string, entry: SupplierEntry): Promise<ResolvedParty> {
    const supplierId = await this.suppliers.upsertFromHttp(tenantId, lookupKey, entry);
    return { supplier_id: supplierId, name: entry.name, vat_id: entry.vat_id, country: entry.country, always_review: entry.always_review };
  }
}
