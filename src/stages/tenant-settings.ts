import { Injectable } from '@nestjs/common';
import { layerOf, settingsOf } from '../framework/config';
import { TenantConfig, TenantRegistry } from '../framework/tenancy';

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

  /** Tenant's own value, else the selection's, else the platform's. */
  async resolve<K extends keyof TenantConfig>(tenantId: string, key: K, selection: TenantConfig[K] | undefined): Promise<TenantConfig[K] | undefined> {
    // A tenant that no longer exists has no values of its own: the selection's applies.
    const tenant = await this.registry.get(tenantId);
    if (!tenant) return selection;
    const source = tenant.provenance[ENV_OF.get(key) ?? ''] ?? 'default';
    if (layerOf(source) === 'tenant') return tenant.config[key];
    return selection ?? tenant.config[key];
  }
}
