import { Injectable } from '@nestjs/common';
import { DataSource, MoreThan, Repository } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { NotFoundError, withDatabaseErrors } from '../errors';
import { TenantEntity, TenantOverrides } from './tenant.entity';

/** The tenants table. Uniqueness is the primary key's job: a duplicate insert is a 409. */
@Injectable()
export class TenantRepository {
  private readonly tenants: Repository<TenantEntity>;

  constructor(dataSource: DataSource) {
    this.tenants = dataSource.getRepository(TenantEntity);
  }

  find(tenantId: string): Promise<TenantEntity | null> {
    return this.tenants.findOneBy({ tenantId });
  }

  async get(tenantId: string): Promise<TenantEntity> {
    const tenant = await this.find(tenantId);
    if (!tenant) throw new NotFoundError(`Tenant "${tenantId}" does not exist.`);
    return tenant;
  }

  /** Keyset page ordered by id. */
  list(after: string | undefined, limit: number): Promise<TenantEntity[]> {
    return this.tenants.find({ where: after ? { tenantId: MoreThan(after) } : {}, order: { tenantId: 'ASC' }, take: limit });
  }

  async create(tenantId: string, name: string, config: TenantOverrides): Promise<TenantEntity> {
    await withDatabaseErrors(
      { tenants_pkey: { message: `Tenant "${tenantId}" already exists.`, field: 'tenant_id', reason: 'is taken by another tenant' } },
      () => this.tenants.insert({ tenantId, name, config: config as QueryDeepPartialEntity<TenantOverrides> }),
    );
    return this.get(tenantId);
  }

  /** Writes the given columns (updated_at follows) and returns the row, or 404. */
  async update(tenantId: string, changes: Partial<Pick<TenantEntity, 'name' | 'config' | 'disabledAt'>>): Promise<TenantEntity> {
    const result = await this.tenants.update({ tenantId }, changes as QueryDeepPartialEntity<TenantEntity>);
    if (!result.affected) throw new NotFoundError(`Tenant "${tenantId}" does not exist.`);
    return this.get(tenantId);
  }
}
