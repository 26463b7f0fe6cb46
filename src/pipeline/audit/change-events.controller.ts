import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProtectedProblems } from '../../framework/openapi';
import { ChangeEventPageDto } from './dto/change-event.view';
import { ChangeEventsService } from './change-events.service';
import { ListChangeEventsQuery } from './dto/list-change-events.query';

@ApiTags('configuration')
@ApiProtectedProblems()
@Controller('configuration-events')
export class ChangeEventsController {
  constructor(private readonly events: ChangeEventsService) {}

  @Get()
  @ApiOperation({ summary: 'Audit trail of configuration actions, newest first; filter by configuration, action, actor, time range.' })
  @ApiOkResponse({ type: ChangeEventPageDto })
  async list(@Query() query: ListChangeEventsQuery): Promise<ChangeEventPageDto> {
    const page = await this.events.list({
      configId: query.config_id,
      action: query.action,
      actor: query.actor,
      from: query.from,
      to: query.to,
      limit: query.limit,
      cursor: query.cursor,
    });
    return {
      items: page.items.map((e) => ({
        event_id: e.eventId,
        config_id: e.configId,
        action: e.action,
        actor: e.actor,
        result: e.result,
        message: e.message,
        details: e.details,
        created_at: e.createdAt.toISOString(),
      })),
      next_cursor: page.nextCursor,
    };
  }
}
