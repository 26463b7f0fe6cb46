import { createHmac, timingSafeEqual } from 'node:crypto';

/** Standard Webhooks headers (standardwebhooks.com): the delivery id, the attempt's time, the signature over both and the body. */
export const ID_HEADER = 'webhook-id';
export const STANDARD_TIMESTAMP_HEADER = 'webhook-timestamp';
export const STANDARD_SIGNATURE_HEADER = 'webhook-signature';
/** The invoice and run the delivery is about (repeat the signed body's invoice_id and run_id, for routing without parsing). */
export const INVOICE_HEADER = 'x-invoice-id';
export const RUN_HEADER = 'x-run-id';
/** The first signature scheme, kept for receivers that verify it. */
export const SIGNATURE_HEADER = 'x-signature-256';
export const TIMESTAMP_HEADER = 'x-webhook-timestamp';

/** HMAC-SHA256 over `<timestamp>.<body>`: the timestamp is signed too, so a replay can be refused by age. */
export function signWebhook(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export function verifyWebhook(secret: string, timestamp: string, body: string, signature: string): boolean {
  return sameText(signWebhook(secret, timestamp, body), signature);
}

/**
 * Standard Webhooks signature: `v1,<base64 of HMAC-SHA256(key, "<id>.<timestamp>.<body>")>`, the
 * key being the secret's UTF-8 bytes (for a Standard Webhooks library: `whsec_` + base64 of the
 * secret). The delivery id is signed, so a receiver can trust it to drop repeats.
 */
export function signStandardWebhook(secret: string, id: string, timestamp: string, body: string): string {
  return `v1,${createHmac('sha256', secret).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

/** True when one of the space-separated signatures in the header is ours (several while keys rotate). */
export function verifyStandardWebhook(secret: string, id: string, timestamp: string, body: string, header: string): boolean {
  const expected = signStandardWebhook(secret, id, timestamp, body);
  return header.split(' ').some((signature) => sameText(expected, signature));
}

function sameText(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
