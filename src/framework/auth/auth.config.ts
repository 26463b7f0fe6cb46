import { IsBoolean, IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min, MinLength } from 'class-validator';
import { NoUrlCredentials } from '../config/no-url-credentials';
import { Setting } from '../config/setting.decorator';

const URL_OPTIONS = { require_tld: false, require_protocol: true, protocols: ['http', 'https'] };

/**
 * Authentication settings. Bearer JWTs are verified with whichever key sources are set (a shared
 * HS256 secret, a PEM public key, a JWKS URL, or the JWKS of an OIDC issuer found by discovery);
 * API keys always work once created.
 */
export class AuthConfig {
  @Setting({
    env: 'AUTH_JWT_SECRET',
    description: 'Shared secret for HS256 bearer tokens (at least 32 characters); unset disables HS256.',
    secret: true,
  })
  @IsOptional()
  @IsString()
  @MinLength(32)
  jwtSecret?: string;

  @Setting({
    env: 'AUTH_JWT_PUBLIC_KEY',
    description: 'PEM public key (SPKI) verifying RS256/ES256 bearer tokens; literal \\n sequences are read as newlines.',
  })
  @IsOptional()
  @Matches(/-----BEGIN PUBLIC KEY-----/, { message: 'must be a PEM public key (-----BEGIN PUBLIC KEY-----)' })
  jwtPublicKey?: string;

  @Setting({ env: 'AUTH_JWKS_URL', description: 'URL of a JSON Web Key Set verifying RS256/ES256 bearer tokens by kid.' })
  @IsOptional()
  @IsUrl(URL_OPTIONS)
  @NoUrlCredentials()
  jwksUrl?: string;

  @Setting({
    env: 'AUTH_OIDC_ISSUER',
    description: 'OIDC issuer URL; its /.well-known/openid-configuration gives the jwks_uri (and the expected iss).',
  })
  @IsOptional()
  @IsUrl(URL_OPTIONS)
  @NoUrlCredentials()
  oidcIssuer?: string;

  @Setting({ env: 'AUTH_JWT_ISSUER', description: 'Required iss claim of bearer tokens; unset accepts any issuer.' })
  @IsOptional()
  @IsString()
  jwtIssuer?: string;

  @Setting({ env: 'AUTH_JWT_AUDIENCE', description: 'Required aud claim of bearer tokens; unset accepts any audience.' })
  @IsOptional()
  @IsString()
  jwtAudience?: string;

  @Setting({ env: 'AUTH_CLOCK_SKEW_SECONDS', description: 'Clock skew tolerated when checking exp and nbf, in seconds.' })
  @IsInt()
  @Min(0)
  @Max(300)
  clockSkewSeconds: number = 30;

  @Setting({
    env: 'AUTH_ROLES_CLAIM',
    description: 'Claim holding the roles (array or space-separated string); dots walk nested objects.',
  })
  @Matches(/^[A-Za-z0-9_:/-]+(\.[A-Za-z0-9_:/-]+)*$/, { message: 'must be a claim name or a dotted path' })
  rolesClaim: string = 'roles';

  @Setting({
    env: 'AUTH_JWKS_CACHE_SECONDS',
    description: 'How long a fetched key set is used before it is fetched again, in seconds.',
  })
  @IsInt()
  @Min(0)
  jwksCacheSeconds: number = 600;

  @Setting({
    env: 'AUTH_JWKS_COOLDOWN_SECONDS',
    description: 'Least time between two key set fetches triggered by an unknown kid, in seconds.',
  })
  @IsInt()
  @Min(0)
  jwksCooldownSeconds: number = 30;

  @Setting({ env: 'AUTH_HTTP_TIMEOUT_MS', description: 'Timeout of JWKS and OIDC discovery requests, in milliseconds.' })
  @IsInt()
  @Min(100)
  @Max(60000)
  httpTimeoutMs: number = 5000;

  @Setting({
    env: 'BOOTSTRAP_ADMIN_API_KEY',
    description: 'When set (at least 32 characters), this value is a valid admin API key, stored hashed at boot.',
    secret: true,
  })
  @IsOptional()
  @IsString()
  @MinLength(32)
  bootstrapAdminApiKey?: string;

  @Setting({
    env: 'FIRST_ADMIN_KEY_FILE',
    description: 'On a first start with no API key, no BOOTSTRAP_ADMIN_API_KEY and no JWT settings, create one admin key and write it to DATA_DIR/admin-api-key (mode 0600).',
  })
  @IsBoolean()
  firstAdminKeyFile: boolean = true;

  @Setting({
    env: 'DATA_DIR',
    description: 'Directory for files the service writes itself (the first admin key); the embedded database has its own PGLITE_DATA_DIR.',
  })
  @IsString()
  @MinLength(1)
  dataDir: string = './data';

  @Setting({
    env: 'AUTH_FAILURE_WINDOW_SECONDS',
    description: 'Window in which failed authentication attempts are counted per client address and per API key prefix, in seconds.',
  })
  @IsInt()
  @Min(1)
  @Max(86400)
  failureWindowSeconds: number = 60;

  @Setting({
    env: 'AUTH_FAILURE_LIMIT_PER_ADDRESS',
    description: 'Failed authentication attempts one client address may make per window; further failing attempts get 429.',
  })
  @IsInt()
  @Min(1)
  @Max(1000000)
  failureLimitPerAddress: number = 30;

  @Setting({
    env: 'AUTH_FAILURE_LIMIT_PER_KEY',
    description: 'Failed attempts against one API key prefix (from any address) per window; further failing attempts get 429.',
  })
  @IsInt()
  @Min(1)
  @Max(1000000)
  failureLimitPerKey: number = 10;

  @Setting({ env: 'DOCS_PUBLIC', description: 'Serve /docs and /docs-json without credentials.' })
  @IsBoolean()
  docsPublic: boolean = true;
}
