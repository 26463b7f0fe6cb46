import { createHash, timingSafeEqual } from 'node:crypto';
import { Controller, Get, Headers, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth';
import { AuthenticationError } from '../errors';
import { ApiProblems } from '../openapi';
import { MetricsConfig } from './metrics.config';
import { MetricsService } from './metrics.service';

/**
 * `GET /metrics` for Prometheus. Public unless METRICS_TOKEN is set; then the scraper sends
 * `Authorization: Bearer <token>` (Prometheus `authorization` / `bearer_token_file`).
 */
@Public()
@ApiTags('health')
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: MetricsService,
    private readonly config: MetricsConfig,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Prometheus metrics (text exposition format). Public unless METRICS_TOKEN is set: then send it as a bearer token.' })
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'Prometheus text exposition format 0.0.4.', content: { 'text/plain': { schema: { type: 'string', example: '# HELP process_cpu_seconds_total Total user and system CPU time spent in seconds.\n' } } } })
  @ApiProblems(401, 500)
  async scrape(@Headers('authorization') authorization: string | undefined, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    if (this.config.metricsToken && !tokenMatches(authorization, this.config.metricsToken)) {
      throw new AuthenticationError('a valid bearer token is required for /metrics');
    }
    const { contentType, body } = await this.metrics.exposition();
    void reply.header('content-type', contentType);
    return body;
  }
}

/** Constant-time comparison of digests, so the token length and prefix do not leak through timing. */
function tokenMatches(authorization: string | undefined, token: string): boolean {
  const presented = /^Bearer (.+)$/i.exec(authorization ?? '')?.[1] ?? '';
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(presented), digest(token));
}
