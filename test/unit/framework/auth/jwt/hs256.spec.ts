import { createHmac, createSecretKey } from 'node:crypto';
import { AuthConfig } from '../../../../../src/framework/auth/auth.config';
import { hs256Payload } from '../../../../../src/framework/auth/jwt/hs256';
import { JwtAuthenticator } from '../../../../../src/framework/auth/jwt/jwt.authenticator';

const SECRET = 'unit-test-secret-that-is-at-least-32-chars';
const KEY = createSecretKey(new TextEncoder().encode(SECRET));
const NOW = Date.parse('2026-03-01T12:00:00Z');
const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/** A compact JWS with any header and payload, signed HS256 with `secret` (no library in between). */
function signed(header: unknown, payload: unknown, secret = SECRET): string {
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

const claims = { sub: 'alice', exp: NOW / 1000 + 300 };

describe('hs256Payload (the HS256 signature check in the request thread)', () => {
  it('returns the payload part of a token jose signed, and nothing for another secret', async () => {
    const { SignJWT } = await import('jose');
    const token = await new SignJWT({ tenant_id: 'acme' }).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setSubject('alice').sign(new TextEncoder().encode(SECRET));
    expect(hs256Payload(token, KEY)).toBe(token.split('.')[1]);
    expect(hs256Payload(token, createSecretKey(Buffer.from('another-secret-that-is-at-least-32-chars')))).toBeUndefined();
  });

  it('leaves every other token to jose: another alg, header members beyond alg/typ/kid, non-canonical parts, no three parts', () => {
    expect(hs256Payload(signed({ alg: 'HS256' }, claims), KEY)).toBe(b64(claims));
    expect(hs256Payload(signed({ alg: 'HS384' }, claims), KEY)).toBeUndefined();
    expect(hs256Payload(signed({ alg: 'none' }, claims), KEY)).toBeUndefined();
    expect(hs256Payload(signed({ alg: 'HS256', crit: ['exp'], exp: 1 }, claims), KEY)).toBeUndefined();
    expect(hs256Payload(signed({ alg: 'HS256', b64: false, crit: ['b64'] }, claims), KEY)).toBeUndefined();
    expect(hs256Payload(signed(['HS256'], claims), KEY)).toBeUndefined();
    const token = signed({ alg: 'HS256' }, claims);
    const [header, payload, signature] = token.split('.');
    // The last character of a 32-byte signature carries 2 unused bits: another character, same bytes.
    const last = signature.at(-1)!;
    const sibling = 'AEIMQUYcgkosw048'.includes(last) ? String.fromCharCode(last.charCodeAt(0) + 1) : last;
    expect(Buffer.from(`${signature.slice(0, -1)}${sibling}`, 'base64url')).toEqual(Buffer.from(signature, 'base64url'));
    expect(hs256Payload(`${header}.${payload}.${signature.slice(0, -1)}${sibling}`, KEY)).toBeUndefined();
    expect(hs256Payload(`${header}.${payload}`, KEY)).toBeUndefined();
    expect(hs256Payload(`${header}.${payload}.${signature}.x`, KEY)).toBeUndefined();
    expect(hs256Payload(`${header}.${payload}.${signature.slice(0, -2)}`, KEY)).toBeUndefined();
  });
});

describe('JwtAuthenticator on the HS256 path: the verdicts jose gives', () => {
  const authenticator = new JwtAuthenticator(Object.assign(new AuthConfig(), { jwtSecret: SECRET }), { now: () => new Date(NOW) });
  const bearer = (token: string) => authenticator.authenticate({ method: 'GET', url: '/api/v1/x', headers: { authorization: `Bearer ${token}` } });

  it('accepts a plain HS256 token and checks its claims (expiry, required exp)', async () => {
    await expect(bearer(signed({ alg: 'HS256', typ: 'JWT', kid: 'k1' }, claims))).resolves.toMatchObject({ subject: 'alice' });
    await expect(bearer(signed({ alg: 'HS256' }, { sub: 'alice', exp: NOW / 1000 - 60 }))).rejects.toMatchObject({ reason: 'expired' });
    await expect(bearer(signed({ alg: 'HS256' }, { sub: 'alice' }))).rejects.toMatchObject({ reason: 'invalid-claims' });
  });

  it('refuses validly signed tokens that jose refuses: unknown crit, unencoded payload, a payload that is no claims object', async () => {
    await expect(bearer(signed({ alg: 'HS256', crit: ['x'], x: 1 }, claims))).rejects.toMatchObject({ reason: 'malformed-credentials' });
    await expect(bearer(signed({ alg: 'HS256', b64: false, crit: ['b64'] }, claims))).rejects.toMatchObject({ reason: 'malformed-credentials' });
    await expect(bearer(signed({ alg: 'HS256' }, [claims]))).rejects.toMatchObject({ reason: 'malformed-credentials' });
    await expect(bearer(signed({ alg: 'HS256' }, 'not json'))).rejects.toMatchObject({ reason: 'malformed-credentials' });
  });

  it('refuses a wrong signature as jose does', async () => {
    await expect(bearer(signed({ alg: 'HS256' }, claims, 'another-secret-that-is-at-least-32-chars'))).rejects.toMatchObject({ reason: 'invalid-signature' });
  });
});
