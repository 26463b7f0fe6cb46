import { Injectable } from '@nestjs/common';
import { TenantDatabase } from '../../framework/database';

/** A row of the suppliers table as the lookup reads it. */
export interface SupplierRow {
  supplier_id: string;
  lookup_key: string;
  name: string;
  vat_id: string | null;
  country: string | null;
  always_review: boolean;
}

/** What an HTTP directory lookup says about a supplier. */
export interface SupplierEntry {
  name: string;
  vat_id: string | null;
  country: string | null;
  always_review: boolean;
}

/** The tenant-owned table suppliers, as the tenant (TenantDatabase, row-level security). */
@Injectable()
export class SupplierRepository {
  constructor(private readonly db: TenantDatabase) {}

  /** The tenant's suppliers with any of these lookup keys, in one query. */
  findByLookupKeys(tenantId: string, lookupKeys: string[]): Promise<SupplierRow[]> {
    return this.db.statement<SupplierRow>(
      tenantId,
      `SELECT supplier_id, lookup_key, name, vat_id, country, always_review FROM suppliers
        WHERE tenant_id = $1 AND lookup_key IN (SELECT jsonb_array_elements_text($2::jsonb))`,
      [tenantId, JSON.stringify(lookupKeys)],
    );
  }

  /**
   * Upsert of an HTTP lookup's answer on the unique (tenant, lookup key): concurrent refreshes of
   * the same supplier cannot collide. Returns the supplier id.
   */
  async upsertFromHttp(tenantId: string, lookupKey: string, entry: SupplierEntry): Promise<string> {
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
    return rows[0].supplier_id;
  }
}
