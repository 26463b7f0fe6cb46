import { Global, Module } from '@nestjs/common';
import { Clock } from '../scheduler/clock';
import { EventMetrics } from './event-metrics';
import { HttpMetrics } from './http-metrics';
import { MetricsController } from './metrics.controller';
import { MetricsService } from './metrics.service';

/** Prometheus registry, `/metrics` and the HTTP duration histogram; global so any module can add metrics. */
@Global()
@Module({
  controllers: [MetricsController],
  providers: [MetricsService, HttpMetrics, EventMetrics, Clock],
  exports: [MetricsService],
})
export class MetricsModule {}
