import { randomBytes } from 'node:crypto';
import { ConfigError } from '../../../../src/framework/errors';
import { KeyRing, KeyUnavailableError, keyIdOf, parseKey } from '../../../../src/framework/certificates/key-ring';

describe('KeyRing (AES-256-GCM with key ids)', () => {
  const current = randomBytes(32);
  const previous = randomBytes(32);
  const pem = Buffer.from('-----BEGIN PRIVATE KEY-----\nMIGHAgEA\n-----END PRIVATE KEY-----\n');

  it('seals under the current key id and opens again; the bytes are not the plaintext', () => {
    const ring = new KeyRing(current.toString('base64'));
    const sealed = ring.seal(pem, 'certificate:1');
    expect(sealed.keyId).toBe(keyIdOf(current));
    expect(sealed.sealed.includes(pem)).toBe(false);
    expect(sealed.sealed.toString('latin1')).not.toContain('PRIVATE KEY');
    expect(ring.open(sealed, 'certificate:1')).toEqual(pem);
  });

  it('uses a fresh IV each time', () => {
    const ring = new KeyRing(current.toString('hex'));
    expect(ring.seal(pem, 'a').sealed.equals(ring.seal(pem, 'a').sealed)).toBe(false);
  });

  it('refuses another row (associated data), tampered bytes and a wrong key', () => {
    const ring = new KeyRing(current.toString('base64'));
    const sealed = ring.seal(pem, 'certificate:1');
    expect(() => ring.open(sealed, 'certificate:2')).toThrow();
    const tampered = Buffer.from(sealed.sealed);
    tampered[tampered.length - 1] ^= 1;
    expect(() => ring.open({ ...sealed, sealed: tampered }, 'certificate:1')).toThrow();
    const other = new KeyRing(randomBytes(32).toString('base64'));
    expect(() => other.open(sealed, 'certificate:1')).toThrow(KeyUnavailableError);
    expect(() => other.open({ keyId: other.currentKeyId, sealed: sealed.sealed }, 'certificate:1')).toThrow();
  });

  it('rotation: opens rows of a previous key and reseals them under the current one', () => {
    const old = new KeyRing(previous.toString('base64')).seal(pem, 'x');
    const ring = KeyRing.fromSettings(current.toString('base64'), ` ${randomBytes(32).toString('hex')}, ${previous.toString('base64')} `);
    const resealed = ring.reseal(old, 'x');
    expect(resealed.keyId).toBe(ring.currentKeyId);
    expect(new KeyRing(current.toString('base64')).open(resealed, 'x')).toEqual(pem);
    expect(() => new KeyRing(previous.toString('base64')).open(resealed, 'x')).toThrow(KeyUnavailableError);
  });

  it('accepts 32 bytes as hex or base64 only, without echoing the value', () => {
    expect(parseKey(current.toString('hex'), 'K')).toEqual(current);
    expect(parseKey(current.toString('base64url'), 'K')).toEqual(current);
    for (const bad of ['short', randomBytes(16).toString('base64'), randomBytes(33).toString('hex')]) {
      let error: unknown;
      try {
        parseKey(bad, 'CERTIFICATE_ENCRYPTION_KEY');
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).not.toContain(bad);
    }
  });
});
