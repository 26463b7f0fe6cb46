import { IsOptional, IsUrl } from 'class-validator';
import { NoUrlCredentials } from '../../framework/config/no-url-credentials';
import { endpointOf } from '../../framework/config/url-redaction';
import { StageModule } from '../../pipeline/catalogue/stage-module.decorator';
import type { StageCallContext, StageModuleImplementation } from '../../pipeline/catalogue/stage-module';
import { deliveryPayload, type ExportInput, type ExportOutput } from '../../pipeline/contracts';
import { TenantSettings } from '../tenant-settings';
import { InputFault } from '../../pipeline/catalogue/stage-fault';
import { OutboxRepository } from './outbox.repository';

export class OutboxSettings {
  /** Where the redelivery job sends the message (as a fallback: the webhook selection's url). */
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  @NoUrlCredentials()
  url?: string;
}

/** Writes a transactional outbox row (one per run); the scheduled redelivery sends it later. */
@StageModule({
  id: 'outbox',
  name: 'Transactional outbox',
  version: '1.0.0',
  stage: 'export',
  contract: { name: 'export', version: '1.0.0' },
  guarantees: ['at_least_once'],
  settings: OutboxSettings,
  isFallback: true,
  description: 'Queues the delivery in the outbox table; redelivered with exponential backoff.',
})
export class OutboxModule implements StageModuleImplementation<ExportInput, ExportOutput, OutboxSettings> {
  constructor(
    private readonly outbox: OutboxRepository,
    private readonly tenantSettings: TenantSettings,
  ) {}

  async execute(input: ExportInput, context: StageCallContext<OutboxSettings>): Promise<ExportOutput> {
    // The same target as the webhook module: the tenant's own URL, else the settings', else the platform's.
    const url = await this.tenantSettings.resolve(context.tenantId, 'webhookUrl', context.settings.url);
    if (!url) throw new InputFault('unusable_setting', 'outbox has no url to deliver to');
    await this.outbox.enqueue({ tenantId: input.tenantId, invoiceId: input.invoiceId, runId: input.runId, targetUrl: url, payload: deliveryPayload(input) });
    return { delivery: 'queued', target: endpointOf(url) };
  }
}
