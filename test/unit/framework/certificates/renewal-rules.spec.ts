import { retryDelayMs } from '../../../../src/framework/certificates/backoff';
import { hostnameProblem, normaliseHostname } from '../../../../src/framework/certificates/hostnames';

describe('renewal backoff', () => {
  it('doubles from the base with each failure and stops at the maximum', () => {
    expect([0, 1, 2, 3, 4].map((n) => retryDelayMs(n, 1000, 6000))).toEqual([0, 1000, 2000, 4000, 6000]);
    expect(retryDelayMs(500, 1000, 6000)).toBe(6000);
  });
});

describe('hostnames', () => {
  it('accepts DNS names and normalises case and a trailing dot', () => {
    expect(normaliseHostname(' Shop.Example.COM. ')).toBe('shop.example.com');
    for (const name of ['localhost', 'shop.test', 'a-b.example.co.uk', 'xn--bcher-kva.example']) expect(hostnameProblem(name)).toBeUndefined();
  });

  it('refuses wildcards, IP addresses, bad labels and overlong names', () => {
    expect(hostnameProblem('*.example.com')).toMatch(/wildcard/);
    expect(hostnameProblem('10.0.0.1')).toMatch(/IP/);
    expect(hostnameProblem('::1')).toMatch(/IP/);
    expect(hostnameProblem('-bad.example')).toBeDefined();
    expect(hostnameProblem('bad_name.example')).toBeDefined();
    expect(hostnameProblem('a..b')).toBeDefined();
    expect(hostnameProblem(`${'a'.repeat(64)}.example`)).toBeDefined();
    expect(hostnameProblem('')).toBeDefined();
  });
});
