import { DataSource } from 'typeorm';
import { runApiKeyCommand } from '../../../../../src/cli/apikey-command';
import { ApiKeyRepository } from '../../../../../src/framework/auth/api-keys/api-key.repository';
import { ApiKeyService, LAST_USED_WRITE_INTERVAL_MS } from '../../../../../src/framework/auth/api-keys/api-key.service';
import { ApiKeyEntity } from '../../../../../src/framework/auth/api-keys/api-key.entity';
import { CredentialsError, CredentialsExpiredError } from '../../../../../src/framework/auth/auth-errors';
import { ValidationError } from '../../../../../src/framework/errors';
import { eventually } from '../../../../support/eventually';
import { useMigratedDatabase } from '../../../../support/migrated-data-source';

describe('API keys on a real database', () => {
  const database = useMigratedDatabase();
  let dataSource: DataSource;
  let service: ApiKeyService;
  let now: number;
  const clock = { now: () => new Date(now) };
  const keys = () => dataSource.getRepository(ApiKeyEntity);

  beforeAll(async () => {
    dataSource = database.dataSource;
    service = new ApiKeyService(new ApiKeyRepository(dataSource), clock);
  });

  beforeEach(() => {
    now = Date.parse('2026-06-01T10:00:00Z');
  });

  /** last_used_at is written fire-and-forget; poll the row until the condition holds. */
  async function lastUsedOf(id: string, until: (value: Date | null) => boolean): Promise<Date | null> {
    const found = await eventually(async () => {
      const value = (await keys().findOneByOrFail({ id })).lastUsedAt;
      return until(value) ? { value } : undefined;
    }, { describe: 'last_used_at to be written' });
    return found.value;
  }

  it('stores only the hash, verifies the key, and records use at most once a minute', async () => {
    const { entity, key } = await service.create({ name: 'erp', roles: ['submitter'], tenantId: 'default', createdBy: 'test' });
    const row = await keys().findOneByOrFail({ id: entity.id });
    expect(row.keyHash).toMatch(/^[0-9a-f]{64}$/);
    // The secret is everything after `isk_<prefix>_`; it may itself hold '_' (base64url), so not split('_')[2].
    const secret = key.slice(`isk_${entity.prefix}_`.length);
    expect(secret.length).toBeGreaterThanOrEqual(16);
    expect(JSON.stringify(row)).not.toContain(secret);

    expect(await service.verify(key)).toMatchObject({ subject: `apikey:${entity.prefix}`, roles: ['submitter'], tenantId: 'default', mechanism: 'api-key' });
    const first = await lastUsedOf(entity.id, (v) => v !== null);
    expect(first?.getTime()).toBe(now);

    now += 10_000;
    await service.verify(key);
    now += LAST_USED_WRITE_INTERVAL_MS;
    await service.verify(key);
    const second = await lastUsedOf(entity.id, (v) => v !== null && v.getTime() !== first!.getTime());
    expect(second?.getTime()).toBe(now);
  });

  it('refuses wrong secrets, revoked keys and expired keys (expired distinctly)', async () => {
    const { entity, key } = await service.create({
      name: 'short',
      roles: ['auditor'],
      expiresAt: new Date(now + 60_000),
      createdBy: 'test',
    });
    await expect(service.verify(key.slice(0, -1) + (key.endsWith('A') ? 'B' : 'A'))).rejects.toMatchObject({ reason: 'invalid-signature' });
    now += 61_000;
    await expect(service.verify(key)).rejects.toBeInstanceOf(CredentialsExpiredError);
    await service.revoke(entity.id, 'test');
    await expect(service.verify(key)).rejects.toMatchObject({ reason: 'revoked' });
    await expect(service.verify('isk_ffffffffffff_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')).rejects.toBeInstanceOf(CredentialsError);
  });

  it('refuses keys for unknown tenants and invalid roles, in the service and in the database', async () => {
    await expect(service.create({ name: 'x', roles: ['submitter'], tenantId: 'nobody', createdBy: 't' })).rejects.toBeInstanceOf(ValidationError);
    await expect(service.create({ name: 'x', roles: [], createdBy: 't' })).rejects.toBeInstanceOf(ValidationError);
    await expect(
      dataSource.query(`INSERT INTO api_keys (prefix, key_hash, name, roles, created_by) VALUES ('abcd', repeat('a', 64), 'x', ARRAY['root'], 't')`),
    ).rejects.toThrow(/api_keys_roles_valid/);
    await expect(
      dataSource.query(`INSERT INTO api_keys (prefix, key_hash, name, roles, created_by) VALUES ('abcd', repeat('a', 64), 'x', ARRAY[]::text[], 't')`),
    ).rejects.toThrow(/api_keys_roles_valid/);
  });

  it('syncs BOOTSTRAP_ADMIN_API_KEY: active when set, replaced when changed, revoked when unset', async () => {
    const first = 'first-bootstrap-value-0123456789-abcdef';
    const second = 'second-bootstrap-value-0123456789-abcdef';
    await service.syncBootstrapKey(first);
    expect(await service.verify(first)).toMatchObject({ roles: ['admin'], tenantId: undefined });
    await service.syncBootstrapKey(second);
    await expect(service.verify(first)).rejects.toBeInstanceOf(CredentialsError);
    expect((await service.verify(second)).roles).toEqual(['admin']);
    await service.syncBootstrapKey(undefined);
    await expect(service.verify(second)).rejects.toMatchObject({ reason: 'revoked' });
    await service.syncBootstrapKey(second);
    expect((await service.verify(second)).roles).toEqual(['admin']);
  });

  it('creates a key from the CLI and prints it once', async () => {
    const saved = process.env.DATABASE_URL;
    process.env.DATABASE_URL = database.url;
    const lines: string[] = [];
    try {
      expect(await runApiKeyCommand(['--role', 'operator', '--expires-in-days', '7'], (line) => lines.push(line))).toBe(0);
    } finally {
      if (saved === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = saved;
    }
    const key = lines.find((line) => line.startsWith('isk_'))!;
    expect(lines.filter((line) => line.includes(key.split('_').slice(2).join('_')))).toHaveLength(1);
    now = Date.now();
    expect(await service.verify(key)).toMatchObject({ roles: ['operator'], mechanism: 'api-key' });
    expect(await runApiKeyCommand(['--role', 'root'], () => undefined)).toBe(2);
  });
});
