import { StageModule } from '../../pipeline/catalogue/stage-module.decorator';
import type { StageModuleImplementation } from '../../pipeline/catalogue/stage-module';
import { deliveryPayload, type ExportInput, type ExportOutput } from '../../pipeline/contracts';
import { FeedRepository } from './feed.repository';

/**
 * Exports to the tenant's pull feed (GET /exports/feed): an entry per run in the database, which
 * downstream systems read with a cursor. Needs no endpoint, so a new install exports out of the box.
 */
@StageModule({
  id: 'feed',
  name: 'Export feed (pull)',
  version: '1.0.0',
  stage: 'export',
  contract: { name: 'export', version: '1.0.0' },
  guarantees: ['at_least_once'],
  description: 'Appends the processed invoice to the tenant’s export feed, which downstream systems pull with a cursor (GET /api/v1/exports/feed).',
})
export class FeedModule implements StageModuleImplementation<ExportInput, ExportOutput> {
  constructor(private readonly feed: FeedRepository) {}

  async execute(input: ExportInput): Promise<ExportOutput> {
    await this.feed.append({ tenantId: input.tenantId, invoiceId: input.invoiceId, runId: input.runId, payload: deliveryPayload(input) });
    return { delivery: 'queued', target: 'feed' };
  }
}
