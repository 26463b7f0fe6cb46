import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { redactSettings } from '../../../framework/config/url-redaction';
import type { StageDiff } from '../configuration-diff';
import { CONFIGURATION_STATUSES, ConfigurationStatus, ModuleConfigurationEntity } from '../entities/module-configuration.entity';

export class SelectionView {
  @ApiProperty() stage_id!: string;
  @ApiProperty() module_id!: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Secret settings (e.g. auth_header) read "[REDACTED]"; URLs without query values.' })
  settings!: Record<string, unknown>;
}

export class ConfigurationView {
  @ApiProperty({ format: 'uuid' }) config_id!: string;
  @ApiProperty() version!: number;
  @ApiProperty({ enum: CONFIGURATION_STATUSES }) status!: ConfigurationStatus;
  @ApiProperty() created_by!: string;
  @ApiProperty({ format: 'date-time' }) created_at!: string;
  @ApiPropertyOptional({ format: 'date-time', nullable: true }) validated_at!: string | null;
  @ApiPropertyOptional({ format: 'date-time', nullable: true }) activated_at!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) summary!: string | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) based_on_version!: number | null;
  @ApiProperty({ type: [SelectionView] }) selections!: SelectionView[];

  static from(configuration: ModuleConfigurationEntity): ConfigurationView {
    return {
      config_id: configuration.configId,
      version: configuration.version,
      status: configuration.status,
      created_by: configuration.createdBy,
      created_at: configuration.createdAt.toISOString(),
      validated_at: configuration.validatedAt?.toISOString() ?? null,
      activated_at: configuration.activatedAt?.toISOString() ?? null,
      summary: configuration.summary,
      based_on_version: configuration.basedOnVersion,
      selections: (configuration.selections ?? [])
        .map((s) => ({ stage_id: s.stageId, module_id: s.moduleId, settings: redactSettings(s.settings) }))
        .sort((a, b) => a.stage_id.localeCompare(b.stage_id)),
    };
  }
}

/**
 * A diff as it may be shown: computed on the real values (so a changed secret still shows up as
 * changed), displayed with every secret and URL redacted like the configuration views.
 */
export function redactedDiff(stages: StageDiff[]): StageDiff[] {
  return stages.map((stage) => ({
    ...stage,
    a: stage.a ? { ...stage.a, settings: redactSettings(stage.a.settings) } : null,
    b: stage.b ? { ...stage.b, settings: redactSettings(stage.b.settings) } : null,
    settings_changes: stage.settings_changes.map((change) => ({ key: change.key, a: redactSettings(change.a, change.key), b: redactSettings(change.b, change.key) })),
  }));
}
