/**
 * Screenshots of every console page for docs/console/: the built service (npm run build first) on
 * a throw-away embedded database with a little data (invoices processed, some awaiting approval,
 * a draft configuration, keys), photographed in Debian's Chromium at 1280x900 and a few at a
 * phone's 390x844.
 *
 *   npm run console:screenshots
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchBrowser, loginWithApiKey } from '../test/support/browser';
import { createBenchApp } from '../bench/support';

const ROOT = join(__dirname, '..');
const OUT = join(ROOT, 'docs', 'console');
const ADMIN_KEY = 'screenshots-admin-key-0123456789abcdef0123456789';
const SAMPLE = readFileSync(join(ROOT, '..', 'shared', 'conformance', 'en16931', 'examples', 'bis-billing', 'Invoice-Min_content_with_VAT.xml'), 'utf8');

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const app = await createBenchApp({ BOOTSTRAP_ADMIN_API_KEY: ADMIN_KEY, CHANGE_APPROVALS_REQUIRED: 0, FIRST_ADMIN_KEY_FILE: false, PGLITE_DATA_DIR: 'memory://' });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address();
  if (!address || typeof address === 'string') throw new Error('no TCP address');
  const base = `http://127.0.0.1:${address.port}`;
  const call = async (path: string, init: { method?: string; body?: unknown; tenant?: string; raw?: string } = {}): Promise<Record<string, unknown>> => {
    const response = await fetch(`${base}/api/v1${path}`, {
      method: init.method ?? 'GET',
      headers: {
        'x-api-key': ADMIN_KEY,
        ...(init.tenant ? { 'x-tenant-id': init.tenant } : {}),
        ...(init.raw ? { 'content-type': 'application/xml' } : init.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: init.raw ?? (init.body === undefined ? undefined : JSON.stringify(init.body)),
    });
    if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    return response.status === 204 ? {} : ((await response.json()) as Record<string, unknown>);
  };

  await call('/admin/tenants', { method: 'POST', body: { tenant_id: 'acme', name: 'Acme Trading', config: { TENANT_APPROVAL_THRESHOLD: '1.00' } } });
  const ids: string[] = [];
  for (let i = 1; i <= 6; i++) ids.push((await call('/invoices?wait=true', { method: 'POST', tenant: 'default', raw: SAMPLE.replace('<cbc:ID>2018-112</cbc:ID>', `<cbc:ID>2026-${100 + i}</cbc:ID>`) })).id as string);
  for (let i = 1; i <= 3; i++) await call('/invoices?wait=true', { method: 'POST', tenant: 'acme', raw: SAMPLE.replace('<cbc:ID>2018-112</cbc:ID>', `<cbc:ID>ACME-${i}</cbc:ID>`) });
  const active = await call('/configurations/active');
  const selections = (active.selections as Array<{ stage_id: string; settings: Record<string, unknown> }>).map((s) => (s.stage_id === 'approval' ? { ...s, settings: { ...s.settings, default_threshold: '5000.00' } } : s));
  const draft = await call('/configurations', { method: 'POST', body: { summary: 'Approval above 5,000', based_on_version: active.version, selections } });
  await call(`/configurations/${draft.version as number}/validate`, { method: 'POST' });
  await call('/admin/api-keys', { method: 'POST', body: { name: 'erp', roles: ['submitter'], tenant_id: 'default' } });
  await call('/admin/api-keys', { method: 'POST', body: { name: 'approvers', roles: ['approver'], tenant_id: 'acme' } });

  const browser = await launchBrowser({ width: 1280, height: 900 });
  try {
    const page = await browser.newPage();
    const shoot = async (name: string, path: string | null, ready: string, prepare?: (page: Page) => Promise<void>): Promise<void> => {
      if (path !== null) await page.goto(base + path);
      await page.locator(ready).first().waitFor({ state: 'attached' });
      if (prepare) await prepare(page);
      // The whole page in one viewport (Chromium leaves a frame outside the viewport blank in full-page shots).
      const viewport = page.viewportSize() ?? { width: 1280, height: 900 };
      const height = Math.min(4000, Math.max(viewport.height, await page.evaluate<number>('document.documentElement.scrollHeight')));
      await page.setViewportSize({ width: viewport.width, height });
      await page.screenshot({ path: join(OUT, `${name}.png`) });
      await page.setViewportSize(viewport);
      console.log(`docs/console/${name}.png`);
    };
    await page.goto(`${base}/console/`);
    await shoot('login', null, 'form[aria-label="Log in with an API key"]');
    await loginWithApiKey(page, base, ADMIN_KEY);
    await shoot('overview', '/console/', '[data-testid="queue-depth"]');
    await shoot('invoices', '/console/invoices', 'tr[data-invoice-id]');
    const rendered = async (p: Page): Promise<void> => {
      await p.frameLocator('iframe.rendering').locator('h1').waitFor();
    };
    await shoot('invoice-detail', `/console/invoices/${ids[0]}`, 'iframe.rendering', rendered);
    await page.getByRole('combobox', { name: 'Tenant' }).selectOption('acme');
    await shoot('review-queue', '/console/review', 'tr[data-invoice-id]');
    await page.getByRole('combobox', { name: 'Tenant' }).selectOption('default');
    await shoot('configurations', '/console/configurations', 'tr[data-version]');
    await shoot('configuration-diff', `/console/configurations/${draft.version as number}`, '[data-testid="config-status"]', async (p) => {
      await p.getByRole('button', { name: /^Diff with active/ }).click();
      await p.getByTestId('diff').waitFor();
    });
    await shoot('new-configuration', '/console/configurations/new', 'textarea', async (p) => {
      await p.waitForFunction('document.querySelector("textarea").value.length > 10');
    });
    await shoot('change-requests', '/console/change-requests', 'table');
    await shoot('audit-trail', '/console/audit', 'table tbody tr');
    await shoot('fallback-and-modules', '/console/modules', 'select[aria-label^="Status of"]');
    await shoot('tenants', '/console/tenants', 'table tbody tr');
    await shoot('api-keys', '/console/api-keys', 'table tbody tr');

    await page.setViewportSize({ width: 390, height: 844 });
    await shoot('phone-overview', '/console/', '[data-testid="queue-depth"]');
    await shoot('phone-menu', '/console/invoices', 'tr[data-invoice-id]', async (p) => {
      await p.getByRole('button', { name: 'Menu' }).click();
    });
    await shoot('phone-invoice-detail', `/console/invoices/${ids[1]}`, 'iframe.rendering', rendered);
    const severe = browser.errors.filter((e) => /Content Security Policy|Refused to|Uncaught/.test(e));
    if (severe.length > 0) throw new Error(`the pages reported: ${severe.join('; ')}`);
  } finally {
    await browser.close();
    await app.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
