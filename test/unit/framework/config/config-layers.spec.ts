import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IsInt, IsOptional, IsString, Min } from 'class-validator';
import {
  baseKeyOf,
  ConfigSet,
  instanceKey,
  instanceLayers,
  instanceNames,
  layerOf,
  loadNamedInstance,
  loadNamedInstances,
  readFeeders,
  resolveLayers,
  Setting,
} from '../../../../src/framework/config';

class ExportConfig {
  @Setting({ env: 'EXPORT_URL', description: 'target' })
  @IsOptional()
  @IsString()
  url?: string;

  @Setting({ env: 'EXPORT_TIMEOUT_MS', description: 'timeout' })
  @IsInt()
  @Min(1)
  timeoutMs: number = 1000;
}

describe('configuration layering: base < instance < tenant', () => {
  const env = { EXPORT_URL: 'http://base', EXPORT_TIMEOUT_MS: '500', EXPORT__ERP__URL: 'http://erp', EXPORT__ARCHIVE__TIMEOUT_MS: '9000' };

  it('named instances read their own namespace above the base values', () => {
    const erp = loadNamedInstance(ExportConfig, 'EXPORT', 'erp', { env, envFile: false });
    expect(erp.config).toMatchObject({ url: 'http://erp', timeoutMs: 500 });
    expect(erp.provenance).toEqual({ EXPORT_URL: 'instance', EXPORT_TIMEOUT_MS: 'env' });
    const all = loadNamedInstances(ExportConfig, 'EXPORT', { env, envFile: false });
    expect([...all.keys()]).toEqual(['archive', 'erp']);
    expect(all.get('archive')?.config).toMatchObject({ url: 'http://base', timeoutMs: 9000 });
  });

  it('names the namespaced variable in a problem', () => {
    expect(() => loadNamedInstance(ExportConfig, 'EXPORT', 'erp', { env: { EXPORT__ERP__TIMEOUT_MS: 'soon' }, envFile: false })).toThrow(
      /EXPORT__ERP__TIMEOUT_MS \(from instance\): must be a number/,
    );
  });

  it('maps keys and names both ways', () => {
    expect(instanceKey('EXPORT', 'erp-main', 'EXPORT_URL')).toBe('EXPORT__ERP_MAIN__URL');
    expect(baseKeyOf('EXPORT__ERP_MAIN__URL')).toBe('EXPORT_URL');
    expect(baseKeyOf('EXPORT_URL')).toBeUndefined();
    expect(instanceNames('EXPORT', { EXPORT__ERP_MAIN__URL: 'x', OTHER__A__B: 'y' })).toEqual(['erp_main']);
  });

  it('a tenant layer overrides only what it sets, and provenance shows the layer', () => {
    const configs = ConfigSet.load([ExportConfig], { env, envFile: false });
    const instance = instanceLayers('EXPORT', 'erp', readFeeders({ env, envFile: false }).layers);
    const base = { base: configs.get(ExportConfig), baseProvenance: configs.provenance, instance };
    const tenantA = resolveLayers(ExportConfig, { ...base, tenant: { EXPORT_TIMEOUT_MS: 42 } });
    const tenantB = resolveLayers(ExportConfig, { ...base, tenant: {} });
    expect(tenantA.config).toMatchObject({ url: 'http://erp', timeoutMs: 42 });
    expect(tenantB.config).toMatchObject({ url: 'http://erp', timeoutMs: 500 });
    expect(Object.fromEntries(Object.entries(tenantA.provenance).map(([k, s]) => [k, layerOf(s)]))).toEqual({ EXPORT_URL: 'instance', EXPORT_TIMEOUT_MS: 'tenant' });
    expect(tenantB.provenance.EXPORT_TIMEOUT_MS).toBe('env');
    expect(resolveLayers(ExportConfig, { ...base, tenant: { EXPORT_TIMEOUT_MS: 0 } }).problems).toEqual([
      expect.objectContaining({ field: 'EXPORT_TIMEOUT_MS', source: 'tenant' }),
    ]);
  });

  it('a configuration file may hold instance keys of a declared component, and still refuses typos', () => {
    const dir = mkdtempSync(join(tmpdir(), 'layers-'));
    const good = join(dir, 'good.yaml');
    const typo = join(dir, 'typo.yaml');
    writeFileSync(good, 'EXPORT__ERP__URL: http://erp\n');
    writeFileSync(typo, 'EXPORT__ERP__URLX: http://erp\n');
    expect(() => ConfigSet.load([ExportConfig], { env: {}, envFile: false, configFile: good })).not.toThrow();
    expect(() => ConfigSet.load([ExportConfig], { env: {}, envFile: false, configFile: typo })).toThrow(/EXPORT__ERP__URLX \(from file\): is not a known setting/);
  });
});
