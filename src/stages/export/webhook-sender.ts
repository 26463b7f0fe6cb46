import { Injectable } from '@nestjs/common';
import { PipelineRunConfig } from '../../pipeline/run/pipeline-run.config';
import { deliveryOf } from './delivery-id';
import * as signature from './webhook-signature';

/**
 * POSTs a delivery payload (deliveryPayload) with its delivery id, invoice and run in headers,
 * signed when a webhook secret is configured; anything but 2xx throws. The id is the same for
 * every attempt of a run's export (webhook or outbox), so a receiver recognises repeats.
 */
@Injectable()
export class WebhookSender {
  constructor(private readonly config: PipelineRunConfig) {}

  async send(url: string, payload: Record<string, unknown>, timeoutMs: number, signal?: AbortSignal): Promise<number> {
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
    const signals = [AbortSignal.timeout(timeoutMs), ...(signal ? [signal] : [])];
    const response = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.any(signals) });
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`webhook receiver answered ${response.status}`);
    return response.status;
  }
}
