import { Injectable } from '@nestjs/common';
import { endpointOf, fetchFailureReason } from '../../framework/config/url-redaction';
import { PipelineRunConfig } from '../../pipeline/run/pipeline-run.config';
import { SIGNATURE_HEADER, signWebhook, TIMESTAMP_HEADER } from './webhook-signature';

/**
 * POSTs a JSON payload, signed when a webhook secret is configured; anything but 2xx throws. Errors
 * name the receiver by scheme, host and port only (they end up in stage results and logs).
 */
@Injectable()
export class WebhookSender {
  constructor(private readonly config: PipelineRunConfig) {}

  async send(url: string, payload: unknown, timeoutMs: number, signal?: AbortSignal, authorization?: string): Promise<number> {
    const body = JSON.stringify(payload);
    const timestamp = String(Math.floor(Date.now() / 1000));
    const headers: Record<string, string> = { 'content-type': 'application/json', [TIMESTAMP_HEADER]: timestamp };
    if (this.config.webhookSecret) headers[SIGNATURE_HEADER] = signWebhook(this.config.webhookSecret, timestamp, body);
    if (authorization) headers.authorization = authorization;
    const signals = [AbortSignal.timeout(timeoutMs), ...(signal ? [signal] : [])];
    let response: Response;
    try {
      response = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.any(signals) });
      await response.arrayBuffer();
    } catch (error) {
      // No cause on purpose: fetch's messages echo the URL (userinfo, path, query) into logs and results.
      // eslint-disable-next-line preserve-caught-error
      throw new Error(`webhook delivery to ${endpointOf(url)} failed: ${fetchFailureReason(error)}`);
    }
    if (!response.ok) throw new Error(`webhook receiver at ${endpointOf(url)} answered ${response.status}`);
    return response.status;
  }
}
