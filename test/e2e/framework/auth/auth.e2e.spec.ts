import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TEST_JWT_SECRET } from '../../../support/auth';
import { json, RunningApp, startApp, testConfig } from '../../../support/test-app';
import { createTestDatabase, TestDatabase } from '../../../support/test-database';
import { JwksServer, signingKey, signToken, type SigningKey } from '../../../support/jwks-server';
import { EXAMPLES } from '../../../support/paths';

const PROBLEM = 'application/problem+json';
const ISSUER = 'https://idp.test/realms/invoices';
const AUDIENCE = 'invoice-service';
const BOOTSTRAP_KEY = 'bootstrap-admin-key-for-the-e2e-suite-0123456789';
const example = readFileSync(
  join(EXAMPLES, 'bis-billing', 'Invoice-Min_content_with_VAT.xml'),
);

describe('identity and access over real HTTP', () => {
  let db: TestDatabase;
  let idp: JwksServer;
  let running: RunningApp;
  let firstKey: SigningKey;
  /** Every credential this suite hands out or configures: none may ever show up in a log line. */
  const secrets: string[] = [TEST_JWT_SECRET, BOOTSTRAP_KEY];
  const hs256 = new TextEncoder().encode(TEST_JWT_SECRET);

  const url = (path: string) => running.baseUrl + path;
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  /** A token for the configured issuer and audience, remembered as a secret. */
  const token = async (key: SigningKey | Uint8Array, options: Parameters<typeof signToken>[1] = {}) => {
    const signed = await signToken(key, { issuer: ISSUER, audience: AUDIENCE, tenantId: 'default', ...options });
    secrets.push(signed);
    return signed;
  };
  const submit = (headers: Record<string, string>) =>
    fetch(url('/api/v1/invoices'), { method: 'POST', headers: { 'content-type': 'application/xml', ...headers }, body: example });

  beforeAll(async () => {
    idp = new JwksServer();
    await idp.start();
    firstKey = await signingKey('key-2026-01');
    idp.keys = [firstKey];
    db = await createTestDatabase();
    running = await startApp(
      testConfig({
        DATABASE_URL: db.url,
        AUTH_JWKS_URL: `${idp.url}/jwks.json`,
        AUTH_JWT_ISSUER: ISSUER,
        AUTH_JWT_AUDIENCE: AUDIENCE,
        // Rotation is observed at once here; the rate limit has its own unit test with a clock.
        AUTH_JWKS_COOLDOWN_SECONDS: 0,
        BOOTSTRAP_ADMIN_API_KEY: BOOTSTRAP_KEY,
        DOCS_PUBLIC: false,
      }),
    );
  });

  afterAll(async () => {
    await running?.close();
    await db?.drop();
    await idp?.stop();
  });

  it('refuses a protected route without credentials: 401 problem+json with a Bearer challenge', async () => {
    const response = await fetch(url('/api/v1/invoices/6f1c1b0e-6c11-4d0a-9a7e-3f4f1d2a9b10'), {
      headers: { 'x-request-id': 'no-credentials-1' },
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toContain(PROBLEM);
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="invoice-service", ApiKey realm="invoice-service"');
    expect(await json(response)).toMatchObject({ type: 'urn:invoice-service:problem:unauthenticated', status: 401, correlation_id: 'no-credentials-1' });
  });

  it('keeps public routes reachable without credentials and /docs closed while DOCS_PUBLIC=false', async () => {
    expect((await fetch(url('/health/live'))).status).toBe(200);
    const docs = await fetch(url('/docs-json'));
    expect(docs.status).toBe(401);
    expect(docs.headers.get('content-type')).toContain(PROBLEM);
    expect(docs.headers.get('www-authenticate')).toContain('Bearer realm="invoice-service"');
    expect((await fetch(url('/docs'))).status).toBe(401);
    const authorised = await fetch(url('/docs-json'), { headers: bearer(await token(hs256, { roles: ['auditor'] })) });
    expect(authorised.status).toBe(200);
    expect(Object.keys((await json(authorised)).paths)).toEqual(expect.arrayContaining(['/api/v1/admin/api-keys']));
  });

  it('accepts a valid HS256 token and stores the invoice for the token tenant', async () => {
    const response = await submit(bearer(await token(hs256, { roles: ['submitter'], tenantId: 'default' })));
    expect(response.status).toBe(202);
    const receipt = await json<{ id: string }>(response);
    const read = await fetch(url(`/api/v1/invoices/${receipt.id}`), { headers: bearer(await token(hs256, { roles: ['auditor'] })) });
    expect(read.status).toBe(200);
  });

  it('verifies an RS256 token through the JWKS server, then follows a rotation to a new kid without restart', async () => {
    expect((await submit(bearer(await token(firstKey)))).status).toBe(202);
    const fetchesBefore = idp.hitsOf('/jwks.json');
    expect(fetchesBefore).toBe(1);
    expect((await submit(bearer(await token(firstKey)))).status).toBe(202);
    expect(idp.hitsOf('/jwks.json')).toBe(1); // cached

    const rotated = await signingKey('key-2026-02', 'ES256');
    idp.keys = [rotated];
    expect((await submit(bearer(await token(rotated)))).status).toBe(202);
    expect(idp.hitsOf('/jwks.json')).toBe(2); // the unknown kid caused exactly one refetch

    const retired = await submit(bearer(await token(firstKey)));
    expect(retired.status).toBe(401);
    expect((await json(retired)).type).toBe('urn:invoice-service:problem:invalid-credentials');
  });

  it('refuses an expired token with its own problem type and an invalid_token challenge', async () => {
    const response = await submit(bearer(await token(hs256, { expiresIn: -120 })));
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toContain(PROBLEM);
    expect(response.headers.get('www-authenticate')).toBe(
      'Bearer realm="invoice-service", error="invalid_token", error_description="The credentials expired"',
    );
    expect(await json(response)).toMatchObject({ type: 'urn:invoice-service:problem:token-expired', status: 401 });
  });

  it('refuses a wrong audience, a wrong issuer, a future nbf and a bad signature with 401 invalid-credentials', async () => {
    const forged = await signToken(new TextEncoder().encode('another-secret-that-is-long-enough-000'), { issuer: ISSUER, audience: AUDIENCE });
    secrets.push(forged);
    const cases = [
      await token(hs256, { audience: 'someone-else' }),
      await token(hs256, { issuer: 'https://evil.test' }),
      await token(hs256, { notBefore: 600 }),
      forged,
      'not-a-jwt',
    ];
    for (const candidate of cases) {
      const response = await submit(bearer(candidate));
      expect({ status: response.status, type: (await json(response)).type }).toEqual({
        status: 401,
        type: 'urn:invoice-service:problem:invalid-credentials',
      });
      expect(response.headers.get('www-authenticate')).toContain('error="invalid_token"');
    }
  });

  it('answers 403 when the role is not enough, 202 for admin who may do everything', async () => {
    const auditor = await submit(bearer(await token(hs256, { roles: ['auditor'] })));
    expect(auditor.status).toBe(403);
    expect(auditor.headers.get('content-type')).toContain(PROBLEM);
    expect((await json(auditor)).type).toBe('urn:invoice-service:problem:forbidden');
    expect(auditor.headers.get('www-authenticate')).toBe('Bearer realm="invoice-service", error="insufficient_scope"');
    const submitterOnAdmin = await fetch(url('/api/v1/admin/api-keys'), { headers: bearer(await token(hs256, { roles: ['submitter'] })) });
    expect(submitterOnAdmin.status).toBe(403);
    expect((await submit(bearer(await token(hs256, { roles: ['admin'] })))).status).toBe(202);
  });

  it('creates an API key once, lists it without secret, authenticates with it, and refuses it once revoked', async () => {
    const admin = { 'x-api-key': BOOTSTRAP_KEY, 'content-type': 'application/json' };
    const created = await fetch(url('/api/v1/admin/api-keys'), {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({ name: 'erp connector', roles: ['submitter'], tenant_id: 'default', expires_in_days: 30 }),
    });
    expect(created.status).toBe(201);
    const body = await json<{ id: string; key: string; prefix: string; roles: string[]; tenant_id: string; created_by: string }>(created);
    secrets.push(body.key);
    expect(body.key).toMatch(new RegExp(`^isk_${body.prefix}_[A-Za-z0-9_-]{43}$`));
    expect(body).toMatchObject({ roles: ['submitter'], tenant_id: 'default', created_by: 'apikey:bootstrap' });

    const listed = await json<Array<Record<string, unknown>>>(await fetch(url('/api/v1/admin/api-keys'), { headers: admin }));
    const entry = listed.find((k) => k.id === body.id);
    expect(entry).toMatchObject({ prefix: body.prefix, name: 'erp connector', revoked_at: null });
    expect(entry).not.toHaveProperty('key');
    // The whole secret after `isk_<prefix>_` (base64url: it may hold '_' itself).
    expect(JSON.stringify(listed)).not.toContain(body.key.slice(`isk_${body.prefix}_`.length));

    expect((await submit({ 'x-api-key': body.key })).status).toBe(202);
    expect((await fetch(url('/api/v1/admin/api-keys'), { headers: { 'x-api-key': body.key } })).status).toBe(403);
    const wrongSecret = await submit({ 'x-api-key': `isk_${body.prefix}_${'A'.repeat(43)}` });
    expect(wrongSecret.status).toBe(401);
    expect(wrongSecret.headers.get('www-authenticate')).toContain('ApiKey realm="invoice-service", error="invalid_token"');

    const revoked = await fetch(url(`/api/v1/admin/api-keys/${body.id}`), { method: 'DELETE', headers: { 'x-api-key': BOOTSTRAP_KEY } });
    expect(revoked.status).toBe(204);
    const after = await submit({ 'x-api-key': body.key });
    expect(after.status).toBe(401);
    expect((await json(after)).type).toBe('urn:invoice-service:problem:invalid-credentials');
    const relisted = await json<Array<Record<string, unknown>>>(await fetch(url('/api/v1/admin/api-keys'), { headers: admin }));
    expect(relisted.find((k) => k.id === body.id)?.revoked_at).toEqual(expect.any(String));
    expect(relisted.find((k) => k.id === body.id)?.last_used_at).toEqual(expect.any(String));
  });

  it('validates API key requests: unknown role, unknown tenant, unknown id', async () => {
    // A platform admin (no tenant of its own): a tenant-bound one may not name another tenant at all.
    const bearerAdmin = bearer(await token(hs256, { roles: ['admin'], tenantId: undefined }));
    const admin = { ...bearerAdmin, 'content-type': 'application/json' };
    const badRole = await fetch(url('/api/v1/admin/api-keys'), { method: 'POST', headers: admin, body: JSON.stringify({ name: 'x', roles: ['root'] }) });
    expect(badRole.status).toBe(400);
    expect((await json(badRole)).errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'roles' })]));
    const badTenant = await fetch(url('/api/v1/admin/api-keys'), {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({ name: 'x', roles: ['submitter'], tenant_id: 'nobody' }),
    });
    expect(badTenant.status).toBe(400);
    expect((await json(badTenant)).errors).toEqual([{ field: 'tenant_id', reason: 'must name an existing tenant' }]);
    const missing = await fetch(url('/api/v1/admin/api-keys/6f1c1b0e-6c11-4d0a-9a7e-3f4f1d2a9b10'), { method: 'DELETE', headers: bearerAdmin });
    expect(missing.status).toBe(404);
  });

  it('logs every denial as a SecurityError event with reason, mechanism, route and correlation id', async () => {
    await submit({ ...bearer(await token(hs256, { expiresIn: -120 })), 'x-request-id': 'denial-expired-1' });
    const event = running.logs.lines.find((line) => line.event === 'SecurityError' && line.correlationId === 'denial-expired-1');
    expect(event).toMatchObject({ reason: 'expired', mechanism: 'jwt', route: '/api/v1/invoices', method: 'POST', status: 401 });
    const forbidden = running.logs.lines.filter((line) => line.event === 'SecurityError' && line.reason === 'insufficient-role');
    expect(forbidden.length).toBeGreaterThan(0);
  });

  // Runs last: it reads every line the app wrote while this suite ran.
  it('never writes a token, key or secret issued in this suite to the log', () => {
    expect(running.logs.raw.length).toBeGreaterThan(20);
    const everything = running.logs.raw.join('\n');
    const leaked = secrets.filter((secret) => everything.includes(secret));
    expect(leaked).toEqual([]);
    // Signature parts alone would be enough to replay a token: look for them too.
    const signatures = secrets.filter((s) => s.split('.').length === 3).map((s) => s.split('.')[2]);
    expect(signatures.filter((sig) => everything.includes(sig))).toEqual([]);
  });
});
