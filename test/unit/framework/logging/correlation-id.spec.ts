import { resolveCorrelationId } from '../../../../src/framework/logging';

describe('resolveCorrelationId', () => {
  it('takes X-Request-Id first, then X-Correlation-Id', () => {
    expect(resolveCorrelationId({ 'x-request-id': 'req-1', 'x-correlation-id': 'corr-1' })).toBe('req-1');
    expect(resolveCorrelationId({ 'x-correlation-id': 'corr-1' })).toBe('corr-1');
  });

  it('replaces unsafe or oversized ids with a fresh UUID', () => {
    for (const bad of ['a b', 'x'.repeat(129), 'line\nbreak', '<script>']) {
      expect(resolveCorrelationId({ 'x-request-id': bad })).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('generates distinct ids when none is given', () => {
    expect(resolveCorrelationId({})).not.toBe(resolveCorrelationId({}));
  });
});
