import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { MoreThan, QueryFailedError, Repository } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { ConflictError, NotFoundError } from '../errors';
import { TenantEntity, TenantOverrides } from './tenant.entity';

/** The tenants table. Uniqueness is the primary key's job: a duplicate insert is a 409. */
@Injectable()
export class TenantRepository {
  constructor(@InjectRepository(TenantEntity) private readonly tenants: Repository<TenantEntity>) {}

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
    try {
      await this.tenants.insert({ tenantId, name, config: config as QueryDeepPartialEntity<TenantOverrides> });
    } catch (error) {
      if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23505') {
        throw new ConflictError(`Tenant "${tenantId}" already exists.`, { cause: error });
      }
      throw error;
    }
    return this.get(tenantId);
  }

  /** Writes the given columns (updated_at follows) and returns the row, or 404. */
  async update(tenantId: string, changes: Partial<Pick<TenantEntity, 'name' | 'config' | 'disabledAt'>>): Promise<TenantEntity> {
    const result = await this.tenants.update({ tenantId }, changes as QueryDeepPartialEntity<TenantEntity>);
    if (!result.affected) throw new NotFoundError(`Tenant "${tenantId}" does not exist.`);
    return this.get(tenantId);
  }
}
