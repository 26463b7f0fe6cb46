import { redeliveryDelayMs } from '../../../../src/stages/export/outbox-relay';
import { signWebhook, verifyWebhook } from '../../../../src/stages/export/webhook-signature';

describe('webhook delivery', () => {
  it('signs webhooks with HMAC-SHA256 over timestamp and body', () => {
    const signature = signWebhook('secret-0123456789abcdef', '1700000000', '{"a":1}');
    expect(signature).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verifyWebhook('secret-0123456789abcdef', '1700000000', '{"a":1}', signature)).toBe(true);
    expect(verifyWebhook('secret-0123456789abcdef', '1700000001', '{"a":1}', signature)).toBe(false);
    expect(verifyWebhook('other-secret-0123456789', '1700000000', '{"a":1}', signature)).toBe(false);
  });

  it('backs outbox redeliveries off exponentially up to a cap', () => {
    expect([1, 2, 3, 4].map((n) => redeliveryDelayMs(n, 5000))).toEqual([1000, 2000, 4000, 5000]);
  });
});
