import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { launchBrowser, seriousErrors, type Browser } from '../../support/browser';
import { json, startApp, testConfig, type RunningApp } from '../../support/test-app';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';

/** The constructor of oidc-provider's Provider, as far as this test uses it. */
type OidcProviderClass = new (issuer: string, configuration: Record<string, unknown>) => { callback(): (request: unknown, response: unknown) => void };

/**
 * Single sign-on in the console against a real OIDC provider on loopback (panva's oidc-provider,
 * with its development login and consent pages): authorization code flow with PKCE, a JWT access
 * token carrying the roles, which the service verifies through the provider's discovery document.
 */
describe('operator console: OIDC login (oidc-provider on loopback)', () => {
  let idp: Server;
  let issuer: string;
  let db: TestDatabase;
  let running: RunningApp;
  let browser: Browser;

  beforeAll(async () => {
    // The provider's port first (the service needs the issuer at boot), its handler once the service's URL is known.
    idp = createServer();
    await new Promise<void>((resolve) => idp.listen(0, '127.0.0.1', resolve));
    issuer = `http://127.0.0.1:${(idp.address() as AddressInfo).port}`;
    db = await createTestDatabase();
    running = await startApp(testConfig({ DATABASE_URL: db.url, AUTH_OIDC_ISSUER: issuer, CONSOLE_OIDC_CLIENT_ID: 'invoice-console', CONSOLE_OIDC_SCOPE: 'openid' }));

    // oidc-provider ships no type declarations (OidcProviderClass: the part of its API used here).
    const packageName = 'oidc-provider';
    const { default: Provider } = (await import(packageName)) as { default: OidcProviderClass };
    const provider = new Provider(issuer, {
      clients: [
        {
          client_id: 'invoice-console',
          token_endpoint_auth_method: 'none',
          redirect_uris: [`${running.baseUrl}/console/callback`],
          post_logout_redirect_uris: [`${running.baseUrl}/console/`],
          grant_types: ['authorization_code'],
          response_types: ['code'],
        },
      ],
      pkce: { required: () => true },
      features: {
        devInteractions: { enabled: true },
        resourceIndicators: {
          enabled: true,
          defaultResource: () => 'urn:invoice-service',
          useGrantedResource: () => true,
          getResourceServerInfo: () => ({ scope: 'openid', audience: 'urn:invoice-service', accessTokenFormat: 'jwt', accessTokenTTL: 600 }),
        },
      },
      findAccount: (_ctx: unknown, sub: string) => ({ accountId: sub, claims: () => ({ sub }) }),
      extraTokenClaims: () => ({ roles: ['operator'] }),
    });
    idp.on('request', provider.callback());
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await running?.close();
    await db?.drop();
    await new Promise((resolve) => idp?.close(resolve));
  });

  it('logs in through the provider and calls the API with the access token', async () => {
    expect(await json(await fetch(`${running.baseUrl}/console/config.json`))).toEqual({
      api_base: '/api/v1',
      oidc: { issuer, client_id: 'invoice-console', scope: 'openid' },
    });
    const page = await browser.newPage();
    await page.goto(`${running.baseUrl}/console/configurations`);
    await page.getByRole('button', { name: 'Log in with single sign-on' }).click();

    // The provider's development pages: any login, then consent.
    await page.waitForURL(`${issuer}/**`);
    await page.locator('input[name="login"]').fill('olivia');
    await page.locator('input[name="password"]').fill('any');
    await page.locator('button[type="submit"]').click();
    const consent = page.locator('button[type="submit"]', { hasText: /continue/i });
    if (await consent.count()) await consent.click();

    await page.waitForURL(`${running.baseUrl}/console/configurations`);
    await page.getByTestId('principal').filter({ hasText: 'olivia' }).waitFor();
    await page.getByTestId('principal').filter({ hasText: 'operator' }).waitFor();
    // An operator without a tenant may change configurations: the write buttons are there.
    await page.getByRole('button', { name: 'New configuration' }).waitFor();
    await page.close();
    expect(seriousErrors(browser.errors)).toEqual([]);
  });
});
