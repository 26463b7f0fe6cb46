import { IsBoolean, IsOptional, IsString, MinLength } from 'class-validator';
import { Setting } from '../config';

/** Prometheus endpoint settings. */
export class MetricsConfig {
  @Setting({
    env: 'METRICS_TOKEN',
    description: 'Bearer token required on GET /metrics; unset: /metrics is public like the probes.',
    secret: true,
  })
  @IsOptional()
  @IsString()
  @MinLength(16)
  metricsToken?: string;

  @Setting({ env: 'METRICS_DEFAULT_ENABLED', description: 'Collect the default Node.js process metrics (CPU, memory, event loop, GC).' })
  @IsBoolean()
  metricsDefaultEnabled: boolean = true;
}
