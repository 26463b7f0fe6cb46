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
    env: 'CONFIG_ACTIVE_VERSION_CACHE_MS',
    description:
      'How long a process reuses the active configuration version it read for new runs. An activation in this process applies to the next run at once; one made through another replica applies here within this time.',
    dynamic: true,
  })
  @IsInt()
  @Min(0)
  @Max(60000)
  activeVersionCacheMs: number = 1000;
}
