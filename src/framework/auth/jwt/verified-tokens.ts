import type { JWTPayload } from 'jose';

/** What a token was verified against: a hit counts only under the same rules. */
export interface VerificationRules {
  issuer: string | undefined;
  audience: string | undefined;
  /** Clock tolerance in seconds, as jose takes it. */
  toleranceSeconds: number;
  /** The version of the keys (JwtKeys.version) read before the token was checked: a key set loaded since voids the entry. */
  keys: number;
}

interface Verified {
  payload: JWTPayload;
  rules: VerificationRules;
  /** Epoch ms after which the entry is not used (at most maxAgeMs after it was verified). */
  until: number;
}

/** Longer tokens are verified every time (they are not worth the memory, and no usual issuer makes them). */
const MAX_TOKEN_LENGTH = 4096;

/**
 * Bearer tokens this process verified a moment ago, by their exact text (signature included), so
 * a client that sends the same token with every request is not verified again on each one (the
 * HMAC or the RSA/ECDSA signature, jose's decoding and claim checks: a few per cent of the request
 * thread per invoice). Only tokens that passed are kept, and a kept one is used only:
 * - under the same rules (issuer, audience, clock tolerance) it passed under, and while the keys
 *   are those it was checked against: once a JWKS is loaded again (a rotation: a token with an
 *   unknown kid; or the set's age), every token is checked again against the new set, so a key
 *   withdrawn from the set stops admitting its tokens exactly when it would without this cache;
 * - while its time claims still hold, asked as jose asks them (`nbf <= now + tolerance`,
 *   `exp > now - tolerance`, in whole seconds): past `exp` the token goes to full verification
 *   again, which refuses it as expired, exactly as without the cache;
 * - for at most `maxAgeMs` after it was verified.
 * The set is bounded (`maxEntries`, oldest first out). The payload is frozen: every request that
 * hits gets the same object.
 */
export class VerifiedTokens {
  private readonly entries = new Map<string, Verified>();

  constructor(
    private readonly maxEntries = 1024,
    private readonly maxAgeMs = 60_000,
  ) {}

  /** The payload of `token` if it passed under `rules` and its time claims hold at `nowMs`; else undefined. */
  get(token: string, rules: VerificationRules, nowMs: number): JWTPayload | undefined {
    const entry = this.entries.get(token);
    if (entry === undefined) return undefined;
    if (nowMs >= entry.until || !sameRules(entry.rules, rules) || !timeClaimsHold(entry.payload, rules.toleranceSeconds, nowMs)) {
      this.entries.delete(token);
      return undefined;
    }
    return entry.payload;
  }

  /** Keeps a token that passed full verification under `rules` at `nowMs`; returns its (frozen) payload. */
  remember(token: string, payload: JWTPayload, rules: VerificationRules, nowMs: number): JWTPayload {
    const frozen = deepFreeze(payload);
    if (token.length > MAX_TOKEN_LENGTH || this.maxEntries <= 0) return frozen;
    this.entries.delete(token);
    while (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(token, { payload: frozen, rules: { ...rules }, until: nowMs + this.maxAgeMs });
    return frozen;
  }

  get size(): number {
    return this.entries.size;
  }
}

function sameRules(a: VerificationRules, b: VerificationRules): boolean {
  return a.issuer === b.issuer && a.audience === b.audience && a.toleranceSeconds === b.toleranceSeconds && a.keys === b.keys;
}

/** jose's time checks (jwt_claims_set.js), on whole seconds of `nowMs`; the claims' types were checked when the token passed. */
function timeClaimsHold(payload: JWTPayload, toleranceSeconds: number, nowMs: number): boolean {
  const now = Math.floor(nowMs / 1000);
  if (payload.nbf !== undefined && payload.nbf > now + toleranceSeconds) return false;
  // exp is a required claim: a token without one never passed.
  return payload.exp !== undefined && payload.exp > now - toleranceSeconds;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const member of Object.values(value)) deepFreeze(member);
  }
  return value;
}
