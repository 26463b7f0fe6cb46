import { Injectable } from '@nestjs/common';
import { endpointOf, fetchFailureReason } from '../../framework/config/url-redaction';
import { PipelineRunConfig } from '../../pipeline/run/pipeline-run.config';
import { deliveryOf } from './delivery-id';
import * as signature from './webhook-signature';

/**
 * POSTs a delivery payload (deliveryPayload) with its delivery id, invoice and run in headers,
 * signed when a webhook secret is configured; anything but 2xx throws. The id is the same for
 * every attempt of a run's export (webhook or outbox), so a receiver recognises repeats. Errors
 * name the receiver by scheme, host and port only (they end up in stage results and logs).
 */
@Injectable()
export class WebhookSender {
  constructor(private readonly config: PipelineRunConfig) {}

  async send(url: string, payload: Record<string, unknown>, timeoutMs: number, signal?: AbortSignal, authorization?: string): Promise<number> {
    const delivery = deliveryOf(payload);
    const body = JSON.stringify(payload);
    const timestamp = String(Math.floor(Date.now() / 1000));
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      [signature.ID_HEADER]: delivery.deliveryId,
      [signature.STANDARD_TIMESTAMP_HEADER]: timestamp,
      [signature.INVOICE_HEADER]: delivery.invoiceId,
      [signature.RUN_HEADER]: delivery.runId,
      [signature.TIMESTAMP_HEADER]: timestamp,
    };
    const secret = this.config.webhookSecret;
    if (secret) {
      headers[signature.STANDARD_SIGNATURE_HEADER] = signature.signStandardWebhook(secret, delivery.deliveryId, timestamp, body);
      headers[signature.SIGNATURE_HEADER] = signature.signWebhook(secret, timestamp, body);
    }
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
