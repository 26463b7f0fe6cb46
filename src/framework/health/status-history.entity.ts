import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { HealthStatus } from './health-status';
import { PLATFORM_TABLE_COMMENT } from './platform-table';

/** One row per status change of a module (platform-level: no tenant_id). */
@Entity({ name: 'health_status_history', comment: PLATFORM_TABLE_COMMENT })
@Check('health_status_history_status_valid', `status IN ('healthy', 'degraded', 'unhealthy')`)
@Check('health_status_history_previous_valid', `previous_status IN ('healthy', 'degraded', 'unhealthy')`)
@Index('health_status_history_module_changed_idx', ['moduleName', 'changedAt'])
export class StatusHistoryEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'module_name', type: 'text' })
  moduleName!: string;

  @Column({ type: 'text' })
  status!: HealthStatus;

  @Column({ name: 'previous_status', type: 'text', nullable: true })
  previousStatus!: HealthStatus | null;

  @Column({ type: 'text' })
  message!: string;

  @Column({ name: 'changed_at', type: 'timestamptz' })
  changedAt!: Date;
}
