import { IsInt, IsOptional, IsUrl, Max, Min } from 'class-validator';
import { StageModule } from '../../pipeline/catalogue/stage-module.decorator';
import type { StageCallContext, StageModuleImplementation } from '../../pipeline/catalogue/stage-module';
import { deliveryPayload, type DeliverInput, type DeliverOutput } from '../stage-io';
import { WebhookSender } from './webhook-sender';

export class WebhookSettings {
  /** Receiver of the processed invoice (the outbox fallback uses the same URL). */
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  url?: string;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(60000)
  timeout_ms?: number = 5000;
}

@StageModule({
  id: 'webhook',
  name: 'Webhook',
  version: '1.0.0',
  stage: 'export',
  contract: { name: 'deliver', version: '1.0.0' },
  settings: WebhookSettings,
  description: 'POSTs the canonical JSON to the URL in its settings, signed with HMAC-SHA256.',
})
export class WebhookModule implements StageModuleImplementation<DeliverInput, DeliverOutput, WebhookSettings> {
  constructor(private readonly sender: WebhookSender) {}

  async execute(input: DeliverInput, context: StageCallContext<WebhookSettings>): Promise<DeliverOutput> {
    const url = context.settings.url;
    if (!url) throw new Error('webhook has no url in its settings');
    const status = await this.sender.send(url, deliveryPayload(input), context.settings.timeout_ms ?? 5000, context.signal);
    return { delivery: 'delivered', target: url, status_code: status };
  }
}
