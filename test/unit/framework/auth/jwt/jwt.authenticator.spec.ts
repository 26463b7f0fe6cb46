import { AuthConfig } from '../../../../../src/framework/auth/auth.config';
import { CredentialsError, CredentialsExpiredError } from '../../../../../src/framework/auth/auth-errors';
import { JwtAuthenticator } from '../../../../../src/framework/auth/jwt/jwt.authenticator';

const SECRET = 'unit-test-secret-that-is-at-least-32-chars';
const NOW = Date.parse('2026-03-01T12:00:00Z');
const clock = { now: () => new Date(NOW) };

function config(values: Partial<AuthConfig>): AuthConfig {
  return Object.assign(new AuthConfig(), values);
}

const request = (authorization?: string) => ({ method: 'GET', url: '/api/v1/x', headers: authorization ? { authorization } : {} });

async function hs256(claims: Record<string, unknown>, options: { exp?: number; nbf?: number; secret?: string; sub?: string | null } = {}) {
  const { SignJWT } = await import('jose');
  let jwt = new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setIssuedAt(NOW / 1000).setExpirationTime(options.exp ?? NOW / 1000 + 300);
  if (options.sub !== null) jwt = jwt.setSubject(options.sub ?? 'alice');
  if (options.nbf !== undefined) jwt = jwt.setNotBefore(options.nbf);
  return jwt.sign(new TextEncoder().encode(options.secret ?? SECRET));
}

describe('JwtAuthenticator', () => {
  const authenticator = new JwtAuthenticator(config({ jwtSecret: SECRET }), clock);

  it('ignores requests without a bearer token (not mine)', async () => {
    expect(await authenticator.authenticate(request())).toBeNull();
    expect(await authenticator.authenticate(request('Basic dXNlcjpwYXNz'))).toBeNull();
  });

  it('turns a valid HS256 token into a principal with roles, tenant and times', async () => {
    const token = await hs256({ roles: ['submitter', 'nonsense'], tenant_id: 'acme' });
    expect(await authenticator.authenticate(request(`Bearer ${token}`))).toEqual({
      subject: 'alice',
      roles: ['submitter'],
      tenantId: 'acme',
      issuedAt: new Date(NOW),
      expiresAt: new Date(NOW + 300_000),
      mechanism: 'jwt',
    });
  });

  it('reads roles from a configured nested claim, as an array or a space-separated string', async () => {
    const nested = new JwtAuthenticator(config({ jwtSecret: SECRET, rolesClaim: 'realm_access.roles' }), clock);
    const token = await hs256({ realm_access: { roles: ['auditor'] } });
    expect((await nested.authenticate(request(`Bearer ${token}`)))?.roles).toEqual(['auditor']);
    const scoped = new JwtAuthenticator(config({ jwtSecret: SECRET, rolesClaim: 'scope' }), clock);
    expect((await scoped.authenticate(request(`Bearer ${await hs256({ scope: 'openid operator admin' })}`)))?.roles).toEqual([
      'operator',
      'admin',
    ]);
  });

  it('tolerates the configured clock skew on exp and nbf, and no more', async () => {
    const skewed = new JwtAuthenticator(config({ jwtSecret: SECRET, clockSkewSeconds: 30 }), clock);
    await expect(skewed.authenticate(request(`Bearer ${await hs256({}, { exp: NOW / 1000 - 20 })}`))).resolves.not.toBeNull();
    await expect(skewed.authenticate(request(`Bearer ${await hs256({}, { nbf: NOW / 1000 + 20 })}`))).resolves.not.toBeNull();
    await expect(skewed.authenticate(request(`Bearer ${await hs256({}, { exp: NOW / 1000 - 40 })}`))).rejects.toBeInstanceOf(
      CredentialsExpiredError,
    );
    await expect(skewed.authenticate(request(`Bearer ${await hs256({}, { nbf: NOW / 1000 + 40 })}`))).rejects.toMatchObject({
      reason: 'invalid-claims',
    });
  });

  it('refuses a wrong signature, a missing subject and garbage with reasons', async () => {
    await expect(authenticator.authenticate(request(`Bearer ${await hs256({}, { secret: 'x'.repeat(40) })}`))).rejects.toMatchObject({
      reason: 'invalid-signature',
    });
    await expect(authenticator.authenticate(request(`Bearer ${await hs256({}, { sub: null })}`))).rejects.toMatchObject({
      reason: 'invalid-claims',
    });
    await expect(authenticator.authenticate(request('Bearer abc'))).rejects.toMatchObject({ reason: 'malformed-credentials' });
    await expect(authenticator.authenticate(request('Bearer a.b.c'))).rejects.toBeInstanceOf(CredentialsError);
  });

  it('checks audience and issuer when configured', async () => {
    const strict = new JwtAuthenticator(config({ jwtSecret: SECRET, jwtAudience: 'svc', jwtIssuer: 'https://idp' }), clock);
    const { SignJWT } = await import('jose');
    const sign = (aud: string, iss: string) =>
      new SignJWT({})
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('bob')
        .setAudience(aud)
        .setIssuer(iss)
        .setExpirationTime(NOW / 1000 + 60)
        .sign(new TextEncoder().encode(SECRET));
    await expect(strict.authenticate(request(`Bearer ${await sign('svc', 'https://idp')}`))).resolves.toMatchObject({ subject: 'bob' });
    await expect(strict.authenticate(request(`Bearer ${await sign('other', 'https://idp')}`))).rejects.toMatchObject({ reason: 'invalid-claims' });
    await expect(strict.authenticate(request(`Bearer ${await sign('svc', 'https://evil')}`))).rejects.toMatchObject({ reason: 'invalid-claims' });
  });

  it('verifies RS256 with a PEM public key and refuses HS256 tokens keyed with that public key (alg confusion)', async () => {
    const { generateKeyPair, exportSPKI, SignJWT } = await import('jose');
    const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
    const pem = await exportSPKI(publicKey);
    const withPem = new JwtAuthenticator(config({ jwtPublicKey: pem.replace(/\n/g, '\\n') }), clock);
    const good = await new SignJWT({ roles: ['operator'] })
      .setProtectedHeader({ alg: 'RS256' })
      .setSubject('svc')
      .setExpirationTime(NOW / 1000 + 60)
      .sign(privateKey);
    await expect(withPem.authenticate(request(`Bearer ${good}`))).resolves.toMatchObject({ roles: ['operator'] });
    const confused = await new SignJWT({ roles: ['admin'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('attacker')
      .setExpirationTime(NOW / 1000 + 60)
      .sign(new TextEncoder().encode(pem));
    await expect(withPem.authenticate(request(`Bearer ${confused}`))).rejects.toMatchObject({ reason: 'unsupported-algorithm' });
  });

  it('refuses bearer tokens when no key source is configured', async () => {
    const none = new JwtAuthenticator(config({}), clock);
    await expect(none.authenticate(request(`Bearer ${await hs256({})}`))).rejects.toMatchObject({ reason: 'mechanism-disabled' });
  });

  it('never puts the token into an error message', async () => {
    const token = await hs256({}, { exp: NOW / 1000 - 3600 });
    const error = await authenticator.authenticate(request(`Bearer ${token}`)).catch((e: unknown) => e as CredentialsError);
    expect(JSON.stringify({ message: (error as Error).message, chain: (error as CredentialsError).causeChain() })).not.toContain(
      token.split('.')[2],
    );
  });
  it('accepts a token again without extending its life: refused once expired, as the first time would', async () => {
    let now = NOW;
    const stepping = new JwtAuthenticator(config({ jwtSecret: SECRET, clockSkewSeconds: 30 }), { now: () => new Date(now) });
    const token = await hs256({ tenant_id: 'acme' }, { exp: NOW / 1000 + 60 });
    const first = await stepping.authenticate(request(`Bearer ${token}`));
    now = NOW + 89_999;
    expect(await stepping.authenticate(request(`Bearer ${token}`))).toEqual(first);
    now = NOW + 90_000;
    await expect(stepping.authenticate(request(`Bearer ${token}`))).rejects.toBeInstanceOf(CredentialsExpiredError);
  });

  it('refuses a tampered copy of a token it accepted a moment ago', async () => {
    const token = await hs256({ tenant_id: 'acme' });
    await expect(authenticator.authenticate(request(`Bearer ${token}`))).resolves.toMatchObject({ tenantId: 'acme' });
    const [header, , signature] = token.split('.');
    const forged = `${header}.${Buffer.from(JSON.stringify({ sub: 'alice', tenant_id: 'other', exp: NOW / 1000 + 300 })).toString('base64url')}.${signature}`;
    await expect(authenticator.authenticate(request(`Bearer ${forged}`))).rejects.toMatchObject({ reason: 'invalid-signature' });
  });
});
