import { Injectable, Optional } from '@nestjs/common';
import type { Counter } from 'prom-client';
import type { FastifyRequest } from 'fastify';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { API_KEY_HEADER } from '../api-keys/api-key.authenticator';
import { parseApiKey } from '../api-keys/api-key-secret';
import { AuthConfig } from '../auth.config';
import { AuthThrottledError, CredentialsError } from '../auth-errors';
import { headerValue } from '../authenticator';
import { MetricsService } from '../../metrics/metrics.service';

/**
 * Counts failed authentication attempts per client address and per API key prefix (fixed
 * windows, rate-limiter-flexible in memory: per replica). The guard verifies the credentials
 * first, then consults this only for attempts that failed, so a bucket over its limit turns
 * further *failing* attempts into 429 and never touches a valid key, whoever else is guessing:
 * the real holder of a key cannot be locked out by someone else's failures. A request without
 * any credentials is not a guess and is not counted.
 */
@Injectable()
export class FailedAuthThrottle {
  private readonly byAddress: RateLimiterMemory;
  private readonly byKey: RateLimiterMemory;
  private readonly failures?: Counter<'outcome'>;

  constructor(config: AuthConfig, @Optional() metrics?: MetricsService) {
    const duration = config.failureWindowSeconds;
    this.byAddress = new RateLimiterMemory({ keyPrefix: 'auth-fail-address', points: config.failureLimitPerAddress, duration });
    this.byKey = new RateLimiterMemory({ keyPrefix: 'auth-fail-key', points: config.failureLimitPerKey, duration });
    this.failures = metrics?.counter({
      name: 'auth_failures_total',
      help: 'Failed authentication attempts (credentials sent but not valid) by answer: rejected (401), throttled_address or throttled_key (429).',
      labelNames: ['outcome'],
    });
  }

  /**
   * Records one failed attempt; the 429 to answer with when the client address or the key prefix
   * is over its limit, else undefined (answer the CredentialsError). An address already over its
   * limit is not counted against key prefixes any more, so one client cannot fill the memory with
   * buckets for made-up prefixes.
   */
  async recordFailure(request: FastifyRequest, error: CredentialsError): Promise<AuthThrottledError | undefined> {
    if (error.reason === 'missing-credentials') return undefined;
    const address = await consume(this.byAddress, clientAddress(request));
    const prefix = error.mechanism === 'api-key' ? keyPrefixOf(request) : undefined;
    const key = address || prefix === undefined ? undefined : await consume(this.byKey, prefix);
    const refusal = address ? throttled(address, this.byAddress.points, 'address') : key ? throttled(key, this.byKey.points, 'key') : undefined;
    this.failures?.inc({ outcome: refusal ? `throttled_${refusal.bucket}` : 'rejected' });
    return refusal;
  }
}

/** Consumes one point; the limiter's answer when that went over the limit. */
async function consume(limiter: RateLimiterMemory, key: string): Promise<RateLimiterRes | undefined> {
  try {
    await limiter.consume(key, 1);
    return undefined;
  } catch (refusal) {
    if (refusal instanceof RateLimiterRes) return refusal;
    throw refusal;
  }
}

function throttled(refusal: RateLimiterRes, limit: number, bucket: 'address' | 'key'): AuthThrottledError {
  // consumedPoints counts every attempt in the window: exactly one refusal sees limit + 1.
  return new AuthThrottledError(Math.max(1, Math.ceil(refusal.msBeforeNext / 1000)), bucket, refusal.consumedPoints === limit + 1);
}

/**
 * The client's address as Fastify determined it: the socket peer, or X-Forwarded-For only when
 * TRUST_PROXY is set. IPv4-mapped IPv6 addresses count as their IPv4 address.
 */
export function clientAddress(request: FastifyRequest): string {
  const ip = request.ip ?? 'unknown';
  return ip.startsWith('::ffff:') && ip.includes('.') ? ip.slice('::ffff:'.length) : ip;
}

/** The prefix of the presented API key (`bootstrap` for any other shape, like the verifier). */
function keyPrefixOf(request: FastifyRequest): string | undefined {
  const value = headerValue(request.headers, API_KEY_HEADER)?.trim();
  return value ? parseApiKey(value).prefix : undefined;
}
