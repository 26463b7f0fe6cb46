import { IsInt, IsOptional, IsUrl, Max, Min } from 'class-validator';
import { NoUrlCredentials } from '../../framework/config/no-url-credentials';
import { endpointOf, hasUrlCredentials } from '../../framework/config/url-redaction';
import { InputFault } from '../../pipeline/catalogue/stage-fault';
import { StageModule } from '../../pipeline/catalogue/stage-module.decorator';
import type { StageCallContext, StageModuleImplementation } from '../../pipeline/catalogue/stage-module';
import { deliveryPayload, type ExportInput, type ExportOutput } from '../../pipeline/contracts';
import { TenantSettings } from '../tenant-settings';
import { WebhookSender } from './webhook-sender';
import { IsHeaderValue } from '../../framework/config/header-value';

export class WebhookSettings {
  /** Receiver of the processed invoice (the outbox fallback uses the same URL). Never with userinfo: see auth_header. */
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  @NoUrlCredentials('auth_header')
  url?: string;

  /** Authorization header value for the receiver at `url` (e.g. `Basic …`, `Bearer …`): a secret, redacted in every view. */
  @IsOptional()
  @IsHeaderValue()
  auth_header?: string;

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
  contract: { name: 'export', version: '1.0.0' },
  guarantees: ['at_least_once'],
  settings: WebhookSettings,
  description: "POSTs the canonical JSON, signed with HMAC-SHA256, to the tenant's own TENANT_WEBHOOK_URL or else the URL in its settings.",
})
export class WebhookModule implements StageModuleImplementation<ExportInput, ExportOutput, WebhookSettings> {
  constructor(
    private readonly sender: WebhookSender,
    private readonly tenantSettings: TenantSettings,
  ) {}

  async execute(input: ExportInput, context: StageCallContext<WebhookSettings>): Promise<ExportOutput> {
    // The tenant's own TENANT_WEBHOOK_URL, else the selection's url, else the platform's; each with its own auth header.
    const { url, authorization } = await this.tenantSettings.webhookTarget(context.tenantId, { url: context.settings.url, authorization: context.settings.auth_header });
    if (!url) throw new InputFault('unusable_setting', 'webhook has no url: neither its settings nor TENANT_WEBHOOK_URL name one');
    // Validation refuses userinfo; one stored before that rule is not sent (it would travel and show).
    if (hasUrlCredentials(url)) throw new InputFault('unusable_setting', 'the webhook url carries credentials, which are not allowed in URLs; use auth_header');
    const status = await this.sender.send(url, deliveryPayload(input), context.settings.timeout_ms ?? 5000, context.signal, authorization);
    return { delivery: 'delivered', target: endpointOf(url), status_code: status };
  }
}
