import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../framework/auth';
import { ApiProblems, ApiProtectedProblems } from '../../framework/openapi';
import { CurrentTenant, TenantScoped, type TenantContext } from '../../framework/tenancy';
import { FeedPageDto, FeedQuery } from './dto/feed-page.dto';
import { decodeFeedCursor, encodeFeedCursor } from './feed-cursor';
import { FeedRepository } from './feed.repository';

/** The tenant's export feed: processed invoices for downstream systems to pull. */
@ApiTags('exports')
@ApiProtectedProblems()
@TenantScoped()
@Controller('exports')
export class FeedController {
  constructor(private readonly feed: FeedRepository) {}

  @Get('feed')
  @Roles('submitter', 'approver', 'auditor')
  @ApiOperation({
    summary: "The tenant's processed invoices, in the order they were exported (the export stage's `feed` module), after a cursor.",
    description:
      'Poll with the last next_cursor: every entry appears exactly once in the sequence, and never behind a cursor already handed out ' +
      '(an entry becomes visible once every transaction older than it has finished). Entries are at least once per run: a consumer ' +
      'keys on run_id (or invoice_id for the latest verdict).',
  })
  @ApiOkResponse({ type: FeedPageDto })
  @ApiProblems(400)
  async page(@Query() query: FeedQuery, @CurrentTenant() tenant: TenantContext): Promise<FeedPageDto> {
    const after = query.cursor === undefined ? null : decodeFeedCursor(query.cursor);
    const rows = await this.feed.page(tenant.tenantId, after, query.limit);
    const last = rows.at(-1);
    return {
      items: rows.map((row) => ({
        entry_id: row.entry_id,
        invoice_id: row.invoice_id,
        run_id: row.run_id,
        created_at: row.created_at.toISOString(),
        decision: (row.payload.decision as string | null | undefined) ?? null,
        validation: row.payload.validation ?? null,
        invoice: row.payload.invoice ?? null,
      })),
      next_cursor: last ? encodeFeedCursor([last.txid, last.seq]) : (query.cursor ?? null),
    };
  }
}
