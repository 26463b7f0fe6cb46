import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LifecycleEvent, LifecycleEvents } from '../../../../src/framework/lifecycle';
import { authHeaders } from '../../../support/auth';
import { eventually } from '../../../support/eventually';
import { json, RunningApp, startApp, testConfig } from '../../../support/test-app';
import { createTestDatabase, TestDatabase } from '../../../support/test-database';

const FRAMEWORK = join(__dirname, '../../../../src/framework');

/**
 * Folders of src/framework that are not Nest modules, so they have nothing to start: plain helpers
 * the modules and the app factory import. The test below checks that none of them declares a
 * @Module or a @LifecycleParticipant; a folder that becomes a module must leave this list.
 */
const NOT_MODULES: Record<string, string> = {
  errors: 'error taxonomy and the problem+json filter (plain classes, installed by the app factory)',
  http: 'Fastify options, body parser and validation pipe (functions the app factory calls)',
  openapi: 'decorators and the OpenAPI document builder (functions)',
};

function sourcesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => readFileSync(join(e.parentPath, e.name), 'utf8'));
}

interface Listing {
  modules: Array<{ module: string; state: string; depends_on: string[] }>;
  events: Array<{ module: string; phase: string; correlation_id: string; timestamp: string }>;
}

describe('lifecycle listing: every framework module started, in dependency order', () => {
  let db: TestDatabase;
  let running: RunningApp | undefined;
  let listing: Listing;
  const frameworkModules = readdirSync(FRAMEWORK, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .filter((name) => !(name in NOT_MODULES));

  beforeAll(async () => {
    db = await createTestDatabase();
    running = await startApp(testConfig({ DATABASE_URL: db.url }));
    listing = await eventually(async () => {
      const body = await json<Listing>(await fetch(`${running!.baseUrl}/api/v1/admin/lifecycle?limit=500`, { headers: await authHeaders('admin') }));
      // Events are persisted off the lifecycle path: wait until every module's `started` is written.
      const started = new Set(body.events.filter((e) => e.phase === 'started').map((e) => e.module));
      return body.modules.every((m) => started.has(m.module)) ? body : undefined;
    });
  });

  afterAll(async () => {
    await running?.close();
    await db?.drop();
  });

  it('excludes only folders that are not Nest modules', () => {
    expect(frameworkModules.length).toBeGreaterThanOrEqual(14);
    for (const folder of Object.keys(NOT_MODULES)) {
      const sources = sourcesUnder(join(FRAMEWORK, folder));
      expect(sources.length).toBeGreaterThan(0);
      expect(sources.filter((s) => /@Module\(|@LifecycleParticipant\(/.test(s))).toEqual([]);
    }
  });

  it('lists every directory of src/framework as a started module', () => {
    const states = Object.fromEntries(listing.modules.map((m) => [m.module, m.state]));
    for (const name of frameworkModules) expect({ module: name, state: states[name] }).toEqual({ module: name, state: 'started' });
    // The pipeline's run workers and the outbox relay start through the lifecycle too.
    expect(states).toMatchObject({ pipeline: 'started', outbox: 'started' });
  });

  it('lists the modules in start order, each after the modules it depends on', () => {
    const position = new Map(listing.modules.map((m, i) => [m.module, i]));
    for (const { module, depends_on } of listing.modules) {
      for (const dependency of depends_on) expect(`${dependency} < ${module}: ${position.get(dependency)! < position.get(module)!}`).toBe(`${dependency} < ${module}: true`);
    }
    const at = (name: string) => position.get(name)!;
    expect(at('database')).toBeLessThan(at('tenancy'));
    for (const needsDatabase of ['tenancy', 'auth', 'scheduler', 'health', 'lifecycle', 'certificates', 'pipeline', 'outbox']) {
      expect(listing.modules.find((m) => m.module === needsDatabase)?.depends_on).toContain('database');
      expect(at(needsDatabase)).toBeGreaterThan(at('database'));
    }
    for (const after of ['database', 'tenancy', 'workers']) expect(at('pipeline')).toBeGreaterThan(at(after));
    expect(at('outbox')).toBeGreaterThan(at('scheduler'));

    // The persisted `started` events of the boot come in the same order.
    const boot = listing.events.find((e) => e.phase === 'started')!.correlation_id;
    const started = listing.events
      .filter((e) => e.phase === 'started' && e.correlation_id === boot)
      .reverse()
      .map((e) => e.module);
    expect(started).toEqual(listing.modules.map((m) => m.module));
  });

  it('stops every module in reverse start order at shutdown', async () => {
    const stopped: LifecycleEvent[] = [];
    running!.app.get(LifecycleEvents).subscribe('test', (e) => void (e.phase === 'stopped' && stopped.push(e)));
    const app = running!;
    running = undefined;
    await app.close();
    await app.app.get(LifecycleEvents).idle();
    expect(stopped.map((e) => e.module)).toEqual(listing.modules.map((m) => m.module).reverse());
  });
});
