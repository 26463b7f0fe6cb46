import { IsInt, Max, Min } from 'class-validator';
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
}
