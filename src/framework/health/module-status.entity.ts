import { Check, Column, Entity, PrimaryColumn } from 'typeorm';
import type { HealthStatus } from './health-status';
import { PLATFORM_TABLE_COMMENT } from './platform-table';

/** Latest status per module, written when the status changes (platform-level: no tenant_id). */
@Entity({ name: 'health_module_status', comment: PLATFORM_TABLE_COMMENT })
@Check('health_module_status_status_valid', `status IN ('healthy', 'degraded', 'unhealthy')`)
export class ModuleStatusEntity {
  @PrimaryColumn({ name: 'module_name', type: 'text' })
  moduleName!: string;

  @Column({ type: 'text' })
  status!: HealthStatus;

  @Column({ type: 'text' })
  message!: string;

  @Column({ type: 'boolean' })
  optional!: boolean;

  @Column({ name: 'last_changed_at', type: 'timestamptz' })
  lastChangedAt!: Date;
}
