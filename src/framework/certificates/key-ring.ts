import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { ConfigError } from '../errors';

/** An encrypted value as stored: which key sealed it and the sealed bytes (iv ‖ tag ‖ ciphertext). */
export interface SealedValue {
  keyId: string;
  sealed: Buffer;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * AES-256-GCM under the current key, with the previous keys kept for decryption only. Each key is
 * known by an id derived from it (first 16 hex digits of its SHA-256), stored next to the
 * ciphertext, so rotation knows which rows still need re-encryption. The associated data binds a
 * ciphertext to its row: a sealed key copied to another row does not decrypt.
 */
export class KeyRing {
  private readonly keys = new Map<string, Buffer>();
  readonly currentKeyId: string;

  constructor(current: string, previous: string[] = []) {
    const currentKey = parseKey(current, 'CERTIFICATE_ENCRYPTION_KEY');
    this.currentKeyId = keyIdOf(currentKey);
    this.keys.set(this.currentKeyId, currentKey);
    for (const value of previous) {
      const key = parseKey(value, 'CERTIFICATE_ENCRYPTION_PREVIOUS_KEYS');
      if (!this.keys.has(keyIdOf(key))) this.keys.set(keyIdOf(key), key);
    }
  }

  static fromSettings(current: string, previous: string | undefined): KeyRing {
    const list = (previous ?? '').split(',').map((v) => v.trim()).filter(Boolean);
    return new KeyRing(current, list);
  }

  seal(plaintext: Buffer, associatedData: string): SealedValue {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(this.currentKeyId)!, iv);
    cipher.setAAD(Buffer.from(associatedData, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return { keyId: this.currentKeyId, sealed: Buffer.concat([iv, cipher.getAuthTag(), ciphertext]) };
  }

  /** Throws when the key id is unknown or the bytes (or associated data) were tampered with. */
  open(value: SealedValue, associatedData: string): Buffer {
    const key = this.keys.get(value.keyId);
    if (!key) throw new KeyUnavailableError(value.keyId);
    const iv = value.sealed.subarray(0, IV_BYTES);
    const tag = value.sealed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES);
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAAD(Buffer.from(associatedData, 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(value.sealed.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
  }

  /** Opens with whichever key sealed it and seals again with the current key. */
  reseal(value: SealedValue, associatedData: string): SealedValue {
    return this.seal(this.open(value, associatedData), associatedData);
  }
}

/** A row sealed with a key that is neither the current nor a listed previous one. */
export class KeyUnavailableError extends Error {
  constructor(readonly keyId: string) {
    super(`no encryption key with id ${keyId} is configured (add it to CERTIFICATE_ENCRYPTION_PREVIOUS_KEYS)`);
  }
}

export function keyIdOf(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}

/** 32 bytes as 64 hex digits or base64 (standard or url-safe). The value never enters the message. */
export function parseKey(value: string, variable: string): Buffer {
  const text = value.trim();
  const bytes = /^[0-9a-fA-F]{64}$/.test(text) ? Buffer.from(text, 'hex') : /^[A-Za-z0-9+/_-]+={0,2}$/.test(text) ? Buffer.from(text, 'base64') : undefined;
  if (!bytes || bytes.length !== 32) {
    throw new ConfigError(`${variable} must be 32 bytes, base64 or hex encoded`, [{ field: variable, reason: 'must be 32 bytes, base64 or hex encoded' }]);
  }
  return bytes;
}
