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
import { hs256Payload, NONE_HEADER } from './hs256';
import { jwtKeysFrom, type JwtKeys } from './jwt-key-source';
import { loadJose } from './jose';
import { VerifiedTokens, type VerificationRules } from './verified-tokens';

const BEARER = /^Bearer\s+([A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]*)\s*$/i;

/** `Authorization: Bearer <JWT>`, verified with jose against the configured key sources. */
@RegisterAuthenticator(200)
@Injectable()
export class JwtAuthenticator implements Authenticator {
  readonly mechanism = 'jwt';
  private readonly keys: JwtKeys | undefined;
  /** Tokens that passed a moment ago: a client's next requests with the same token are not verified again (verified-tokens.ts). */
  private readonly verified = new VerifiedTokens();

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
    const { jwtVerify, UnsecuredJWT, errors } = await loadJose();
    try {
      const currentDate = this.clock.now();
      // The keys' version is read before the check: a set loaded meanwhile voids the entry rather than vouching for it.
      const rules: VerificationRules = { issuer: await keys.issuer(), audience: this.config.jwtAudience, toleranceSeconds: this.config.clockSkewSeconds, keys: keys.version() };
      const known = this.verified.get(token, rules, currentDate.getTime());
      if (known !== undefined) return known;
      const claims = {
        issuer: rules.issuer,
        audience: rules.audience,
        clockTolerance: rules.toleranceSeconds,
        currentDate,
        requiredClaims: ['exp'],
      };
      // An HS256 token with a plain header and a valid signature: the signature checked in this
      // thread, the claims by jose as always. Anything else, a bad signature too, takes jose's path.
      const signed = keys.hmacSecret && keys.algorithms.includes('HS256') ? hs256Payload(token, keys.hmacSecret) : undefined;
      const { payload } = signed !== undefined ? UnsecuredJWT.decode(`${NONE_HEADER}.${signed}.`, claims) : await jwtVerify(token, keys.keyFor, { algorithms: keys.algorithms, ...claims });
      return this.verified.remember(token, payload, rules, currentDate.getTime());
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
