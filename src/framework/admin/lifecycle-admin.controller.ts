import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth';
import { ApiProtectedProblems } from '../openapi';
import { LifecycleEventStore } from '../lifecycle/lifecycle-event.store';
import { LifecycleService } from '../lifecycle/lifecycle.service';
import { LifecycleListingDto, LifecycleQueryDto } from './admin.dto';

/** Event details as the API shows them: keys in snake_case like every API body (`durationMs` → `duration_ms`). */
function snakeCaseKeys(details: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(details).map(([key, value]) => [key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), value]));
}

@ApiTags('admin')
@ApiProtectedProblems()
@Controller('admin/lifecycle')
export class LifecycleAdminController {
  constructor(
    private readonly lifecycle: LifecycleService,
    private readonly store: LifecycleEventStore,
  ) {}

  @Get()
  @Roles('admin', 'auditor')
  @ApiOperation({ summary: 'Module states and the recent lifecycle events (persisted), most recent first.' })
  @ApiOkResponse({ type: LifecycleListingDto })
  async list(@Query() query: LifecycleQueryDto): Promise<LifecycleListingDto> {
    const events = await this.store.recent(query.limit, query.module);
    return {
      modules: this.lifecycle.states().map((m) => ({ module: m.module, state: m.state, depends_on: m.dependsOn })),
      events: events.map((e) => ({
        timestamp: e.timestamp.toISOString(),
        module: e.module,
        phase: e.phase,
        details: snakeCaseKeys(e.details),
        correlation_id: e.correlationId,
        ...(e.instanceId ? { instance_id: e.instanceId } : {}),
      })),
    };
  }
}
