import { IsInt, IsOptional, IsUrl, Max, Min } from 'class-validator';
import { StageModule } from '../../pipeline/catalogue/stage-module.decorator';
import type { StageCallContext, StageModuleImplementation } from '../../pipeline/catalogue/stage-module';
import { deliveryPayload, type DeliverInput, type DeliverOutput } from '../stage-io';
import { TenantSettings } from '../tenant-settings';
import { WebhookSender } from './webhook-sender';
import { InputFault } from '../../pipeline/catalogue/stage-fault';

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
  guarantees: ['at_least_once'],
  settings: WebhookSettings,
  description: "POSTs the canonical JSON, signed with HMAC-SHA256, to the tenant's own TENANT_WEBHOOK_URL or else the URL in its settings.",
})
export class WebhookModule implements StageModuleImplementation<DeliverInput, DeliverOutput, WebhookSettings> {
  constructor(
    private readonly sender: WebhookSender,
    private readonly tenantSettings: TenantSettings,
  ) {}

  async execute(input: DeliverInput, context: StageCallContext<WebhookSettings>): Promise<DeliverOutput> {
    // The tenant's own TENANT_WEBHOOK_URL, else the selection's url, else the platform's.
    const url = await this.tenantSettings.resolve(context.tenantId, 'webhookUrl', context.settings.url);
    if (!url) throw new InputFault('unusable_setting', 'webhook has no url: neither its settings nor TENANT_WEBHOOK_URL name one');
    const status = await this.sender.send(url, deliveryPayload(input), context.settings.timeout_ms ?? 5000, context.signal);
    return { delivery: 'delivered', target: url, status_code: status };
  }
}
