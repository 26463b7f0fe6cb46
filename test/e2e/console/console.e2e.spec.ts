import type { Page } from 'playwright-core';
import { authHeaders } from '../../support/auth';
import { launchBrowser, loginWithApiKey, sampleInvoice, seriousErrors, type Browser } from '../../support/browser';
import { eventually } from '../../support/eventually';
import { createApiKey, createTenant, submitInvoice, type ApiClient } from '../../support/factories';
import { json, useTestApp } from '../../support/test-app';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * The operator console in a real browser (Debian's Chromium through playwright-core) against the
 * real service: the static bundle, API-key login, the invoice pages, the configuration workflow,
 * what a role without write rights sees, tenant walls, and a phone-sized screen.
 */
describe('operator console (Chromium)', () => {
  // The browser is closed before the app closes (after-hooks run in declaration order), so no
  // connection of it holds the server. (The bundle is built by the global setup.)
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  const app = useTestApp();
  let admin: ApiClient;
  const keys: Record<'admin' | 'operator' | 'auditor' | 'submitter' | 'acmeSubmitter' | 'approver', string> = { admin: '', operator: '', auditor: '', submitter: '', acmeSubmitter: '', approver: '' };
  const pages: Page[] = [];

  const open = async (): Promise<Page> => {
    const page = await browser.newPage();
    pages.push(page);
    return page;
  };
  const submit = async (number: string, tenantId = 'default'): Promise<Json> => {
    const response = await submitInvoice({ baseUrl: app.running.baseUrl, headers: { ...admin.headers, 'x-tenant-id': tenantId } }, sampleInvoice(number), { wait: true });
    expect(response.status).toBe(200);
    return json(response);
  };

  beforeAll(async () => {
    admin = { baseUrl: app.running.baseUrl, headers: await authHeaders('admin') };
    await createTenant(admin, 'acme');
    // Every invoice of this tenant needs a person's approval (its threshold is 1.00).
    await createTenant(admin, { tenant_id: 'review', config: { TENANT_APPROVAL_THRESHOLD: '1.00' } });
    keys.admin = (await createApiKey(admin, { roles: ['admin'] })).key;
    keys.operator = (await createApiKey(admin, { roles: ['operator'] })).key;
    keys.auditor = (await createApiKey(admin, { roles: ['auditor'], tenant_id: 'default' })).key;
    keys.submitter = (await createApiKey(admin, { roles: ['submitter'], tenant_id: 'default' })).key;
    keys.acmeSubmitter = (await createApiKey(admin, { roles: ['submitter'], tenant_id: 'acme' })).key;
    keys.approver = (await createApiKey(admin, { roles: ['approver'], tenant_id: 'review' })).key;
  });

  afterEach(async () => {
    for (const page of pages.splice(0)) await page.close();
    expect(seriousErrors(browser.errors)).toEqual([]);
  });

  it('serves the bundle publicly: deep links get the application, hashed assets are immutable, everything under a strict CSP', async () => {
    const index = await fetch(app.url('/console/invoices/some/deep/link'));
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toContain('text/html');
    expect(index.headers.get('cache-control')).toBe('no-cache');
    const csp = index.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    const html = await index.text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    const script = /src="(\/console\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const asset = await fetch(app.url(script ?? ''));
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const missing = await fetch(app.url('/console/assets/missing-0000.js'));
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toContain('application/problem+json');
    expect(await json(await fetch(app.url('/console/config.json')))).toEqual({ api_base: '/api/v1', oidc: null });
    // The data is not public: the overview needs credentials.
    expect((await fetch(app.url('/api/v1/overview'))).status).toBe(401);
  });

  it('logs in with an API key, finds an invoice submitted through the API and opens its timeline, stages and rendering', async () => {
    const number = `CONSOLE-${Date.now()}`;
    const invoice = await submit(number);
    expect(invoice.status).toMatch(/^completed/);

    const page = await open();
    await loginWithApiKey(page, app.running.baseUrl, keys.admin);
    await page.getByTestId('overview').waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Invoices' }).click();
    const row = page.locator(`tr[data-invoice-id="${invoice.id}"]`);
    await row.getByRole('link', { name: number }).click();

    await page.waitForURL(`**/console/invoices/${invoice.id}`);
    await expectText(page.getByRole('heading', { level: 1 }), `Invoice ${number}`);
    await expectText(page.getByTestId('invoice-status'), invoice.status.replace(/_/g, ' '));
    await expectText(page.getByTestId('timeline'), 'received');
    await expectText(page.getByTestId('timeline'), 'run finished');
    for (const stage of ['parse', 'validate', 'approval', 'export']) await expectText(page.getByTestId('stages'), stage);
    // The rendering, in a sandboxed frame that shows the invoice's own data.
    await expectText(page.frameLocator('iframe[title="Rendered invoice"]').locator('body'), number);
    await page.getByRole('tab', { name: 'Validation report' }).click();
    await expectText(page.frameLocator('iframe[title="Validation report"]').locator('body'), 'Verdict');
  });

  it('approves an invoice from the review queue and sees it exported; rejects another with a reason', async () => {
    const stamp = Date.now();
    const waiting = await submit(`REVIEW-${stamp}`, 'review');
    const other = await submit(`REJECT-${stamp}`, 'review');
    expect([waiting.status, other.status]).toEqual(['awaiting_approval', 'awaiting_approval']);

    const page = await open();
    await loginWithApiKey(page, app.running.baseUrl, keys.approver, '/console/review');
    const row = page.locator(`tr[data-invoice-id="${waiting.id}"]`);
    await expectText(row, `REVIEW-${stamp}`);
    await expectText(row, '0 / 1');
    await row.getByRole('button', { name: 'Approve' }).click();
    await row.waitFor({ state: 'detached' });

    // The resumed run exports it: completed in the console, and an entry in the tenant's feed.
    await page.goto(app.url(`/console/invoices/${waiting.id}`));
    await expectText(page.getByTestId('invoice-status'), 'completed');
    await expectText(page.getByTestId('timeline'), 'approve');
    await expectText(page.getByTestId('stages'), 'export');
    // (A feed entry shows once every older transaction of the server has finished.)
    const feedIds = async (): Promise<string[]> =>
      (await json(await fetch(app.url('/api/v1/exports/feed?limit=200'), { headers: { ...admin.headers, 'x-tenant-id': 'review' } }))).items.map((entry: Json) => entry.invoice_id);
    await eventually(async () => ((await feedIds()).includes(waiting.id) ? true : undefined), { intervalMs: 50, describe: 'the approved invoice in the export feed' });

    // Rejecting needs a reason; the invoice is then rejected and never exported.
    await page.goto(app.url(`/console/invoices/${other.id}`));
    await expectText(page.getByTestId('invoice-status'), 'awaiting approval');
    const verdict = page.getByRole('form', { name: 'Approve or reject' });
    expect(await verdict.getByRole('button', { name: 'Reject' }).isDisabled()).toBe(true);
    await verdict.getByLabel('Reason').fill('not our order');
    await verdict.getByRole('button', { name: 'Reject' }).click();
    await expectText(page.getByTestId('invoice-status'), 'rejected');
    await expectText(page.getByTestId('timeline'), 'not our order');
    expect(await feedIds()).not.toContain(other.id);
  });

  it('creates a configuration, diffs it with the active one, activates it and rolls back', async () => {
    const active = await json(await fetch(app.url('/api/v1/configurations/active'), { headers: admin.headers }));
    const page = await open();
    await loginWithApiKey(page, app.running.baseUrl, keys.operator, '/console/configurations');
    await page.getByRole('button', { name: 'New configuration' }).click();

    const editor = page.getByLabel(/^Selections/);
    await expectValue(editor, '"stage_id"');
    const selections = JSON.parse(await editor.inputValue()) as Array<{ stage_id: string; settings: Record<string, unknown> }>;
    const approval = selections.find((s) => s.stage_id === 'approval');
    expect(approval).toBeDefined();
    if (approval) approval.settings = { ...approval.settings, default_threshold: '4321.00' };
    await editor.fill(JSON.stringify(selections, null, 2));
    await page.getByLabel('Summary').fill('console e2e: a lower approval threshold');
    await page.getByRole('button', { name: 'Create draft' }).click();

    await page.waitForURL(/\/console\/configurations\/\d+$/);
    const version = Number(/(\d+)$/.exec(page.url())?.[1]);
    expect(version).toBeGreaterThan(active.version);
    await expectText(page.getByTestId('config-status'), 'draft');

    await page.getByRole('button', { name: `Diff with active (${active.version})` }).click();
    await expectText(page.getByTestId('diff'), 'default_threshold');
    await expectText(page.getByTestId('diff'), '4321.00');

    await page.getByRole('button', { name: 'Validate' }).click();
    await expectText(page.getByTestId('config-status'), 'validated');
    await page.getByRole('button', { name: 'Activate' }).click();
    await expectText(page.getByTestId('config-status'), 'active');
    expect((await json(await fetch(app.url('/api/v1/configurations/active'), { headers: admin.headers }))).version).toBe(version);

    await page.getByRole('link', { name: 'Configurations' }).first().click();
    await expectText(page.getByTestId('active-version'), `version ${version}`);
    await page.getByRole('button', { name: 'Roll back' }).click();
    // Rollback copies the previous version into a new active one.
    const restored = await eventually(
      async () => {
        const current = await json(await fetch(app.url('/api/v1/configurations/active'), { headers: admin.headers }));
        return current.version > version ? current : undefined;
      },
      { intervalMs: 50, describe: 'the rolled-back configuration to be active' },
    );
    await expectText(page.getByTestId('active-version'), `version ${restored.version}`);
    const diff = await json(await fetch(app.url(`/api/v1/configurations/${active.version}/diff/${restored.version}`), { headers: admin.headers }));
    expect(diff.stages.filter((s: Json) => s.module_changed || s.settings_changes.length > 0)).toEqual([]);

    await page.getByRole('link', { name: 'Audit trail' }).click();
    await expectText(page.getByRole('region', { name: 'Configuration events' }), 'rolled back');
  });

  it('shows a role that may not write no write buttons (the API refuses it too)', async () => {
    const number = `AUDIT-${Date.now()}`;
    const invoice = await submit(number);
    const page = await open();
    await loginWithApiKey(page, app.running.baseUrl, keys.auditor, `/console/invoices/${invoice.id}`);
    await expectText(page.getByRole('heading', { level: 1 }), number);
    expect(await page.getByRole('button', { name: 'Reprocess' }).count()).toBe(0);

    await page.getByRole('link', { name: 'Configurations' }).click();
    await page.getByTestId('active-version').waitFor();
    expect(await page.getByRole('button', { name: 'New configuration' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Roll back' }).count()).toBe(0);
    const nav = page.getByRole('navigation', { name: 'Main' });
    expect(await nav.getByRole('link', { name: 'API keys' }).count()).toBe(0);
    expect(await nav.getByRole('link', { name: 'Tenants' }).count()).toBe(0);
    await page.getByRole('link', { name: 'Fallback & modules' }).click();
    await page.getByRole('region', { name: 'Modules' }).waitFor();
    expect(await page.getByRole('combobox', { name: /^Status of / }).count()).toBe(0);

    const refused = await fetch(app.url('/api/v1/configurations/rollback'), { method: 'POST', headers: { 'x-api-key': keys.auditor, 'content-type': 'application/json' }, body: '{}' });
    expect(refused.status).toBe(403);
  });

  it("keeps a tenant's credentials in their tenant: its own invoices only, another tenant's invoice is not found", async () => {
    const ours = await submit(`ACME-${Date.now()}`, 'acme');
    const theirs = await submit(`DEFAULT-${Date.now()}`, 'default');
    const page = await open();
    await loginWithApiKey(page, app.running.baseUrl, keys.acmeSubmitter, '/console/invoices');
    await expectText(page.locator('header.topbar'), 'tenant acme');
    await page.locator(`tr[data-invoice-id="${ours.id}"]`).waitFor();
    expect(await page.locator(`tr[data-invoice-id="${theirs.id}"]`).count()).toBe(0);
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Configurations' }).count()).toBe(1);

    await page.goto(app.url(`/console/invoices/${theirs.id}`));
    await expectText(page.getByRole('alert'), '404');
  });

  it('works on a phone-sized screen: no sideways scrolling, the menu reaches every page', async () => {
    const invoice = await submit(`PHONE-${Date.now()}`);
    const page = await open();
    await page.setViewportSize({ width: 390, height: 844 });
    await loginWithApiKey(page, app.running.baseUrl, keys.admin);
    await page.getByTestId('overview').waitFor();
    const nav = page.getByRole('navigation', { name: 'Main' });
    expect(await nav.isVisible()).toBe(false);
    for (const [link, ready] of [
      ['Invoices', `tr[data-invoice-id="${invoice.id}"]`],
      ['Configurations', '[data-testid="active-version"]'],
      ['Fallback & modules', 'table'],
      ['API keys', 'table'],
    ] as const) {
      await page.getByRole('button', { name: 'Menu' }).click();
      await nav.getByRole('link', { name: link }).click();
      await page.locator(ready).first().waitFor();
      expect(await horizontalOverflow(page)).toBe(0);
    }
    await page.goto(app.url(`/console/invoices/${invoice.id}`));
    await page.getByTestId('timeline').waitFor();
    expect(await horizontalOverflow(page)).toBe(0);
  });
});

/** How many pixels the page is wider than the screen (0: no sideways scrolling). */
function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate<number>('Math.max(0, document.documentElement.scrollWidth - window.innerWidth)');
}

/** Waits (Playwright's auto-wait) until the element's text contains `text`. */
async function expectText(locator: ReturnType<Page['locator']>, text: string): Promise<void> {
  await locator.filter({ hasText: text }).first().waitFor({ timeout: 15000 });
}

async function expectValue(locator: ReturnType<Page['locator']>, contained: string): Promise<void> {
  await eventually(async () => ((await locator.inputValue()).includes(contained) ? true : undefined), { intervalMs: 20, describe: `a value containing ${contained}` });
}
