import { createSecretKey, type KeyObject } from 'node:crypto';
import type { CryptoKey, FlattenedJWSInput, JWSHeaderParameters } from 'jose';
import type { AuthConfig } from '../auth.config';
import type { Clock } from '../clock';
import type { FetchLike } from './http-json';
import { loadJose } from './jose';
import { discoverOidc } from './oidc-discovery';
import { RemoteJwks } from './remote-jwks';

/** Symmetric and asymmetric algorithms are never mixed: a public key must not verify HS256 (alg confusion). */
export const SYMMETRIC_ALGORITHMS = ['HS256'];
export const ASYMMETRIC_ALGORITHMS = ['RS256', 'ES256'];

export type KeyFor = (header: JWSHeaderParameters, token: FlattenedJWSInput) => Promise<CryptoKey | Uint8Array>;

export interface JwtKeys {
  /** Resolves the verification key for a token, by its alg (and kid for JWKS). */
  keyFor: KeyFor;
  algorithms: string[];
  /** Issuer to require: AUTH_JWT_ISSUER, else the one discovered through OIDC. */
  issuer: () => Promise<string | undefined>;
  /** The HS256 secret (AUTH_JWT_SECRET) as a node:crypto key, when HS256 is accepted. */
  hmacSecret?: KeyObject;
  /** Changes whenever the keys tokens are checked against may have changed (a JWKS loaded again); constant for configured keys. */
  version: () => number;
}

/** Builds the key sources that AuthConfig enables; undefined when bearer tokens are not configured. */
export function jwtKeysFrom(config: AuthConfig, clock: Clock, fetchFn: FetchLike): JwtKeys | undefined {
  const secret = config.jwtSecret ? new TextEncoder().encode(config.jwtSecret) : undefined;
  const publicPem = config.jwtPublicKey?.replace(/\\n/g, '\n');
  const publicKeys = new Map<string, Promise<CryptoKey>>();
  // Imported once: given raw bytes, jose imports a WebCrypto key on every verification.
  let hmacKey: Promise<CryptoKey> | undefined;

  let discovery: ReturnType<typeof discoverOidc> | undefined;
  const discovered = () => {
    discovery ??= discoverOidc(config.oidcIssuer!, fetchFn, config.httpTimeoutMs).catch((error: unknown) => {
      discovery = undefined; // try again on the next token rather than failing forever
      throw error;
    });
    return discovery;
  };

  const jwksUrl = config.jwksUrl
    ? async () => config.jwksUrl!
    : config.oidcIssuer
      ? async () => (await discovered()).jwksUri
      : undefined;
  const jwks = jwksUrl
    ? new RemoteJwks({
        url: jwksUrl,
        fetch: fetchFn,
        clock,
        maxAgeMs: config.jwksCacheSeconds * 1000,
        cooldownMs: config.jwksCooldownSeconds * 1000,
        timeoutMs: config.httpTimeoutMs,
      })
    : undefined;

  const algorithms = [...(secret ? SYMMETRIC_ALGORITHMS : []), ...(publicPem || jwks ? ASYMMETRIC_ALGORITHMS : [])];
  if (algorithms.length === 0) return undefined;

  const keyFor: KeyFor = async (header, token) => {
    const alg = header.alg ?? '';
    if (SYMMETRIC_ALGORITHMS.includes(alg) && secret) {
      hmacKey ??= globalThis.crypto.subtle.importKey('raw', secret, { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
      return hmacKey;
    }
    // A kid names a key in the set; a token without kid may still match the configured PEM key.
    if (publicPem && (!header.kid || !jwks)) {
      if (!publicKeys.has(alg)) publicKeys.set(alg, loadJose().then((jose) => jose.importSPKI(publicPem, alg)));
      return publicKeys.get(alg)!;
    }
    if (jwks) return jwks.getKey(header, token);
    throw new (await loadJose()).errors.JOSEAlgNotAllowed(`"alg" (Algorithm) Header Parameter value not allowed`);
  };

  return {
    keyFor,
    algorithms,
    hmacSecret: secret ? createSecretKey(secret) : undefined,
    version: () => jwks?.version ?? 0,
    issuer: async () => config.jwtIssuer ?? (config.oidcIssuer ? (await discovered()).issuer : undefined),
  };
}
