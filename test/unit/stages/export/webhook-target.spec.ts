import { InputFault } from '../../../../src/pipeline/catalogue/stage-fault';
import type { TenantRegistry } from '../../../../src/framework/tenancy';
import { SupplierDirectoryHttpModule } from '../../../../src/stages/enrich/supplier-directory-http.stage';
import type { SupplierDirectory } from '../../../../src/stages/enrich/supplier-directory';
import { WebhookModule } from '../../../../src/stages/export/webhook.stage';
import type { WebhookSender } from '../../../../src/stages/export/webhook-sender';
import { TenantSettings } from '../../../../src/stages/tenant-settings';

type Layer = 'default' | 'env' | 'tenant';

/** A registry holding one tenant whose two webhook settings come from the given layers. */
const settingsWith = (config: { webhookUrl?: string; webhookAuthHeader?: string }, layers: { url: Layer; auth: Layer }) =>
  new TenantSettings({
    get: async () => ({ config, provenance: { TENANT_WEBHOOK_URL: layers.url, TENANT_WEBHOOK_AUTH_HEADER: layers.auth } }),
  } as unknown as TenantRegistry);

const selection = { url: 'https://selection.example/hook', authorization: 'Bearer selection' };

describe('webhook target: a URL travels with the auth header of its own layer', () => {
  it("sends the tenant's URL with the tenant's header only, never the selection's", async () => {
    const own = settingsWith({ webhookUrl: 'https://tenant.example/h', webhookAuthHeader: 'Bearer tenant' }, { url: 'tenant', auth: 'tenant' });
    expect(await own.webhookTarget('t', selection)).toEqual({ url: 'https://tenant.example/h', authorization: 'Bearer tenant' });
    const urlOnly = settingsWith({ webhookUrl: 'https://tenant.example/h', webhookAuthHeader: 'Bearer platform' }, { url: 'tenant', auth: 'env' });
    expect(await urlOnly.webhookTarget('t', selection)).toEqual({ url: 'https://tenant.example/h', authorization: undefined });
  });

  it("sends the selection's URL with the selection's header, and the platform's URL with the platform's header", async () => {
    const headerOnly = settingsWith({ webhookUrl: 'https://platform.example/h', webhookAuthHeader: 'Bearer tenant' }, { url: 'env', auth: 'tenant' });
    expect(await headerOnly.webhookTarget('t', selection)).toEqual(selection);
    expect(await headerOnly.webhookTarget('t', {})).toEqual({ url: 'https://platform.example/h', authorization: undefined });
    const platform = settingsWith({ webhookUrl: 'https://platform.example/h', webhookAuthHeader: 'Bearer platform' }, { url: 'env', auth: 'env' });
    expect(await platform.webhookTarget('t', {})).toEqual({ url: 'https://platform.example/h', authorization: 'Bearer platform' });
  });
});

describe('URLs with userinfo stored before the rule', () => {
  const context = (settings: object) => ({ settings, tenantId: 't', configVersion: 1 });
  const sender = { send: jest.fn() } as unknown as WebhookSender;

  it('are refused as an unusable setting, and the message does not repeat them', async () => {
    const webhook = new WebhookModule(sender, settingsWith({}, { url: 'default', auth: 'default' }));
    const input = { invoiceId: 'i', runId: 'r', tenantId: 't', invoice: undefined, decision: null } as never;
    const failure = await webhook.execute(input, context({ url: 'https://hook:PASSWORD@erp.example/h' })).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(InputFault);
    expect((failure as InputFault).kind).toBe('unusable_setting');
    expect((failure as Error).message).not.toContain('PASSWORD');
    expect(sender.send).not.toHaveBeenCalled();

    const directory = new SupplierDirectoryHttpModule({} as SupplierDirectory);
    const lookup = await directory.execute({ tenantId: 't', invoice: {} } as never, context({ url: 'https://dir:PASSWORD@dir.example/' })).catch((error: unknown) => error);
    expect(lookup).toBeInstanceOf(InputFault);
    expect((lookup as Error).message).not.toContain('PASSWORD');
  });
});
