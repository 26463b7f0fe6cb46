import { json, RunningApp, startApp, testConfig } from '../../../../support/test-app';
import { createTestDatabase, TestDatabase } from '../../../../support/test-database';
import { JwksServer, signingKey, signToken, type SigningKey } from '../../../../support/jwks-server';

/** OIDC resource-server mode: only the issuer is configured; jwks_uri and iss come from discovery. */
describe('OIDC discovery and public docs', () => {
  let db: TestDatabase;
  let idp: JwksServer;
  let running: RunningApp;
  let key: SigningKey;

  beforeAll(async () => {
    idp = new JwksServer();
    await idp.start();
    key = await signingKey('oidc-1', 'ES256');
    idp.keys = [key];
    db = await createTestDatabase();
    running = await startApp(testConfig({ DATABASE_URL: db.url, AUTH_OIDC_ISSUER: idp.url, DOCS_PUBLIC: true }));
  });

  afterAll(async () => {
    await running?.close();
    await db?.drop();
    await idp?.stop();
  });

  const url = (path: string) => running.baseUrl + path;
  const submit = (token: string) =>
    fetch(url('/api/v1/invoices'), {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ invoiceNumber: 'OIDC-1' }),
    });

  it('serves /docs and /docs-json without credentials when DOCS_PUBLIC=true', async () => {
    const ui = await fetch(url('/docs'));
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain('swagger-ui');
    expect((await fetch(url('/docs-json'))).status).toBe(200);
    expect((await fetch(url('/health/live'))).status).toBe(200);
  });

  it('discovers the key set from the issuer and accepts its tokens', async () => {
    const response = await submit(await signToken(key, { issuer: idp.url, roles: ['submitter'], tenantId: 'default' }));
    expect(response.status).toBe(202);
    expect(idp.hitsOf('/.well-known/openid-configuration')).toBe(1);
    expect(idp.hitsOf('/jwks.json')).toBe(1);
  });

  it('requires the discovered issuer in iss', async () => {
    const response = await submit(await signToken(key, { issuer: 'https://other.test', roles: ['submitter'] }));
    expect(response.status).toBe(401);
    expect((await json(response)).detail).toContain('"iss"');
  });

  it('still refuses protected routes without credentials', async () => {
    expect((await fetch(url('/api/v1/admin/api-keys'))).status).toBe(401);
  });
});
