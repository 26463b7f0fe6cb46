import { Injectable } from '@nestjs/common';
import { TenantDatabase } from '../../framework/database';
import type { CanonicalParty } from '../../domain/canonical-invoice';
import { partyKey } from '../../domain/party-key';
import type { ResolvedParty } from '../../pipeline/contracts';

/** A row of the suppliers table as the lookup reads it. */
interface SupplierRow {
  supplier_id: string;
  lookup_key: string;
  name: string;
  vat_id: string | null;
  country: string | null;
  always_review: boolean;
}

function resolved(row: SupplierRow): ResolvedParty {
  return { supplier_id: row.supplier_id, name: row.name, vat_id: row.vat_id, country: row.country, always_review: row.always_review };
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
    const rows = await this.db.statement<SupplierRow>(
      tenantId,
      `SELECT supplier_id, lookup_key, name, vat_id, country, always_review FROM suppliers
        WHERE tenant_id = $1 AND lookup_key IN (SELECT jsonb_array_elements_text($2::jsonb))`,
      [tenantId, JSON.stringify(wanted)],
    );
    const byKey = new Map(rows.map((row) => [row.lookup_key, resolved(row)]));
    return keys.map((key) => (key ? (byKey.get(key) ?? null) : null));
  }

  /** Upsert on the unique (tenant, lookup key): concurrent refreshes of the same supplier cannot collide. */
  async refresh(tenantId: string, lookupKey: string, entry: { name: string; vat_id: string | null; country: string | null; always_review: boolean }): Promise<ResolvedParty> {
    const rows = await this.db.statement<{ supplier_id: string }>(
      tenantId,
      `INSERT INTO suppliers (tenant_id, lookup_key, name, vat_id, country, always_review, source, refreshed_at)
       VALUES ($1, $2, $3, $4, $5, $6, 'http', now())
       ON CONFLICT ON CONSTRAINT suppliers_lookup_unique DO UPDATE
         SET name = EXCLUDED.name, vat_id = EXCLUDED.vat_id, country = EXCLUDED.country,
             always_review = EXCLUDED.always_review, source = 'http', refreshed_at = now()
       RETURNING supplier_id`,
      [tenantId, lookupKey, entry.name, entry.vat_id, entry.country, entry.always_review],
    );
    return { supplier_id: rows[0].supplier_id, name: entry.name, vat_id: entry.vat_id, country: entry.country, always_review: entry.always_review };
  }
}
