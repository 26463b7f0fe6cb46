import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ConfigurationView } from './configuration.view';

/** One reason (or warning) about a configuration: the field and why. */
export class ConfigurationProblemDto {
  @ApiProperty({ example: 'selections[0].module_id' }) field!: string;
  @ApiProperty({ example: 'module is disabled' }) reason!: string;
}

export class ConfigurationPageDto {
  @ApiProperty({ type: [ConfigurationView] }) items!: ConfigurationView[];
  @ApiProperty({ nullable: true, type: String, description: 'Pass as `cursor` for the next page; null on the last page.' }) next_cursor!: string | null;
}

export class ConfigurationReportDto {
  @ApiProperty() valid!: boolean;
  @ApiProperty({ type: [ConfigurationProblemDto], description: 'Every reason the configuration cannot be activated.' }) problems!: ConfigurationProblemDto[];
  @ApiProperty({ type: [ConfigurationProblemDto], description: 'Worth knowing, not blocking.' }) warnings!: ConfigurationProblemDto[];
  @ApiPropertyOptional({ type: ConfigurationView, description: 'The stored configuration after validation (stored drafts only).' }) configuration?: ConfigurationView;
}

export class ActivationDto {
  @ApiProperty({ format: 'uuid' }) activation_id!: string;
  @ApiProperty({ format: 'uuid' }) config_id!: string;
  @ApiProperty({ example: 'activate' }) kind!: string;
  @ApiProperty({ example: 'pending' }) state!: string;
  @ApiProperty() requested_by!: string;
  @ApiProperty({ format: 'date-time' }) requested_at!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) finished_at!: string | null;
  @ApiProperty({ nullable: true, type: String }) message!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'When every replica had closed its admission gate; runs arriving later waited for the switch (completed activations).' })
  gate_closed_at!: string | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Runs in flight on every replica when the gate closed; they finished on their version before the switch (completed activations).' })
  runs_drained!: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'From the gate closing on every replica to the switch, in ms (completed activations).' })
  switch_delay_ms!: number | null;
}

export class ActivationResultDto {
  @ApiProperty({ enum: ['activated', 'pending'], description: 'activated (200) or queued behind runs in flight (202).' }) state!: 'activated' | 'pending';
  @ApiProperty({ type: ConfigurationView }) configuration!: ConfigurationView;
  @ApiPropertyOptional({
    type: ActivationDto,
    description: 'The activation: pending (Location points at it), or completed with what the switch waited for (runs drained, switch delay).',
  })
  activation?: ActivationDto;
}

export class StageSelectionDto {
  @ApiProperty() module_id!: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) settings!: Record<string, unknown>;
}

export class SettingChangeDto {
  @ApiProperty() key!: string;
  @ApiProperty({ nullable: true, description: 'Value in version a (redacted like the views).' }) a!: unknown;
  @ApiProperty({ nullable: true, description: 'Value in version b (redacted like the views).' }) b!: unknown;
}

export class StageDiffDto {
  @ApiProperty() stage_id!: string;
  @ApiProperty({ type: StageSelectionDto, nullable: true }) a!: StageSelectionDto | null;
  @ApiProperty({ type: StageSelectionDto, nullable: true }) b!: StageSelectionDto | null;
  @ApiProperty() module_changed!: boolean;
  @ApiProperty({ type: [SettingChangeDto] }) settings_changes!: SettingChangeDto[];
}

export class ConfigurationDiffDto {
  @ApiProperty({ description: 'Version a.' }) a!: number;
  @ApiProperty({ description: 'Version b.' }) b!: number;
  @ApiProperty({ type: [StageDiffDto] }) stages!: StageDiffDto[];
}
