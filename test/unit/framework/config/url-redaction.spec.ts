import { createServer } from 'node:http';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { displayValue, endpointOf, fetchFailureReason, hasUrlCredentials, redactSettings, redactUrl, REDACTED, settingsOf, urlCredentialPaths } from '../../../../src/framework/config';
import { TenantConfig } from '../../../../src/framework/tenancy';
import { SupplierDirectoryHttpSettings } from '../../../../src/stages/enrich/supplier-directory-http.stage';
import { WebhookSettings } from '../../../../src/stages/export/webhook.stage';

describe('redactUrl', () => {
  it('replaces userinfo and every query value, drops the fragment, keeps scheme, host, port and path', () => {
    expect(redactUrl('https://hook:s3cret@erp.example:8443/hooks/in?token=abc&mode=x#frag')).toBe(
      `https://${REDACTED}@erp.example:8443/hooks/in?token=${REDACTED}&mode=${REDACTED}`,
    );
    expect(redactUrl('http://only-user@127.0.0.1/x')).toBe(`http://${REDACTED}@127.0.0.1/x`);
    expect(redactUrl('https://erp.example/hooks/in')).toBe('https://erp.example/hooks/in');
  });

  it('leaves text that is not a URL alone but redacts whole a URL it cannot parse', () => {
    expect(redactUrl('10000.00')).toBe('10000.00');
    expect(redactUrl('http://user:pw@[::1')).toBe(REDACTED);
  });
});

describe('endpointOf, hasUrlCredentials, urlCredentialPaths', () => {
  it('names an endpoint by scheme, host and port only', () => {
    expect(endpointOf('https://u:p@erp.example:8443/secret/path?token=1')).toBe('https://erp.example:8443');
    expect(endpointOf('http://127.0.0.1/x')).toBe('http://127.0.0.1');
    expect(endpointOf('not a url')).toBe('an invalid URL');
  });

  it('finds userinfo, even a user name alone, at any depth of a settings object', () => {
    expect(hasUrlCredentials('https://u:p@h/')).toBe(true);
    expect(hasUrlCredentials('https://u@h/')).toBe(true);
    expect(hasUrlCredentials('https://h/path@x')).toBe(false);
    expect(urlCredentialPaths({ url: 'http://a:b@h/', timeout_ms: 5, targets: [{ url: 'http://h/' }, { url: 'https://c@h/' }], note: 'a:b@h' })).toEqual([
      'url',
      'targets[1].url',
    ]);
  });
});

describe('redactSettings and displayValue', () => {
  it('redacts secret names whatever their value, URLs by redactUrl, and leaves other values', () => {
    expect(
      redactSettings({ url: 'https://h/x?sig=1', auth_header: 'Bearer t', nested: { api_key: 42, password: 'p' }, list: ['http://u:p@h/'], timeout_ms: 5, secret: null }),
    ).toEqual({ url: `https://h/x?sig=${REDACTED}`, auth_header: REDACTED, nested: { api_key: REDACTED, password: REDACTED }, list: [`http://${REDACTED}@h/`], timeout_ms: 5, secret: null });
  });

  it('shows configuration values the same way: secrets redacted, URLs without userinfo or query values', () => {
    const [threshold, webhookUrl, authHeader] = ['TENANT_APPROVAL_THRESHOLD', 'TENANT_WEBHOOK_URL', 'TENANT_WEBHOOK_AUTH_HEADER'].map(
      (env) => settingsOf(TenantConfig).find((s) => s.env === env)!,
    );
    expect(displayValue(threshold, '10000')).toBe('10000');
    expect(displayValue(webhookUrl, 'https://u:p@erp.example/h?k=v')).toBe(`https://${REDACTED}@erp.example/h?k=${REDACTED}`);
    expect(displayValue(authHeader, 'Bearer t')).toBe(REDACTED);
  });
});

describe('NoUrlCredentials on the URL settings', () => {
  it('refuses userinfo with a reason naming the secret field, and accepts the URL without it', () => {
    for (const type of [WebhookSettings, SupplierDirectoryHttpSettings]) {
      const refused = validateSync(plainToInstance(type, { url: 'https://u:pw@h.example/x' }));
      expect(refused.map((e) => [e.property, Object.values(e.constraints ?? {})])).toEqual([
        ['url', ['credentials in URLs are not allowed; use the secret field auth_header instead']],
      ]);
      expect(validateSync(plainToInstance(type, { url: 'https://h.example/x', auth_header: 'Basic dTpwdw==' }))).toEqual([]);
    }
  });

  it('refuses an auth_header that would inject another header line', () => {
    const errors = validateSync(plainToInstance(WebhookSettings, { url: 'https://h.example/x', auth_header: 'Bearer t\r\nX-Evil: 1' }));
    expect(errors.map((e) => e.property)).toEqual(['auth_header']);
  });
});

describe('fetchFailureReason', () => {
  it("never repeats fetch's message, which echoes a URL with its userinfo", async () => {
    const failure = await fetch('http://hook:PASSWORD@127.0.0.1:9/x').catch((error: unknown) => error);
    expect(String((failure as Error).message) + String((failure as Error).cause)).toContain('PASSWORD');
    expect(fetchFailureReason(failure)).toBe('request failed');
  });

  it('names the error code of a refused connection and a timeout', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const refused = await fetch(`http://127.0.0.1:${port}/secret?token=t`).catch((error: unknown) => error);
    expect(fetchFailureReason(refused)).toBe('request failed (ECONNREFUSED)');

    // A receiver that never answers: the request's own timeout ends it.
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const silentPort = (silent.address() as { port: number }).port;
    const timedOut = await fetch(`http://127.0.0.1:${silentPort}/`, { signal: AbortSignal.timeout(50) }).catch((error: unknown) => error);
    silent.closeAllConnections();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
    expect(fetchFailureReason(timedOut)).toBe('timed out');
  });
});
