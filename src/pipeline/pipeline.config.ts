import { IsBoolean, IsInt, IsString, Max, Min } from 'class-validator';
import { Setting } from '../framework/config';

export class PipelineConfig {
  @Setting({
    env: 'CONFIG_ACTIVATION_DRAIN_TIMEOUT_MS',
    description: 'How long a queued configuration activation waits for in-flight runs to finish before it fails.',
    dynamic: true,
  })
  @IsInt()
  @Min(100)
  @Max(600000)
  activationDrainTimeoutMs: number = 30000;

  @Setting({
    env: 'CONFIG_GATE_LEASE_MS',
    description:
      'Lease of a replica in the cluster-wide activation gate, renewed every third of it. An activation waits for the acknowledgement of every replica whose lease runs; a replica that cannot renew it admits no new run.',
  })
  @IsInt()
  @Min(1000)
  @Max(600000)
  gateLeaseMs: number = 10000;

  @Setting({
    env: 'CHANGE_APPROVALS_REQUIRED',
    description:
      'Approvals (by maintainers other than the author) a change request needs before its configuration is activated. With 1 or more, activation and rollback go through change requests (POST /configurations/{id}/activate is refused); 0 suits single-operator installs (a change request is approved on submission, direct activation allowed).',
    dynamic: true,
  })
  @IsInt()
  @Min(0)
  @Max(5)
  changeApprovalsRequired: number = 1;

  @Setting({
    env: 'CHANGE_FAST_ROLLBACK',
    description: 'Allow POST /configurations/rollback (and rollback change requests) without approvals even when CHANGE_APPROVALS_REQUIRED is 1 or more.',
    dynamic: true,
  })
  @IsBoolean()
  changeFastRollback: boolean = false;

  @Setting({ env: 'CHANGE_SCHEDULE_CRON', description: 'Cron expression (UTC) of the job that activates approved change requests whose activation time has come.' })
  @IsString()
  changeScheduleCron: string = '*/5 * * * * *';

  @Setting({ env: 'SHADOW_RUN_WORKER_CRON', description: 'Cron expression (UTC) of the job that takes up queued shadow runs and those whose replica died.' })
  @IsString()
  shadowRunWorkerCron: string = '*/5 * * * * *';

  @Setting({ env: 'SHADOW_RUN_LEASE_MS', description: "A shadow run's lease, renewed by its replica every third of it; a dead replica's shadow run is taken over after it." })
  @IsInt()
  @Min(1000)
  @Max(600000)
  shadowRunLeaseMs: number = 10000;

  @Setting({ env: 'SHADOW_RUN_MAX_INVOICES', description: 'Most invoices one shadow run reads (last N or a date range are cut to it).' })
  @IsInt()
  @Min(1)
  @Max(500)
  shadowRunMaxInvoices: number = 200;
}
