import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ConfigLayer, layerOf } from '../../config/layered-config';
import { settingsOf } from '../../config/setting.decorator';
import { displayValue } from '../../config/config-loader';
import { redactSettings } from '../../config/url-redaction';
import type { TenantContext } from '../tenant-context';
import { TenantConfig } from '../tenant.config';

export class TenantSettingView {
  @ApiProperty({ example: 'TENANT_APPROVAL_THRESHOLD' }) env!: string;
  @ApiProperty({ description: 'Effective value for this tenant.' }) value!: unknown;
  @ApiProperty({ enum: ['base', 'instance', 'tenant'], description: 'Layer that supplied the value.' }) layer!: ConfigLayer;
  @ApiProperty({ description: 'Feeder within the layer (default, file, dotenv, env, override, instance, tenant).' }) source!: string;
}

export class TenantView {
  @ApiProperty({ example: 'acme' }) tenantId!: string;
  @ApiProperty() name!: string;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) disabledAt!: string | null;
  @ApiProperty({ description: 'Overrides stored for the tenant (the tenant layer).' }) overrides!: Record<string, unknown>;
  @ApiProperty({ type: TenantSettingView, isArray: true, description: 'Merged configuration: base < instance < tenant.' })
  config!: TenantSettingView[];

  static from(tenant: TenantContext): TenantView {
    const config = tenant.config as unknown as Record<string, unknown>;
    return {
      tenantId: tenant.tenantId,
      name: tenant.name,
      createdAt: tenant.createdAt.toISOString(),
      updatedAt: tenant.updatedAt.toISOString(),
      disabledAt: tenant.disabledAt?.toISOString() ?? null,
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
