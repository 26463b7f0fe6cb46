import { Inject, Injectable } from '@nestjs/common';
import type { JWTPayload } from 'jose';
import { AppError } from '../../errors';
import { AuthConfig } from '../auth.config';
import { CredentialsError, CredentialsExpiredError, type AuthFailureReason } from '../auth-errors';
import { headerValue, type Authenticator, type AuthRequest } from '../authenticator';
import { RegisterAuthenticator } from '../authenticator.decorator';
import { AUTH_CLOCK, type Clock } from '../clock';
import type { Principal } from '../principal';
import { claimAt, rolesFrom } from './claims';
import { jwtKeysFrom, type JwtKeys } from './jwt-key-source';
import { loadJose } from './jose';

/** How long a verified token is reused at most, and how many are kept. */
const VERIFIED_TTL_MS = 60_000;
const VERIFIED_MAX = 10_000;

const BEARER = /^Bearer\s+([A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]*)\s*$/i;

/** `Authorization: Bearer <JWT>`, verified with jose against the configured key sources. */
@RegisterAuthenticator(200)
@Injectable()
export class JwtAuthenticator implements Authenticator {
  readonly mechanism = 'jwt';
  private readonly keys: JwtKeys | undefined;
  /**
   * Tokens verified lately (token → payload and until when it may be reused): a client sends the
   * same token with every request, and the WebCrypto HMAC verification was ~9% of the service's
   * CPU on the invoice hot path (issue 17). An entry lives until the token expires (exp plus the
   * clock skew, as jose checks it) and at most VERIFIED_TTL_MS, so a rotated JWKS key or a changed
   * discovered issuer applies within that; only successes are kept.
   */
  private readonly verified = new Map<string, { payload: JWTPayload; since: number; until: number }>();

  constructor(
    private readonly config: AuthConfig,
    @Inject(AUTH_CLOCK) private readonly clock: Clock,
  ) {
    this.keys = jwtKeysFrom(config, clock, (url, init) => fetch(url, init));
  }

  async authenticate(request: AuthRequest): Promise<Principal | null> {
    const authorization = headerValue(request.headers, 'authorization');
    if (!authorization || !/^Bearer(\s|$)/i.test(authorization)) return null;
    const token = BEARER.exec(authorization)?.[1];
    if (!token) throw this.fail('The bearer token is not a compact JWS.', 'malformed-credentials');
    if (!this.keys) throw this.fail('Bearer tokens are not accepted by this service.', 'mechanism-disabled');
    const payload = await this.verify(token, this.keys);
    if (typeof payload.sub !== 'string' || payload.sub.length === 0) {
      throw this.fail('The token has no subject.', 'invalid-claims');
    }
    const tenantId = payload.tenant_id;
    return {
      subject: payload.sub,
      roles: rolesFrom(claimAt(payload, this.config.rolesClaim)),
      tenantId: typeof tenantId === 'string' && tenantId.length > 0 ? tenantId : undefined,
      issuedAt: typeof payload.iat === 'number' ? new Date(payload.iat * 1000) : undefined,
      expiresAt: typeof payload.exp === 'number' ? new Date(payload.exp * 1000) : undefined,
      mechanism: this.mechanism,
    };
  }

  private async verify(token: string, keys: JwtKeys): Promise<JWTPayload> {
    const now = this.clock.now().getTime();
    const known = this.verified.get(token);
    if (known && now >= known.since && now < known.until) return known.payload;
    const payload = await this.verifyOnce(token, keys);
    this.remember(token, payload, now);
    return payload;
  }

  private remember(token: string, payload: JWTPayload, now: number): void {
    if (typeof payload.exp !== 'number') return;
    const until = Math.min(now + VERIFIED_TTL_MS, (payload.exp + this.config.clockSkewSeconds) * 1000);
    if (until <= now) return;
    if (this.verified.size >= VERIFIED_MAX) {
      // Expired entries first; when every entry is live, the oldest.
      for (const [key, entry] of this.verified) if (entry.until <= now) this.verified.delete(key);
      if (this.verified.size >= VERIFIED_MAX) this.verified.delete(this.verified.keys().next().value!);
    }
    this.verified.set(token, { payload, since: now, until });
  }

  private async verifyOnce(token: string, keys: JwtKeys): Promise<JWTPayload> {
    const { jwtVerify, errors } = await loadJose();
    try {
      const { payload } = await jwtVerify(token, keys.keyFor, {
        algorithms: keys.algorithms,
        issuer: await keys.issuer(),
        audience: this.config.jwtAudience,
        clockTolerance: this.config.clockSkewSeconds,
        currentDate: this.clock.now(),
        requiredClaims: ['exp'],
      });
      return payload;
    } catch (error) {
      if (error instanceof AppError) throw error; // JWKS or discovery unreachable: 503, not the caller's fault
      if (error instanceof errors.JWTExpired) throw new CredentialsExpiredError('The bearer token has expired.', this.mechanism);
      const [reason, message] =
        error instanceof errors.JWTClaimValidationFailed
          ? (['invalid-claims', `The token's "${error.claim}" claim is not acceptable (${error.reason}).`] as const)
          : error instanceof errors.JWKSNoMatchingKey
            ? (['unknown-key', 'No known key matches the token (kid).'] as const)
            : error instanceof errors.JOSEAlgNotAllowed
              ? (['unsupported-algorithm', 'The token is signed with an algorithm this service does not accept.'] as const)
              : error instanceof errors.JWSSignatureVerificationFailed
                ? (['invalid-signature', 'The token signature is not valid.'] as const)
                : (['malformed-credentials', 'The bearer token is not a valid JWT.'] as const);
      throw this.fail(message, reason);
    }
  }

  private fail(message: string, reason: AuthFailureReason): CredentialsError {
    return new CredentialsError(message, reason, this.mechanism);
  }
}
