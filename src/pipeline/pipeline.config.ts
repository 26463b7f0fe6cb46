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
}
