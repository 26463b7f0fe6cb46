import { dirname, join } from 'node:path';
import { Writable } from 'node:stream';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '../../src/app.factory';
import type { AppModuleOptions } from '../../src/app.module';
import { CONFIG_CLASSES } from '../../src/config-classes';
import { ConfigSet } from '../../src/framework/config';
import { TEST_JWT_SECRET } from './auth';
import { createTestDatabase, serverUrl, type TestDatabase } from './test-database';

/**
 * Configuration for a test: no .env, no process environment, only what the test says, keyed by
 * environment variable name (e.g. `{ DATABASE_URL: db.url }`). Tests act as a single-operator
 * install (CHANGE_APPROVALS_REQUIRED=0: direct activation and rollback allowed) unless they test
 * the four-eyes rule and say otherwise.
 */
export function testConfig(overrides: Record<string, unknown> = {}): ConfigSet {
  return ConfigSet.load(CONFIG_CLASSES, {
    env: {},
    envFile: false,
    overrides: { LOG_LEVEL: 'info', PORT: 0, HOST: '127.0.0.1', DB_POOL_SIZE: serverUrl() ? 4 : 1, AUTH_JWT_SECRET: TEST_JWT_SECRET, CHANGE_APPROVALS_REQUIRED: 0, ...overrides },
  });
}

/** Collects every JSON log line the app writes. */
export class LogCapture extends Writable {
  readonly lines: Array<Record<string, unknown>> = [];
  readonly raw: string[] = [];

  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (!line.trim()) continue;
      this.raw.push(line);
      this.lines.push(JSON.parse(line) as Record<string, unknown>);
    }
    done();
  }
}

export interface RunningApp {
  app: NestFastifyApplication;
  baseUrl: string;
  logs: LogCapture;
  close(): Promise<void>;
}

/**
 * nestjs-pino builds one pino-http instance per process (its root logger and request logger) on
 * first use and keeps it, so a second app started in the same test file would log into the first
 * app's capture. Its `__resetOutOfContextForTests` forgets that instance; the package exports only
 * its root, so the function is taken from the CommonJS build beside the entry point.
 */
function resetNestjsPino(): void {
  const pinoLogger = require(join(dirname(require.resolve('nestjs-pino')), 'PinoLogger.js')) as { __resetOutOfContextForTests(): void };
  pinoLogger.__resetOutOfContextForTests();
}

/**
 * Starts the real application on a loopback port; requests go through real HTTP. Every app gets
 * its own loggers writing to its own `logs`, as in production where a process runs one app.
 */
export async function startApp(configs: ConfigSet, options: Omit<AppModuleOptions, 'logDestination'> = {}): Promise<RunningApp> {
  resetNestjsPino();
  const logs = new LogCapture();
  const app = await createApp(configs, { ...options, logDestination: logs });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address();
  if (!address || typeof address === 'string') throw new Error('server has no TCP address');
  return { app, baseUrl: `http://127.0.0.1:${address.port}`, logs, close: () => app.close() };
}

/** A response body as JSON, typed loosely for assertions. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function json<T = any>(response: Response): Promise<T> {
  return (await response.json()) as T;
}

/** The app of an e2e file (see useTestApp). */
export interface TestApp {
  readonly running: RunningApp;
  readonly db: TestDatabase;
  /** The app's base URL followed by `path`. */
  url(path: string): string;
}

/**
 * For an e2e file that works against one app: a database of its own (a copy of the run's migrated
 * template) and the real app on it, configured with `overrides` (DATABASE_URL is set), started
 * before the tests and closed, with the database dropped, after them. Call it at the top of the
 * describe block, before the file's own hooks; read its properties inside tests and hooks only.
 */
export function useTestApp(overrides: Record<string, unknown> = {}, options: Omit<AppModuleOptions, 'logDestination'> = {}): TestApp {
  let db: TestDatabase | undefined;
  let running: RunningApp | undefined;
  beforeAll(async () => {
    db = await createTestDatabase();
    running = await startApp(testConfig({ DATABASE_URL: db.url, ...overrides }), options);
  });
  afterAll(async () => {
    await running?.close();
    await db?.drop();
  });
  const ready = (): { db: TestDatabase; running: RunningApp } => {
    if (!db || !running) throw new Error('useTestApp: the app is ready only inside tests and hooks');
    return { db, running };
  };
  return {
    get running() {
      return ready().running;
    },
    get db() {
      return ready().db;
    },
    url: (path: string) => ready().running.baseUrl + path,
  };
}
