import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { EXAMPLES, ROOT } from './paths';

/** Debian's Chromium (apt-get install chromium); CHROMIUM_PATH overrides. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Browser {
  context: BrowserContext;
  /** Console messages of type error and CSP violations seen on any page. */
  readonly errors: string[];
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

/**
 * Chromium with a fresh profile (user-data-dir in a temporary folder, removed on close) at a
 * viewport, through playwright-core (no browser download: Debian's build).
 */
export async function launchBrowser(viewport: { width: number; height: number } = { width: 1280, height: 900 }): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'console-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
    headless: true,
    viewport,
    deviceScaleFactor: 1,
    isMobile: viewport.width < 500,
    hasTouch: viewport.width < 500,
    locale: 'en-GB',
    timezoneId: 'UTC',
  });
  const errors: string[] = [];
  const watch = (page: Page): void => {
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
  };
  context.pages().forEach(watch);
  context.on('page', watch);
  return {
    context,
    errors,
    newPage: () => context.newPage(),
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

const WEB_SOURCES = join(ROOT, 'src', 'console', 'web');
const BUNDLE_INDEX = join(ROOT, 'dist', 'console', 'web', 'index.html');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * The console's bundle as the service serves it (dist/console/web): built with Vite when missing
 * or older than a source file, so `npm test` works before `npm run build` too (global-setup.ts).
 */
export function ensureConsoleBuilt(): void {
  if (existsSync(BUNDLE_INDEX) && statSync(BUNDLE_INDEX).mtimeMs >= newestSource(WEB_SOURCES)) return;
  execFileSync(process.execPath, [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', join(WEB_SOURCES, 'vite.config.mts')], { cwd: ROOT, stdio: 'pipe' });
}

/** Problems the page reported that a test never accepts: CSP violations and uncaught errors. */
export function seriousErrors(errors: string[]): string[] {
  return errors.filter((e) => /Content Security Policy|Refused to|Uncaught|TypeError|ReferenceError/i.test(e));
}

/** A valid UBL invoice (EN 16931 example) under its own invoice number, so the duplicate check lets it through. */
export function sampleInvoice(invoiceNumber: string): string {
  return readFileSync(join(EXAMPLES, 'bis-billing', 'Invoice-Min_content_with_VAT.xml'), 'utf8').replace('<cbc:ID>2018-112</cbc:ID>', `<cbc:ID>${invoiceNumber}</cbc:ID>`);
}

/** Logs in on the console's login page with an API key and waits for the overview. */
export async function loginWithApiKey(page: Page, baseUrl: string, key: string, path = '/console/'): Promise<void> {
  await page.goto(baseUrl + path);
  await page.getByLabel('API key', { exact: true }).fill(key);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByTestId('principal').waitFor({ state: 'attached' });
}
