import { Inject, Injectable, Logger } from '@nestjs/common';
import { NotFoundError, ValidationError } from '../../errors';
import { AUTH_CLOCK, type Clock } from '../clock';
import type { Principal } from '../principal';
import { ROLES, type Role } from '../roles';
import { CredentialsError, CredentialsExpiredError } from '../auth-errors';
import { ApiKeyEntity } from './api-key.entity';
import { ApiKeyRepository, BOOTSTRAP_CREATOR } from './api-key.repository';
import { generateApiKey, hashSecret, parseApiKey, secretMatches } from './api-key-secret';

export interface CreateApiKeyInput {
  name: string;
  roles: Role[];
  tenantId?: string | null;
  expiresAt?: Date | null;
  createdBy: string;
}

/** last_used_at is written at most once per this interval per key, not on every request. */
export const LAST_USED_WRITE_INTERVAL_MS = 60_000;

const logger = new Logger('ApiKeys');

/** Creating, listing, revoking and checking API keys; shared by the HTTP API, the guard and the CLI. */
@Injectable()
export class ApiKeyService {
  /** When each key's last_used_at was last written by this process. */
  private readonly lastTouched = new Map<string, number>();

  constructor(
    private readonly keys: ApiKeyRepository,
    @Inject(AUTH_CLOCK) private readonly clock: Clock,
  ) {}

  /** Stores a new key and returns it with its secret: the only time the secret exists outside the caller. */
  async create(input: CreateApiKeyInput): Promise<{ entity: ApiKeyEntity; key: string }> {
    const roles = [...new Set(input.roles)];
    const invalid = roles.filter((role) => !(ROLES as readonly string[]).includes(role));
    if (roles.length === 0 || invalid.length > 0) {
      throw new ValidationError('The key needs at least one valid role.', [
        { field: 'roles', reason: `must be a non-empty list of ${ROLES.join(', ')}` },
      ]);
    }
    // A tenant that does not exist is refused by the insert (the foreign key; ApiKeyRepository).
    const tenantId = input.tenantId ?? null;
    if (input.expiresAt && input.expiresAt.getTime() <= this.clock.now().getTime()) {
      throw new ValidationError('The expiry lies in the past.', [{ field: 'expires_in_days', reason: 'must be in the future' }]);
    }
    const generated = generateApiKey();
    const entity = await this.keys.insert({
      prefix: generated.prefix,
      keyHash: generated.hash,
      name: input.name,
      tenantId,
      roles,
      expiresAt: input.expiresAt ?? null,
      createdBy: input.createdBy,
    });
    logger.log({ event: 'ApiKeyCreated', keyId: entity.id, prefix: entity.prefix, roles, tenantId, createdBy: input.createdBy }, 'API key created');
    return { entity, key: generated.key };
  }

  list(): Promise<ApiKeyEntity[]> {
    return this.keys.list();
  }

  /** `withinTenant`: a tenant-bound caller sees another tenant's key as missing. */
  async revoke(id: string, by: string, withinTenant?: string): Promise<void> {
    const key = await this.keys.findById(id);
    if (!key || (withinTenant !== undefined && key.tenantId !== withinTenant)) throw new NotFoundError(`API key ${id} does not exist.`);
    await this.keys.revoke(id, this.clock.now());
    logger.log({ event: 'ApiKeyRevoked', keyId: id, prefix: key.prefix, revokedBy: by }, 'API key revoked');
  }

  /** The principal a presented key stands for; a CredentialsError when it is unknown, revoked or expired. */
  async verify(presented: string): Promise<Principal> {
    const { prefix, secret } = parseApiKey(presented);
    const key = await this.keys.findByPrefix(prefix);
    // Hash even when no row matched, so timing does not tell whether a prefix exists.
    const matches = secretMatches(secret, key?.keyHash ?? '0'.repeat(64));
    if (!key || !matches) throw new CredentialsError('The API key is not valid.', 'invalid-signature', 'api-key');
    if (key.revokedAt) throw new CredentialsError('The API key has been revoked.', 'revoked', 'api-key');
    const now = this.clock.now();
    if (key.expiresAt && key.expiresAt.getTime() <= now.getTime()) {
      throw new CredentialsExpiredError('The API key has expired.', 'api-key');
    }
    this.recordUse(key.id, now);
    return {
      subject: `apikey:${key.prefix}`,
      roles: key.roles,
      tenantId: key.tenantId ?? undefined,
      issuedAt: key.createdAt,
      expiresAt: key.expiresAt ?? undefined,
      mechanism: 'api-key',
    };
  }

  /**
   * Makes BOOTSTRAP_ADMIN_API_KEY a valid admin key (stored hashed), or, when it is unset,
   * revokes the key a previous value created, so removing the variable really disables it.
   */
  async syncBootstrapKey(value: string | undefined): Promise<void> {
    const existing = await this.keys.findBootstrapKeys();
    const presented = value === undefined ? undefined : parseApiKey(value);
    const now = this.clock.now();
    for (const key of existing) {
      if (key.prefix !== presented?.prefix && !key.revokedAt) await this.keys.revoke(key.id, now);
    }
    if (!presented) return;
    const current = existing.find((key) => key.prefix === presented.prefix);
    if (current) {
      await this.keys.updateBootstrapKey(current.id, hashSecret(presented.secret));
    } else {
      await this.keys.insert({
        prefix: presented.prefix,
        keyHash: hashSecret(presented.secret),
        name: 'bootstrap admin key (BOOTSTRAP_ADMIN_API_KEY)',
        tenantId: null,
        roles: ['admin'],
        expiresAt: null,
        createdBy: BOOTSTRAP_CREATOR,
      });
    }
    logger.log({ event: 'BootstrapApiKeySynced' }, 'bootstrap admin API key is active');
  }

  /** Fire-and-forget: a failed last-used write must not fail the request it belongs to. */
  private recordUse(id: string, at: Date): void {
    const last = this.lastTouched.get(id);
    if (last !== undefined && at.getTime() - last < LAST_USED_WRITE_INTERVAL_MS) return;
    this.lastTouched.set(id, at.getTime());
    this.keys.touch(id, at, LAST_USED_WRITE_INTERVAL_MS).catch((error: unknown) => {
      logger.warn({ keyId: id, error: error instanceof Error ? error.message : String(error) }, 'could not record API key use');
    });
  }
}
