import { Controller, Get, Header, Param } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../auth';
import { NotFoundError } from '../errors';
import type { Counter } from 'prom-client';
import { MetricsService } from '../metrics/metrics.service';
import { ChallengeStore } from './challenge-store';

/** ACME http-01 answers, outside /api/v1 (excluded from the global prefix in app.factory.ts). */
@ApiExcludeController()
@Controller('.well-known/acme-challenge')
export class ChallengeController {
  private readonly requests: Counter<'outcome'>;

  constructor(
    private readonly challenges: ChallengeStore,
    metrics: MetricsService,
  ) {
    this.requests = metrics.counter({
      name: 'acme_challenge_requests_total',
      help: 'Requests for http-01 key authorizations: answered, or unknown token.',
      labelNames: ['outcome'] as const,
    });
  }

  @Get(':token')
  @Public()
  @Header('content-type', 'text/plain')
  async answer(@Param('token') token: string): Promise<string> {
    const keyAuthorization = await this.challenges.get(token);
    this.requests.inc({ outcome: keyAuthorization ? 'answered' : 'unknown' });
    if (!keyAuthorization) throw new NotFoundError('no pending challenge with this token');
    return keyAuthorization;
  }
}
