import { ApiProperty } from '@nestjs/swagger';
import { ConfigLayer, layerOf } from '../../config/layered-config';
import { settingsOf } from '../../config/setting.decorator';
import { displayValue } from '../../config/config-loader';
import { redactSettings } from '../../config/url-redaction';
import type { TenantContext } from '../tenant-context';
import { TenantConfig } from '../tenant.config';

export class TenantSettingView {
  @ApiProperty({ example: 'TENANT_APPROVAL_THRESHOLD' }) env!: string;
  @ApiProperty({ description: 'Effective value for this tenant.', nullable: true }) value!: unknown;
  @ApiProperty({ enum: ['base', 'instance', 'tenant'], description: 'Layer that supplied the value.' }) layer!: ConfigLayer;
  @ApiProperty({ description: 'Feeder within the layer (default, file, dotenv, env, override, instance, tenant).' }) source!: string;
}

export class TenantView {
  @ApiProperty({ example: 'acme' }) tenant_id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ format: 'date-time' }) created_at!: string;
  @ApiProperty({ format: 'date-time' }) updated_at!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) disabled_at!: string | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'Overrides stored for the tenant (the tenant layer), keyed by setting name (e.g. TENANT_WEBHOOK_URL).',
    example: { TENANT_APPROVAL_THRESHOLD: '5000.00' },
  }) overrides!: Record<string, unknown>;
  @ApiProperty({ type: TenantSettingView, isArray: true, description: 'Merged configuration: base < instance < tenant.' })
  config!: TenantSettingView[];

  static from(tenant: TenantContext): TenantView {
    const config = tenant.config as unknown as Record<string, unknown>;
    return {
      tenant_id: tenant.tenantId,
      name: tenant.name,
      created_at: tenant.createdAt.toISOString(),
      updated_at: tenant.updatedAt.toISOString(),
      disabled_at: tenant.disabledAt?.toISOString() ?? null,
      overrides: redactedOverrides(tenant.overrides),
      config: settingsOf(TenantConfig).map((setting) => {
        const source = tenant.provenance[setting.env] ?? 'default';
        return { env: setting.env, value: displayValue(setting, config[setting.property]) ?? null, layer: layerOf(source), source };
      }),
    };
  }
}

const SETTING_BY_ENV = new Map(settingsOf(TenantConfig).map((setting) => [setting.env, setting]));

/** Stored overrides as they may be shown: secret settings redacted, URLs without userinfo or query values. */
function redactedOverrides(overrides: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(overrides).map(([env, value]) => {
      const setting = SETTING_BY_ENV.get(env);
      return [env, setting ? displayValue(setting, value) : redactSettings(value, env)];
    }),
  );
}
