import { createHash } from 'node:crypto';

/** Namespace of delivery ids (a fixed random UUID): ids of this service never collide with other v5 ids. */
const DELIVERY_NAMESPACE = Buffer.from('6f1d2c0e4b7a4f0e9a3c5d8e7b1f2a90', 'hex');

/** What a webhook delivery is about: the ids every attempt of it carries. */
export interface WebhookDelivery {
  /** Stable for every attempt and redelivery of the same run's export; a new run has a new one. */
  deliveryId: string;
  tenantId: string;
  invoiceId: string;
  runId: string;
}

/**
 * The delivery id of a run's export: a name-based UUID (RFC 9562 version 5) of tenant, invoice,
 * run and stage. Deterministic, so the webhook's own attempts, its retries and the outbox's
 * redeliveries (any replica, any restart) all send the same id and a receiver can drop repeats;
 * a reprocess is a new run and so a new delivery.
 */
export function deliveryId(tenantId: string, invoiceId: string, runId: string): string {
  const hash = createHash('sha1').update(DELIVERY_NAMESPACE).update(`${tenantId}/${invoiceId}/${runId}/export`).digest();
  return uuidFromHash(hash, 5);
}

/** Sets the version and variant bits of the first 16 bytes of a hash (RFC 9562 section 5.5). */
export function uuidFromHash(hash: Buffer, version: number): string {
  const bytes = Buffer.from(hash.subarray(0, 16));
  bytes[6] = (bytes[6] & 0x0f) | (version << 4);
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The delivery a payload (deliveryPayload: webhook body, outbox row) stands for; a payload without its ids is a bug. */
export function deliveryOf(payload: Record<string, unknown>): WebhookDelivery {
  const { tenant_id: tenantId, invoice_id: invoiceId, run_id: runId } = payload;
  if (typeof tenantId !== 'string' || typeof invoiceId !== 'string' || typeof runId !== 'string') {
    throw new Error('a delivery payload must name its tenant, invoice and run');
  }
  return { deliveryId: deliveryId(tenantId, invoiceId, runId), tenantId, invoiceId, runId };
}
