import { StageModule } from '../../pipeline/catalogue/stage-module.decorator';
import type { StageCallContext, StageModuleImplementation } from '../../pipeline/catalogue/stage-module';
import { deliveryPayload, type ExportInput, type ExportOutput } from '../../pipeline/contracts';
import { FeedRepository } from './feed.repository';

/**
 * Exports to the tenant's pull feed (GET /exports/feed): an entry per run in the database, which
 * downstream systems read with a cursor. Needs no endpoint, so a new install exports out of the box.
 * In a run the entry is written by the run's finishing statement, atomically with the result.
 */
@StageModule({
  id: 'feed',
  name: 'Export feed (pull)',
  version: '1.0.0',
  stage: 'export',
  contract: { name: 'export', version: '1.0.0' },
  guarantees: ['at_least_once'],
  // In a run its entry is a step of the finishing statement.
  effectsInFinishOnly: true,
  description: 'Appends the processed invoice to the tenant’s export feed, which downstream systems pull with a cursor (GET /api/v1/exports/feed).',
})
export class FeedModule implements StageModuleImplementation<ExportInput, ExportOutput> {
  constructor(private readonly feed: FeedRepository) {}

  async execute(input: ExportInput, context?: StageCallContext): Promise<ExportOutput> {
    const payload = deliveryPayload(input);
    // In a run, the entry is written with the run's result (same statement and transaction); elsewhere at once.
    if (context?.finish) context.finish.add(this.feed.appendStep({ runId: input.runId, payload }));
    else await this.feed.append({ tenantId: input.tenantId, invoiceId: input.invoiceId, runId: input.runId, payload });
    return { delivery: 'queued', target: 'feed' };
  }
}
