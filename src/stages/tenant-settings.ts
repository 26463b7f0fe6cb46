import { Injectable } from '@nestjs/common';
import { layerOf, settingsOf } from '../framework/config';
import { TenantConfig, TenantRegistry } from '../framework/tenancy';

/** A tenant setting's value, and whether the tenant's own row set it (tenant layer). */
export interface TenantSetting<T> {
  value: T;
  own: boolean;
}

const ENV_OF = new Map(settingsOf(TenantConfig).map((s) => [s.property, s.env]));

/**
 * The tenant settings stage modules consult (TENANT_APPROVAL_THRESHOLD, TENANT_WEBHOOK_URL),
 * from the tenant registry's cache. The stage modules apply one precedence for them: a value the
 * tenant set for itself beats the selection's settings, which beat the platform's value (base or
 * instance layer).
 */
@Injectable()
export class TenantSettings {
  constructor(private readonly registry: TenantRegistry) {}

  /** undefined when the tenant does not exist (any more). */
  async get<K extends keyof TenantConfig>(tenantId: string, key: K): Promise<TenantSetting<TenantConfig[K]> | undefined> {
    const tenant = await this.registry.get(tenantId);
    if (!tenant) return undefined;
    const source = tenant.provenance[ENV_OF.get(key) ?? ''] ?? 'default';
    return { value: tenant.config[key], own: layerOf(source) === 'tenant' };
  }

  /** Tenant's own value, else the selection's, else the platform's. */
  async resolve<K extends keyof TenantConfig>(tenantId: string, key: K, selection: TenantConfig[K] | undefined): Promise<TenantConfig[K] | undefined> {
    const setting = await this.get(tenantId, key);
    if (setting?.own) return setting.value;
    return selection ?? setting?.value;
  }
}
