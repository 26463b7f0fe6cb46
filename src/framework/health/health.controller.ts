import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth';
import { ApiPublicProblems } from '../openapi';
import { HealthSnapshotDto, LivenessDto, ReadinessDto } from './health.dto';
import { HealthService } from './health.service';
import { HealthSnapshot, httpStatusFor, ModuleHealth } from './health-snapshot';

/** Probes: public, and cheap (the snapshot is cached for HEALTH_CACHE_MS). */
@Public()
@ApiTags('health')
@ApiPublicProblems()
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get('live')
  @ApiOperation({ summary: 'Liveness probe: 200 while the process runs.' })
  @ApiOkResponse({ type: LivenessDto })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOperation({ summary: 'Readiness: worst status of the required modules (optional ones are ignored); 503 when unhealthy.' })
  @ApiOkResponse({ type: ReadinessDto, description: 'healthy or degraded' })
  @ApiServiceUnavailableResponse({ type: ReadinessDto, description: 'a required module is unhealthy, or the service is shutting down' })
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<{ status: string; generated_at: string; modules: ModuleHealth[] }> {
    const snapshot = await this.health.snapshot();
    void reply.status(httpStatusFor(snapshot.readiness_status));
    return { status: snapshot.readiness_status, generated_at: snapshot.generated_at, modules: snapshot.modules.filter((m) => !m.optional) };
  }

  @Get()
  @ApiOperation({ summary: 'Health snapshot of every module; 503 when the overall status is unhealthy.' })
  @ApiOkResponse({ type: HealthSnapshotDto })
  @ApiServiceUnavailableResponse({ type: HealthSnapshotDto, description: 'the overall status is unhealthy' })
  async snapshot(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthSnapshot> {
    const snapshot = await this.health.snapshot();
    void reply.status(httpStatusFor(snapshot.overall_status));
    return snapshot;
  }
}
