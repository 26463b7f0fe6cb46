import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

/**
 * The one way the service touches tenant-owned tables: a transaction whose `app.tenant_id`
 * setting (transaction-local, set_config(…, true)) names the tenant, so the row-level security
 * policies show and accept only that tenant's rows. The setting ends with the transaction and
 * never leaks to the next user of the pooled connection.
 */
@Injectable()
export class TenantDatabase {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(tenantId: string, work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenantId]);
      return work(manager);
    });
  }
}
