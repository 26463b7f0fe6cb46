import type { FastifyRequest } from 'fastify';
import { AuthConfig } from '../../../../../src/framework/auth/auth.config';
import { AuthThrottledError, CredentialsError, MissingCredentialsError } from '../../../../../src/framework/auth/auth-errors';
import { clientAddress, FailedAuthThrottle } from '../../../../../src/framework/auth/throttle/failed-auth-throttle';

const config = (over: Partial<AuthConfig>) => Object.assign(new AuthConfig(), over);
const request = (ip: string, apiKey?: string) => ({ ip, headers: apiKey ? { 'x-api-key': apiKey } : {} }) as unknown as FastifyRequest;
const wrongKey = new CredentialsError('The API key is not valid.', 'invalid-signature', 'api-key');
const wrongToken = new CredentialsError('bad token', 'invalid-signature', 'jwt');
const key = (prefix: string) => `isk_${prefix}_${'x'.repeat(43)}`;

describe('FailedAuthThrottle', () => {
  it('lets an address fail up to its limit, then answers 429 with the seconds left in the window', async () => {
    const throttle = new FailedAuthThrottle(config({ failureLimitPerAddress: 3, failureLimitPerKey: 100, failureWindowSeconds: 60 }));
    const outcomes = [];
    for (let i = 0; i < 5; i++) outcomes.push(await throttle.recordFailure(request('203.0.113.7', key(`p${i}aa`)), wrongKey));
    expect(outcomes.slice(0, 3)).toEqual([undefined, undefined, undefined]);
    expect(outcomes[3]).toBeInstanceOf(AuthThrottledError);
    expect(outcomes[3]).toMatchObject({ status: 429, bucket: 'address' });
    expect(outcomes[3]!.retryAfterSeconds).toBeGreaterThanOrEqual(59);
    expect(outcomes[3]!.retryAfterSeconds).toBeLessThanOrEqual(60);
    // Another address has its own bucket.
    expect(await throttle.recordFailure(request('198.51.100.2', key('other')), wrongKey)).toBeUndefined();
  });

  it('counts failures against one key prefix from every address', async () => {
    const throttle = new FailedAuthThrottle(config({ failureLimitPerAddress: 100, failureLimitPerKey: 2 }));
    const outcomes = [];
    for (const ip of ['192.0.2.1', '192.0.2.2', '192.0.2.3']) outcomes.push(await throttle.recordFailure(request(ip, key('target')), wrongKey));
    expect(outcomes.map((o) => o?.bucket)).toEqual([undefined, undefined, 'key']);
    expect(await throttle.recordFailure(request('192.0.2.4', key('elsewhere')), wrongKey)).toBeUndefined();
  });

  it('does not count requests without credentials, and counts bearer failures against the address only', async () => {
    const throttle = new FailedAuthThrottle(config({ failureLimitPerAddress: 2, failureLimitPerKey: 1 }));
    for (let i = 0; i < 5; i++) expect(await throttle.recordFailure(request('192.0.2.9'), new MissingCredentialsError())).toBeUndefined();
    expect(await throttle.recordFailure(request('192.0.2.9', key('target')), wrongToken)).toBeUndefined();
    expect(await throttle.recordFailure(request('192.0.2.9', key('target')), wrongToken)).toBeUndefined();
    expect((await throttle.recordFailure(request('192.0.2.9'), wrongToken))?.bucket).toBe('address');
  });

  it('stops counting key prefixes for an address already over its limit', async () => {
    const throttle = new FailedAuthThrottle(config({ failureLimitPerAddress: 1, failureLimitPerKey: 2 }));
    expect(await throttle.recordFailure(request('192.0.2.20', key('target')), wrongKey)).toBeUndefined();
    for (let i = 0; i < 10; i++) expect((await throttle.recordFailure(request('192.0.2.20', key('target')), wrongKey))?.bucket).toBe('address');
    // The prefix saw one failure only: another address still gets its own 401 for it.
    expect(await throttle.recordFailure(request('192.0.2.21', key('target')), wrongKey)).toBeUndefined();
  });

  it('reads IPv4-mapped IPv6 addresses as IPv4', () => {
    expect(clientAddress(request('::ffff:127.0.0.1'))).toBe('127.0.0.1');
    expect(clientAddress(request('2001:db8::1'))).toBe('2001:db8::1');
  });
});
