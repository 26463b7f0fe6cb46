/**
 * Operator console benchmark: every console page, timed in Debian's Chromium from navigation to
 * its data rendered, on a database holding 10,000 invoices (plus a few processed for real).
 *
 *   npm run bench:console -- [--invoices 10000] [--rounds 5]
 *
 * On the built service (dist/, the console bundle included) against DATABASE_URL, or an in-memory
 * embedded database. The invoices are written by one INSERT … SELECT generate_series as the
 * schema owner (statuses, suppliers, amounts and receipt times spread over four weeks); 20 more
 * are submitted through the API so the detail page shows real runs, stages and renderings. Each
 * page is a fresh navigation (index.html, config.json, the identity call, the page's API calls),
 * once to warm up, then --rounds times; prints the median and the slowest per page and fails
 * (exit 1) if any navigation took 1 s or more.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DataSource as DataSourceType } from 'typeorm';
import { launchBrowser, loginWithApiKey } from '../test/support/browser';
import { BENCH_SECRET, createBenchApp, option, ROOT } from './support';

const INVOICES = option('--invoices', 10000);
const ROUNDS = option('--rounds', 5);
const BUDGET_MS = 1000;
const ADMIN_KEY = `bench-admin-${createHash('sha256').update(BENCH_SECRET).digest('hex').slice(0, 40)}`;
const SAMPLE = readFileSync(join(ROOT, '..', 'shared', 'conformance', 'en16931', 'examples', 'bis-billing', 'Invoice-Min_content_with_VAT.xml'), 'utf8');

async function seed(dataSource: DataSourceType, count: number): Promise<void> {
  await dataSource.transaction(async (manager) => {
    await manager.query('SET LOCAL ROLE NONE');
    await manager.query(
      `INSERT INTO invoices (tenant_id, status, content_type, document, document_sha256, size_bytes, invoice_number, issue_date,
                             supplier_key, supplier_name, total_amount, currency, received_at, updated_at)
       SELECT 'default',
              (ARRAY['completed','completed','completed','completed','completed','completed','completed_with_warnings',
                     'failed','awaiting_approval','rejected','duplicate'])[1 + g % 11],
              'application/xml', doc, encode(sha256(doc), 'hex'), octet_length(doc), 'BENCH-' || g, date '2026-01-01' + g % 300,
              'SE' || lpad((g % 200)::text, 10, '0') || '01', 'Supplier ' || g % 200, (g % 5000) + 0.5, 'EUR',
              now() - g * interval '4 minutes', now() - g * interval '4 minutes' + interval '2 seconds'
         FROM generate_series(1, $1::int) AS g, LATERAL (SELECT convert_to('<Invoice>' || g || '</Invoice>', 'UTF8') AS doc) d`,
      [count],
    );
  });
}

async function main(): Promise<void> {
  const app = await createBenchApp({ BOOTSTRAP_ADMIN_API_KEY: ADMIN_KEY, CHANGE_APPROVALS_REQUIRED: 0, FIRST_ADMIN_KEY_FILE: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address();
  if (!address || typeof address === 'string') throw new Error('no TCP address');
  const base = `http://127.0.0.1:${address.port}`;
  const headers = { 'x-api-key': ADMIN_KEY, 'x-tenant-id': 'default' };

  const { DataSource } = require('typeorm') as typeof import('typeorm');
  const started = Date.now();
  await seed(app.get(DataSource), INVOICES);
  const processed: string[] = [];
  for (let i = 0; i < 20; i++) {
    const response = await fetch(`${base}/api/v1/invoices?wait=true`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/xml' },
      body: SAMPLE.replace('<cbc:ID>2018-112</cbc:ID>', `<cbc:ID>REAL-${i}</cbc:ID>`),
    });
    if (response.status !== 200) throw new Error(`submit answered ${response.status}`);
    processed.push(((await response.json()) as { id: string }).id);
  }
  console.log(`loaded ${INVOICES} invoices by SQL and 20 through the API in ${((Date.now() - started) / 1000).toFixed(1)} s (${process.env.DATABASE_URL ? 'PostgreSQL' : 'embedded PGlite'})`);

  const pages: Array<[string, string, string]> = [
    ['overview', '/console/', '[data-testid="queue-depth"]'],
    ['invoices', '/console/invoices', 'tr[data-invoice-id]'],
    ['invoices, status filter', '/console/invoices?status=failed', 'tr[data-invoice-id]'],
    ['invoices, supplier filter', '/console/invoices?supplier=Supplier%2042', 'tr[data-invoice-id]'],
    ['invoices, date filter', '/console/invoices?from=2026-01-01&to=2099-01-01&status=completed', 'tr[data-invoice-id]'],
    ['invoice detail', `/console/invoices/${processed[0]}`, 'iframe.rendering'],
    ['review queue', '/console/review', 'tr[data-invoice-id]'],
    ['configurations', '/console/configurations', 'tr[data-version]'],
    ['configuration detail', '/console/configurations/2', '[data-testid="config-status"]'],
    ['change requests', '/console/change-requests', 'table tbody tr'],
    ['audit trail', '/console/audit', 'table tbody tr'],
    ['fallback & modules', '/console/modules', 'select[aria-label^="Status of"]'],
    ['tenants', '/console/tenants', 'table tbody tr'],
    ['api keys', '/console/api-keys', 'table tbody tr'],
  ];

  const browser = await launchBrowser();
  let failed = false;
  try {
    const page = await browser.newPage();
    await loginWithApiKey(page, base, ADMIN_KEY);
    console.log(`${'page'.padEnd(28)} ${'median'.padStart(8)} ${'slowest'.padStart(8)}   (ms, navigation to data rendered, ${ROUNDS} rounds)`);
    for (const [name, path, ready] of pages) {
      const times: number[] = [];
      for (let round = 0; round <= ROUNDS; round++) {
        const t0 = performance.now();
        await page.goto(base + path);
        await page.locator(ready).first().waitFor({ state: 'attached', timeout: 10000 });
        if (path.includes('/invoices/')) await page.locator('[data-testid="stages"] tr').first().waitFor({ state: 'attached' });
        if (round > 0) times.push(performance.now() - t0);
      }
      times.sort((a, b) => a - b);
      const median = times[Math.floor(times.length / 2)];
      const slowest = times[times.length - 1];
      if (slowest >= BUDGET_MS) failed = true;
      console.log(`${name.padEnd(28)} ${median.toFixed(0).padStart(8)} ${slowest.toFixed(0).padStart(8)}${slowest >= BUDGET_MS ? '   OVER 1 s' : ''}`);
    }
    const severe = browser.errors.filter((e) => /Content Security Policy|Refused to|Uncaught/.test(e));
    if (severe.length > 0) throw new Error(`the pages reported: ${severe.join('; ')}`);
  } finally {
    await browser.close();
    await app.close();
  }
  console.log(failed ? 'FAILED: a page took 1 s or more' : `every page under ${BUDGET_MS} ms`);
  if (failed) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
