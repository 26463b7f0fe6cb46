import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Keys read `isk_<prefix>_<secret>`: the prefix finds the row, the secret proves possession. */
export const API_KEY_PREFIX = 'isk';
const FORMAT = /^isk_([a-z0-9]{4,32})_([A-Za-z0-9_-]{16,})$/;

/** Prefix of the row that holds BOOTSTRAP_ADMIN_API_KEY, whatever shape the operator chose for it. */
export const BOOTSTRAP_PREFIX = 'bootstrap';

export interface GeneratedApiKey {
  /** The whole key, shown to its creator once and never stored. */
  key: string;
  prefix: string;
  hash: string;
}

/** 256 random bits of secret: a plain SHA-256 of it is as strong as a slow hash would be. */
export function generateApiKey(): GeneratedApiKey {
  const prefix = randomBytes(6).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return { key: `${API_KEY_PREFIX}_${prefix}_${secret}`, prefix, hash: hashSecret(secret) };
}

export interface PresentedApiKey {
  prefix: string;
  /** The part hashed and compared against the stored hash. */
  secret: string;
}

/** Splits a presented key; any other shape is treated as the bootstrap key's full value. */
export function parseApiKey(value: string): PresentedApiKey {
  const match = FORMAT.exec(value);
  return match ? { prefix: match[1], secret: match[2] } : { prefix: BOOTSTRAP_PREFIX, secret: value };
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Constant-time comparison of the presented secret's hash with the stored one. */
export function secretMatches(secret: string, storedHash: string): boolean {
  const presented = Buffer.from(hashSecret(secret), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}
