import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { ModuleEntity } from '../../catalogue/entities/module.entity';
import { ProcessingStageEntity } from '../../catalogue/entities/processing-stage.entity';
import { ModuleConfigurationEntity } from './module-configuration.entity';

/** Which module runs a stage in a configuration, with its settings. One per stage. */
@Entity({ name: 'module_selections', comment: 'platform: part of a module configuration' })
@Unique('module_selections_one_per_stage', ['configId', 'stageId'])
@Check('module_selections_settings_object', `jsonb_typeof(settings) = 'object'`)
export class ModuleSelectionEntity {
  @PrimaryGeneratedColumn('uuid', { name: 'selection_id' })
  selectionId!: string;

  @Column({ name: 'config_id', type: 'uuid' })
  configId!: string;

  @ManyToOne(() => ModuleConfigurationEntity, (configuration) => configuration.selections, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'config_id', foreignKeyConstraintName: 'module_selections_config_fk' })
  configuration?: ModuleConfigurationEntity;

  @Column({ name: 'stage_id', type: 'text' })
  stageId!: string;

  @ManyToOne(() => ProcessingStageEntity, { nullable: false })
  @JoinColumn({ name: 'stage_id', foreignKeyConstraintName: 'module_selections_stage_fk' })
  stage?: ProcessingStageEntity;

  @Column({ name: 'module_id', type: 'text' })
  moduleId!: string;

  @ManyToOne(() => ModuleEntity, { nullable: false })
  @JoinColumn({ name: 'module_id', foreignKeyConstraintName: 'module_selections_module_fk' })
  module?: ModuleEntity;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  settings!: Record<string, unknown>;
}
