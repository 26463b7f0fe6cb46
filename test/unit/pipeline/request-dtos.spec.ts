import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { fieldErrors } from '../../../src/framework/http';
import { UpdateTenantDto } from '../../../src/framework/tenancy/dto/update-tenant.dto';
import { CONFIGURATION_CURSOR } from '../../../src/pipeline/configurations/configurations.service';
import { CreateConfigurationDto } from '../../../src/pipeline/configurations/dto/create-configuration.dto';
import { ListConfigurationsQuery } from '../../../src/pipeline/configurations/dto/list-configurations.query';
import { RollbackDto } from '../../../src/pipeline/configurations/dto/rollback.dto';
import { PutFallbackPolicyDto } from '../../../src/pipeline/fallback/dto/put-fallback-policy.dto';

/** The fields the global ValidationPipe would report for this body. */
async function failing<T extends object>(type: new () => T, body: unknown): Promise<string[]> {
  const errors = await validate(plainToInstance(type, body) as object, { whitelist: true, forbidNonWhitelisted: true });
  return [...new Set(fieldErrors(errors).map((e) => e.field))];
}

const selections = [{ stage_id: 'parse', module_id: 'einvoice-xml' }];

describe('request DTOs refuse what the database cannot hold', () => {
  it.each([2147483648, 1e20, 1.5, 0, -1, null, '3'])('based_on_version %p is refused', async (value) => {
    expect(await failing(CreateConfigurationDto, { based_on_version: value, selections })).toEqual(['based_on_version']);
  });

  it('accepts the largest int4 version and an absent one', async () => {
    expect(await failing(CreateConfigurationDto, { based_on_version: 2147483647, selections })).toEqual([]);
    expect(await failing(CreateConfigurationDto, { selections })).toEqual([]);
  });

  it.each([1e20, 2147483648, null, 'latest'])('to_version %p is refused', async (value) => {
    expect(await failing(RollbackDto, { to_version: value })).toEqual(['to_version']);
  });

  it('lists both missing objects of a fallback policy sent as {}', async () => {
    expect(await failing(PutFallbackPolicyDto, {})).toEqual(['trigger_conditions', 'actions']);
  });

  it('refuses non-objects where a fallback policy expects objects', async () => {
    const fields = await failing(PutFallbackPolicyDto, { trigger_conditions: 'x', actions: [] });
    expect(fields).toEqual(expect.arrayContaining(['trigger_conditions', 'actions']));
  });

  it('refuses a configuration cursor naming a version beyond the int4 version column', async () => {
    const forged = Buffer.from(JSON.stringify({ v: 1, k: 'configurations', p: [2147483648] })).toString('base64url');
    expect(() => CONFIGURATION_CURSOR.decode(forged)).toThrow(expect.objectContaining({ errors: [expect.objectContaining({ field: 'cursor' })] }));
    expect(CONFIGURATION_CURSOR.decode(CONFIGURATION_CURSOR.encode([2147483647]))).toEqual([2147483647]);
    // The cursor is opaque to the DTO: it is checked when it is decoded.
    expect(await failing(ListConfigurationsQuery, { cursor: CONFIGURATION_CURSOR.encode([12]) })).toEqual([]);
  });

  it('refuses a null tenant name instead of passing it on', async () => {
    expect(await failing(UpdateTenantDto, { name: null })).toEqual(['name']);
    expect(await failing(UpdateTenantDto, {})).toEqual([]);
  });
});
