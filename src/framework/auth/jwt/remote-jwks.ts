import type { JSONWebKeySet, JWSHeaderParameters, CryptoKey, FlattenedJWSInput } from 'jose';
import { DependencyError } from '../../errors';
import type { Clock } from '../clock';
import { fetchJson, FetchLike } from './http-json';
import { loadJose } from './jose';

export interface RemoteJwksOptions {
  /** Returns the JWKS URL; async because OIDC discovery may have to find it first. */
  url: () => Promise<string>;
  fetch: FetchLike;
  clock: Clock;
  /** A key set older than this is fetched again before use. */
  maxAgeMs: number;
  /** Least time between two fetches caused by an unknown kid. */
  cooldownMs: number;
  timeoutMs: number;
}

type Resolver = (header: JWSHeaderParameters, token: FlattenedJWSInput) => Promise<CryptoKey>;

/**
 * A remote JSON Web Key Set, cached. A token signed with a kid the cached set does not hold
 * triggers one refetch (key rotation at the issuer), at most once per cooldown so a flood of
 * tokens with made-up kids cannot turn the service into a JWKS hammer. Concurrent callers share
 * one fetch.
 */
export class RemoteJwks {
  private keys?: { resolve: Resolver; fetchedAt: number };
  private inFlight?: Promise<void>;
  private lastFetchAt = Number.NEGATIVE_INFINITY;
  /** Number of fetches made (observable by tests and diagnostics). */
  fetches = 0;
  /** Number of key sets loaded: changes whenever the keys a token is checked against may have changed. */
  version = 0;

  constructor(private readonly options: RemoteJwksOptions) {}

  /** A key resolver for jose's jwtVerify. */
  readonly getKey = async (header: JWSHeaderParameters, token: FlattenedJWSInput): Promise<CryptoKey> => {
    const now = this.options.clock.now().getTime();
    if (!this.keys) await this.refresh();
    else if (now - this.keys.fetchedAt >= this.options.maxAgeMs) {
      // Stale keys still verify while the issuer is unreachable; a rotation shows up as an unknown kid.
      await this.refresh().catch(() => undefined);
    }
    try {
      return await this.keys!.resolve(header, token);
    } catch (error) {
      const { errors } = await loadJose();
      if (!(error instanceof errors.JWKSNoMatchingKey)) throw error;
      if (this.options.clock.now().getTime() - this.lastFetchAt < this.options.cooldownMs) throw error;
      await this.refresh();
      return this.keys!.resolve(header, token);
    }
  };

  private async refresh(): Promise<void> {
    this.inFlight ??= this.load().finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  private async load(): Promise<void> {
    const { createLocalJWKSet } = await loadJose();
    const url = await this.options.url();
    this.lastFetchAt = this.options.clock.now().getTime();
    this.fetches++;
    const body = await fetchJson(this.options.fetch, url, this.options.timeoutMs, 'JSON Web Key Set');
    if (!isKeySet(body)) throw new DependencyError('The JSON Web Key Set has no "keys" array.');
    let resolve: Resolver;
    try {
      resolve = createLocalJWKSet(body);
    } catch (error) {
      throw new DependencyError('The JSON Web Key Set is malformed.', { cause: error });
    }
    this.keys = { resolve, fetchedAt: this.options.clock.now().getTime() };
    this.version++;
  }
}

function isKeySet(value: unknown): value is JSONWebKeySet {
  return typeof value === 'object' && value !== null && Array.isArray((value as { keys?: unknown }).keys);
}
