import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { TenantDatabase } from '../../framework/database';
import type { CanonicalParty } from '../canonical/canonical-invoice';
import type { ResolvedParty } from '../stage-io';
import { SupplierEntity } from './supplier.entity';

/** The key a party is looked up by: VAT id, else name, upper-cased. */
export function partyKey(party: CanonicalParty): string | null {
  const key = party.vat_id ?? party.name;
  return key ? key.trim().toUpperCase() : null;
}

export function resolved(row: SupplierEntity): ResolvedParty {
  return { supplier_id: row.supplierId, name: row.name, vat_id: row.vatId, country: row.country, always_review: row.alwaysReview };
}

/** The tenant's suppliers table: lookups, and refreshes from successful HTTP lookups. */
@Injectable()
export class SupplierDirectory {
  constructor(private readonly db: TenantDatabase) {}

  /** Several parties in one query; the answer lines up with the input (null: not in the directory). */
  async findAll(tenantId: string, parties: CanonicalParty[]): Promise<Array<ResolvedParty | null>> {
    const keys = parties.map(partyKey);
    const wanted = keys.filter((k): k is string => k !== null);
    if (wanted.length === 0) return keys.map(() => null);
    const rows = await this.db.transaction(tenantId, (manager) => manager.getRepository(SupplierEntity).findBy({ tenantId, lookupKey: In(wanted) }));
    const byKey = new Map(rows.map((row) => [row.lookupKey, resolved(row)]));
    return keys.map((key) => (key ? (byKey.get(key) ?? null) : null));
  }

  /** Upsert on the unique (tenant, lookup key): concurrent refreshes of the same supplier cannot collide. */
  async refresh(tenantId: string, lookupKey: string, entry: { name: string; vat_id: string | null; country: string | null; always_review: boolean }): Promise<ResolvedParty> {
    const rows = await this.db.transaction(tenantId, (manager) => manager.query<Array<{ supplier_id: string }>>(
      `INSERT INTO suppliers (tenant_id, lookup_key, name, vat_id, country, always_review, source, refreshed_at)
       VALUES ($1, $2, $3, $4, $5, $6, 'http', now())
       ON CONFLICT ON CONSTRAINT suppliers_lookup_unique DO UPDATE
         SET name = EXCLUDED.name, vat_id = EXCLUDED.vat_id, country = EXCLUDED.country,
             always_review = EXCLUDED.always_review, source = 'http', refreshed_at = now()
       RETURNING supplier_id`,
      [tenantId, lookupKey, entry.name, entry.vat_id, entry.country, entry.always_review],
    ));
    return { supplier_id: rows[0].supplier_id, name: entry.name, vat_id: entry.vat_id, country: entry.country, always_review: entry.always_review };
  }
}
