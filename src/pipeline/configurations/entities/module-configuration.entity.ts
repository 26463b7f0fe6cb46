import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, OneToMany, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { ModuleSelectionEntity } from './module-selection.entity';

export const CONFIGURATION_STATUSES = ['draft', 'validated', 'active', 'superseded', 'rejected', 'rolled_back'] as const;
export type ConfigurationStatus = (typeof CONFIGURATION_STATUSES)[number];

/**
 * A versioned selection of modules and settings across stages. Versions are never overwritten:
 * a change is a new draft. The migration also installs triggers that refuse disallowed status
 * transitions and any commit that leaves no active configuration.
 */
@Entity({ name: 'module_configurations', comment: 'platform: one active configuration governs every tenant' })
@Unique('module_configurations_version_unique', ['version'])
@Check('module_configurations_status_valid', `status IN ('draft', 'validated', 'active', 'superseded', 'rejected', 'rolled_back')`)
// Partial unique index: at most one active configuration. Owned by the migration.
@Index('module_configurations_one_active', { synchronize: false })
@Index('module_configurations_status_idx', ['status', 'version'])
export class ModuleConfigurationEntity {
  @PrimaryGeneratedColumn('uuid', { name: 'config_id' })
  configId!: string;

  /** Monotonic, from a sequence: the database hands out versions, never the application. */
  @Column({ type: 'integer', default: () => "nextval('module_configuration_version_seq')" })
  version!: number;

  @Column({ type: 'text', default: 'draft' })
  status!: ConfigurationStatus;

  @Column({ name: 'created_by', type: 'text' })
  createdBy!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'validated_at', type: 'timestamptz', nullable: true })
  validatedAt!: Date | null;

  @Column({ name: 'activated_at', type: 'timestamptz', nullable: true })
  activatedAt!: Date | null;

  @Column({ type: 'text', nullable: true })
  summary!: string | null;

  @Column({ name: 'based_on_version', type: 'integer', nullable: true })
  basedOnVersion!: number | null;

  @ManyToOne(() => ModuleConfigurationEntity, { nullable: true })
  @JoinColumn({ name: 'based_on_version', referencedColumnName: 'version', foreignKeyConstraintName: 'module_configurations_based_on_fk' })
  basedOn?: ModuleConfigurationEntity | null;

  @OneToMany(() => ModuleSelectionEntity, (selection) => selection.configuration)
  selections?: ModuleSelectionEntity[];
}
