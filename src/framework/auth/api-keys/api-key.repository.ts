import { Injectable } from '@nestjs/common';
import { DataSource, IsNull, Repository } from 'typeorm';
import { withDatabaseErrors } from '../../errors';
import type { Role } from '../roles';
import { ApiKeyEntity } from './api-key.entity';

export interface NewApiKey {
  prefix: string;
  keyHash: string;
  name: string;
  tenantId: string | null;
  roles: Role[];
  expiresAt: Date | null;
  createdBy: string;
}

/** Database access for API keys; takes a DataSource so the CLI can use it without Nest. */
@Injectable()
export class ApiKeyRepository {
  private readonly keys: Repository<ApiKeyEntity>;

  constructor(private readonly dataSource: DataSource) {
    this.keys = dataSource.getRepository(ApiKeyEntity);
  }

  /** A key bound to a tenant that does not exist is refused by the foreign key: a 400 on tenant_id. */
  insert(key: NewApiKey): Promise<ApiKeyEntity> {
    return withDatabaseErrors(
      {
        api_keys_tenant_fk: { message: `Tenant ${key.tenantId} does not exist.`, field: 'tenant_id', reason: 'must name an existing tenant', as: 'validation' },
        api_keys_roles_valid: { message: 'The key needs at least one valid role.', field: 'roles', reason: 'must be a non-empty list of known roles' },
      },
      () => this.keys.save(this.keys.create({ ...key, revokedAt: null, lastUsedAt: null })),
    );
  }

  findByPrefix(prefix: string): Promise<ApiKeyEntity | null> {
    return this.keys.findOne({ where: { prefix } });
  }

  findById(id: string): Promise<ApiKeyEntity | null> {
    return this.keys.findOne({ where: { id } });
  }

  list(): Promise<ApiKeyEntity[]> {
    return this.keys.find({ order: { createdAt: 'DESC', id: 'ASC' } });
  }

  /** Sets revoked_at once; a second revocation keeps the first time. */
  async revoke(id: string, at: Date): Promise<void> {
    await this.keys.update({ id, revokedAt: IsNull() }, { revokedAt: at });
  }

  /** Records use, skipping the write when the stored time is less than `minIntervalMs` old. */
  async touch(id: string, at: Date, minIntervalMs: number): Promise<void> {
    await this.keys
      .createQueryBuilder()
      .update()
      .set({ lastUsedAt: at })
      .where('id = :id', { id })
      .andWhere('(last_used_at IS NULL OR last_used_at <= :threshold)', { threshold: new Date(at.getTime() - minIntervalMs) })
      .execute();
  }

  /** Keys created from BOOTSTRAP_ADMIN_API_KEY (created_by = 'bootstrap'). */
  findBootstrapKeys(): Promise<ApiKeyEntity[]> {
    return this.keys.find({ where: { createdBy: BOOTSTRAP_CREATOR } });
  }

  async updateBootstrapKey(id: string, keyHash: string): Promise<void> {
    await this.keys.update({ id }, { keyHash, roles: ['admin'], revokedAt: null, expiresAt: null });
  }

  /**
   * Inserts the first-run admin key unless a first-run key was ever stored or any key is active, under
   * a transaction-scoped advisory lock so replicas starting together store one. `beforeCommit` runs
   * inside the transaction (it writes the key file): when it throws, nothing is stored.
   */
  async insertFirstAdminKey(key: NewApiKey, now: Date, beforeCommit: (entity: ApiKeyEntity) => Promise<void>): Promise<ApiKeyEntity | null> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('invoice-service.first-admin-key'))`);
      const keys = manager.getRepository(ApiKeyEntity);
      if (await keys.exists({ where: { createdBy: FIRST_RUN_CREATOR } })) return null;
      const active = await keys
        .createQueryBuilder('key')
        .where('key.revoked_at IS NULL')
        .andWhere('(key.expires_at IS NULL OR key.expires_at > :now)', { now })
        .getExists();
      if (active) return null;
      const entity = await keys.save(keys.create({ ...key, createdBy: FIRST_RUN_CREATOR, revokedAt: null, lastUsedAt: null }));
      await beforeCommit(entity);
      return entity;
    });
  }

  /** Whether the first run ever stored its admin key (revoked or not). */
  firstAdminKeyExists(): Promise<boolean> {
    return this.keys.exists({ where: { createdBy: FIRST_RUN_CREATOR } });
  }
}

export const BOOTSTRAP_CREATOR = 'bootstrap';

/** created_by of the admin key the first start writes to DATA_DIR/admin-api-key. */
export const FIRST_RUN_CREATOR = 'first-run';
