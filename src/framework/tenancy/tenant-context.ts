import { ContextId, ContextIdFactory } from '@nestjs/core';
import type { ConfigSource } from '../config/config-loader';
import type { TenantConfig } from './tenant.config';
import type { TenantOverrides } from './tenant.entity';

/**
 * The tenant a request acts for: id, merged configuration (base < instance < tenant) and creation
 * time. One object per tenant per application, kept for the life of the process and refreshed in
 * place (like the configuration instances), so durable tenant-scoped services that received it
 * once always see the current values.
 */
export class TenantContext {
  /** Merged configuration; replaced as a whole on refresh, so a reader never sees half an update. */
  config!: Readonly<TenantConfig>;
  /** Winning feeder per TenantConfig field (`layerOf` gives base, instance or tenant). */
  provenance!: Readonly<Record<string, ConfigSource>>;
  name!: string;
  overrides!: Readonly<TenantOverrides>;
  disabledAt!: Date | null;
  updatedAt!: Date;
  /** Nest context id of this tenant's durable sub-tree (see TenantContextIdStrategy). */
  readonly durableContextId: ContextId;

  constructor(
    readonly tenantId: string,
    readonly createdAt: Date,
  ) {
    this.durableContextId = ContextIdFactory.create();
  }

  get disabled(): boolean {
    return this.disabledAt !== null;
  }
}
