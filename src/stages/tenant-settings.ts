import { Injectable } from '@nestjs/common';
import { layerOf, settingsOf } from '../framework/config';
import { TenantConfig, TenantRegistry } from '../framework/tenancy';

const ENV_OF = new Map(settingsOf(TenantConfig).map((s) => [s.property, s.env]));

/** Where a webhook delivery goes, with the Authorization header configured next to that URL. */
export interface WebhookTarget {
  url?: string;
  authorization?: string;
}

/**
 * The tenant settings stage modules consult (TENANT_APPROVAL_THRESHOLD, TENANT_WEBHOOK_URL and its
 * TENANT_WEBHOOK_AUTH_HEADER),
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

  /**
   * The webhook URL by the same precedence as resolve(), paired with the Authorization header of
   * the layer that supplied it: a secret configured for one URL is never sent to another (a
   * tenant's own URL gets only the tenant's own header, the selection's URL the selection's).
   */
  async webhookTarget(tenantId: string, selection: WebhookTarget): Promise<WebhookTarget> {
    const tenant = await this.registry.get(tenantId);
    if (!tenant) return selection.url ? selection : {};
    const own = (key: keyof TenantConfig) => layerOf(tenant.provenance[ENV_OF.get(key) ?? ''] ?? 'default') === 'tenant';
    if (own('webhookUrl')) return { url: tenant.config.webhookUrl, authorization: own('webhookAuthHeader') ? tenant.config.webhookAuthHeader : undefined };
    if (selection.url) return selection;
    return { url: tenant.config.webhookUrl, authorization: own('webhookAuthHeader') ? undefined : tenant.config.webhookAuthHeader };
  }
}
