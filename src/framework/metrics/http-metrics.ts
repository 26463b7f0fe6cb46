import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Histogram } from 'prom-client';
import { MetricsService } from './metrics.service';

/** Label for requests that matched no route: one value, whatever the raw URL was. */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * HTTP request duration by method, route template and status, from a Fastify onResponse hook. The
 * route label is the template Fastify matched (`/api/v1/invoices/:id`), never the raw URL, so ids
 * and query strings do not explode the label set.
 */
@Injectable()
export class HttpMetrics implements OnModuleInit {
  private readonly duration: Histogram<'method' | 'route' | 'status_code'>;

  constructor(
    metrics: MetricsService,
    private readonly adapterHost: HttpAdapterHost,
  ) {
    this.duration = metrics.histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request duration by method, route template and status code.',
      labelNames: ['method', 'route', 'status_code'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    });
  }

  onModuleInit(): void {
    const adapter = this.adapterHost.httpAdapter as { getInstance?: () => unknown } | undefined;
    const fastify = adapter?.getInstance?.() as FastifyInstance | undefined;
    // Without an HTTP server (CLI, standalone contexts) there is nothing to measure.
    if (!fastify || typeof fastify.addHook !== 'function') return;
    fastify.addHook('onResponse', async (request: FastifyRequest, reply: FastifyReply) => {
      this.duration.observe(
        { method: request.method, route: request.routeOptions?.url ?? UNMATCHED_ROUTE, status_code: String(reply.statusCode) },
        reply.elapsedTime / 1000,
      );
    });
  }
}
