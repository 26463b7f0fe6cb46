import { Injectable } from '@nestjs/common';
import type { FieldError } from '../errors';
import { ConfigSet } from '../config/config-set';
import { FeederLayer, readFeeders } from '../config/config-loader';
import { InstanceConfig } from '../config/instance.config';
import { LoadedConfig } from '../config/config-loader';
import { resolveLayers } from '../config/layered-config';
import { instanceLayers } from '../config/named-instances';
import { settingsOf } from '../config/setting.decorator';
import { TENANT_CONFIG_PREFIX, TenantConfig } from './tenant.config';
import type { TenantOverrides } from './tenant.entity';

/**
 * Merges TenantConfig for one tenant: base (the live TenantConfig of ConfigSet, so a base reload
 * is seen) < instance (`TENANT__<INSTANCE_ID>__<FIELD>` in the same feeders) < tenant (the row's
 * overrides). Overrides are validated here, against exactly the TenantConfig fields.
 */
@Injectable()
export class TenantConfigResolver {
  private instance: FeederLayer[] = [];
  private readonly overridable: ReadonlySet<string> = new Set(settingsOf(TenantConfig).map((s) => s.env));

  constructor(
    private readonly configs: ConfigSet,
    private readonly instanceConfig: InstanceConfig,
  ) {
    this.refreshInstanceLayer();
  }

  /** Re-reads the instance namespace from the feeders (after a configuration reload). */
  refreshInstanceLayer(): void {
    this.instance = instanceLayers(TENANT_CONFIG_PREFIX, this.instanceConfig.instanceId, readFeeders(this.configs.loadOptions).layers);
  }

  /** The merged configuration; overrides that no longer validate are left out (and reported). */
  merge(overrides: TenantOverrides): LoadedConfig<TenantConfig> & { rejected: FieldError[] } {
    const input = { base: this.configs.get(TenantConfig), baseProvenance: this.configs.provenance, instance: this.instance };
    const merged = resolveLayers(TenantConfig, { ...input, tenant: overrides });
    if (merged.problems.length === 0) return { config: merged.config, provenance: merged.provenance, rejected: [] };
    const bad = new Set(merged.problems.map((p) => p.field));
    const kept = Object.fromEntries(Object.entries(overrides).filter(([key]) => !bad.has(key)));
    const fallback = resolveLayers(TenantConfig, { ...input, tenant: kept });
    return { config: fallback.config, provenance: fallback.provenance, rejected: merged.problems.map(({ field, reason }) => ({ field, reason })) };
  }

  /**
   * Problems of an overrides object, field names prefixed with `config.`: unknown keys (only
   * TenantConfig fields are tenant-overridable) and values the field rules refuse.
   */
  validate(overrides: TenantOverrides): FieldError[] {
    const problems: FieldError[] = Object.keys(overrides)
      .filter((key) => !this.overridable.has(key))
      .map((key) => ({ field: `config.${key}`, reason: `is not a tenant-overridable setting (allowed: ${[...this.overridable].join(', ')})` }));
    const known = Object.fromEntries(Object.entries(overrides).filter(([key]) => this.overridable.has(key)));
    const merged = resolveLayers(TenantConfig, { base: this.configs.get(TenantConfig), baseProvenance: this.configs.provenance, instance: this.instance, tenant: known });
    problems.push(...merged.problems.map((p) => ({ field: `config.${p.field}`, reason: p.reason })));
    return problems;
  }
}
