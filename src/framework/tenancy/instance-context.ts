import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InstanceConfig } from '../config/instance.config';
import { MetricsService } from '../metrics/metrics.service';

/**
 * This replica's identity (INSTANCE_ID) in metrics: the info gauge
 * `service_instance_info{instance_id="…"} 1`, the Prometheus way to attach an identity without
 * adding a label to every series (a default label would change every existing series and
 * dashboard; join on the info metric instead). Logs carry it as the pino base field `instanceId`,
 * lifecycle events as `instanceId` (set where those are built).
 */
@Injectable()
export class InstanceContext implements OnModuleInit {
  private readonly logger = new Logger('Instance');

  constructor(
    readonly config: InstanceConfig,
    private readonly metrics: MetricsService,
  ) {}

  get instanceId(): string {
    return this.config.instanceId;
  }

  onModuleInit(): void {
    this.metrics
      .gauge({ name: 'service_instance_info', help: 'Identity of this replica (INSTANCE_ID); always 1.', labelNames: ['instance_id'] as const })
      .set({ instance_id: this.instanceId }, 1);
    this.logger.log(`instance ${this.instanceId}`);
  }
}
