import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth';
import { ApiProblems, ApiProtectedProblems } from '../openapi';
import { JobDto, TriggerResultDto } from './scheduler.dto';
import { SchedulerService } from './scheduler.service';

@ApiTags('admin')
@ApiProtectedProblems()
@Controller('admin/scheduler/jobs')
export class SchedulerController {
  constructor(private readonly scheduler: SchedulerService) {}

  @Get()
  @Roles('admin', 'operator', 'auditor')
  @ApiOperation({ summary: 'Scheduled jobs: definition, persisted state and next fire.' })
  @ApiOkResponse({ type: [JobDto] })
  async list(): Promise<JobDto[]> {
    return (await this.scheduler.list()).map((view) => JobDto.from(view));
  }

  @Post(':id/trigger')
  @HttpCode(202)
  @Roles('admin', 'operator')
  @ApiOperation({ summary: 'Runs a job now (in the background); skipped when its concurrency limit is reached.' })
  @ApiAcceptedResponse({ type: TriggerResultDto })
  @ApiProblems(404)
  async trigger(@Param('id') id: string): Promise<TriggerResultDto> {
    const result = await this.scheduler.trigger(id);
    return { job_id: result.jobId, scheduled_at: result.scheduledAt.toISOString(), status: result.status };
  }
}
