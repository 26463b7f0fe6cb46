import { DataSource } from 'typeorm';
import { EmbeddedPostgres, NotificationListener, TenantDatabase } from '../../../../src/framework/database';
import type { CanonicalParty } from '../../../../src/domain/canonical-invoice';
import { PipelineRunConfig } from '../../../../src/pipeline/run/pipeline-run.config';
import { SupplierCache } from '../../../../src/stages/enrich/supplier-cache';
import { SupplierDirectory } from '../../../../src/stages/enrich/supplier-directory';
import { SupplierRepository } from '../../../../src/stages/enrich/supplier.repository';
import { eventually } from '../../../support/eventually';
import { insertTenants } from '../../../support/factories';
import { ownerQuery, useMigratedDatabase } from '../../../support/migrated-data-source';

/** One replica of the service as far as supplier lookups go: its own pool, listener, cache and directory. */
interface Replica {
  dataSource: DataSource;
  listener: NotificationListener;
  cache: SupplierCache;
  repository: SupplierRepository;
  directory: SupplierDirectory;
}

const party = (vatId: string): CanonicalParty => ({ vat_id: vatId, name: `Party ${vatId}` }) as CanonicalParty;

/**
 * The supplier lookup cache against real PostgreSQL: invalidation across replicas through the
 * suppliers trigger's NOTIFY, negative answers, bypass while the listener is gone, tenant walls.
 */
describe('supplier lookup cache (real database, two replicas)', () => {
  const database = useMigratedDatabase();
  let owner: DataSource;
  const replicas: Replica[] = [];

  async function replica(ttlMs = 60_000): Promise<Replica> {
    const dataSource = await database.serviceDataSource();
    const config = Object.assign(new PipelineRunConfig(), { supplierCacheTtlMs: ttlMs, supplierCacheMaxEntries: 100 });
    const listener = new NotificationListener(dataSource, { running: database.kind === 'embedded' } as EmbeddedPostgres);
    const cache = new SupplierCache(listener, config);
    const repository = new SupplierRepository(new TenantDatabase(dataSource));
    const directory = new SupplierDirectory(repository, cache);
    await cache.start();
    const made = { dataSource, listener, cache, repository, directory };
    replicas.push(made);
    return made;
  }

  /**
   * On the embedded PGlite (pglite-socket: a NOTIFY reaches only the connection that sent it) no
   * invalidation can reach another replica, so the cache must never serve: every lookup queries.
   * Each test checks that there and returns; its server behaviour needs PostgreSQL (CI).
   */
  async function neverServesOnEmbedded(): Promise<boolean> {
    if (database.kind !== 'embedded') return false;
    const a = await replica();
    const query = jest.spyOn(a.repository, 'findByLookupKeys');
    expect(await a.directory.findAll('acme', [party('SE1')])).toEqual([expect.objectContaining({ name: 'Acme One' })]);
    expect(await a.directory.findAll('acme', [party('SE1')])).toEqual([expect.objectContaining({ name: 'Acme One' })]);
    expect(query).toHaveBeenCalledTimes(2);
    expect(a.cache.serving).toBe(false);
    return true;
  }

  const nameOf = async (r: Replica, tenantId: string, vatId: string): Promise<string | null> =>
    (await r.directory.findAll(tenantId, [party(vatId)]))[0]?.name ?? null;

  // Rows the tests read are written before any replica listens: a notification of a test's own
  // arrangement arriving after its first lookup would clear what the test expects to be cached.
  beforeAll(async () => {
    owner = database.dataSource;
    await insertTenants(owner, 'acme', 'globex');
    await ownerQuery(owner, `INSERT INTO suppliers (tenant_id, lookup_key, name) VALUES ('acme', 'SE1', 'Acme One'), ('globex', 'SE1', 'Globex One'),
       ('globex', 'SE4', 'Globex Four'), ('acme', 'SE5', 'Five')`);
  });

  // Before the database is dropped (useMigratedDatabase's afterAll): no listener left reconnecting.
  afterEach(async () => {
    for (const r of replicas.splice(0)) await r.cache.stop();
  });

  it('answers a repeated lookup from memory, found and not found alike, without a query', async () => {
    if (await neverServesOnEmbedded()) return;
    const a = await replica();
    await eventually(() => (a.cache.serving ? true : undefined), { describe: 'the listener to connect' });
    const query = jest.spyOn(a.repository, 'findByLookupKeys');
    expect(await a.directory.findAll('acme', [party('SE1'), party('NOPE')])).toEqual([expect.objectContaining({ name: 'Acme One' }), null]);
    expect(query).toHaveBeenCalledTimes(1);
    expect(await a.directory.findAll('acme', [party('SE1'), party('NOPE')])).toEqual([expect.objectContaining({ name: 'Acme One' }), null]);
    expect(query).toHaveBeenCalledTimes(1);
    // A new key queries only what is missing.
    await a.directory.findAll('acme', [party('SE1'), party('SE2')]);
    expect(query).toHaveBeenCalledTimes(2);
    expect(query).toHaveBeenLastCalledWith('acme', ['SE2']);
  });

  it("sees another replica's write and an operator's direct SQL at the next lookup after the notification", async () => {
    if (await neverServesOnEmbedded()) return;
    const a = await replica();
    const b = await replica();
    await eventually(() => (a.cache.serving && b.cache.serving ? true : undefined), { describe: 'both listeners to connect' });
    expect(await nameOf(a, 'acme', 'SE3')).toBeNull(); // cached as not found
    await b.directory.refresh('acme', 'SE3', { name: 'Written by B', vat_id: 'SE3', country: 'SE', always_review: false });
    expect(await eventually(async () => ((await nameOf(a, 'acme', 'SE3')) === 'Written by B' ? true : undefined), { describe: "B's write on A" })).toBe(true);

    expect(await nameOf(a, 'acme', 'SE1')).toBe('Acme One');
    await ownerQuery(owner, `UPDATE suppliers SET name = 'Renamed by hand' WHERE tenant_id = 'acme' AND lookup_key = 'SE1'`);
    await eventually(async () => ((await nameOf(a, 'acme', 'SE1')) === 'Renamed by hand' ? true : undefined), { describe: 'the operator’s update on A' });
    await ownerQuery(owner, `DELETE FROM suppliers WHERE tenant_id = 'acme' AND lookup_key = 'SE1'`);
    await eventually(async () => ((await nameOf(a, 'acme', 'SE1')) === null ? true : undefined), { describe: 'the operator’s delete on A' });
  });

  it("keeps tenants apart: one tenant's change leaves the other's entries, and entries never cross tenants", async () => {
    if (await neverServesOnEmbedded()) return;
    const a = await replica();
    await eventually(() => (a.cache.serving ? true : undefined), { describe: 'the listener to connect' });
    expect(await nameOf(a, 'globex', 'SE4')).toBe('Globex Four');
    expect(await nameOf(a, 'acme', 'SE4')).toBeNull(); // acme's own answer (row-level security), not globex's entry
    const query = jest.spyOn(a.repository, 'findByLookupKeys');
    await ownerQuery(owner, `INSERT INTO suppliers (tenant_id, lookup_key, name) VALUES ('acme', 'SE4', 'Acme Four')`);
    await eventually(async () => ((await nameOf(a, 'acme', 'SE4')) === 'Acme Four' ? true : undefined), { describe: "acme's insert on A" });
    query.mockClear();
    expect(await nameOf(a, 'globex', 'SE4')).toBe('Globex Four');
    expect(query).not.toHaveBeenCalled(); // acme's notification did not clear globex's entry
  });

  it('bypasses the cache while the listener is disconnected, and starts empty after reconnecting', async () => {
    if (await neverServesOnEmbedded()) return;
    const a = await replica();
    await eventually(() => (a.cache.serving ? true : undefined), { describe: 'the listener to connect' });
    expect(await nameOf(a, 'acme', 'SE5')).toBe('Five');
    expect(a.cache.size).toBeGreaterThan(0);
    const pid = a.listener.backendPid;
    expect(pid).toEqual(expect.any(Number));

    // The reconnect waits for the test (its backoff is held), so the gap is as long as the test needs.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const backoff = jest.spyOn(a.listener as unknown as { backoff(): Promise<void> }, 'backoff').mockImplementation(() => held);
    const query = jest.spyOn(a.repository, 'findByLookupKeys');
    await ownerQuery(owner, `SELECT pg_terminate_backend($1)`, [pid]);
    await eventually(() => (backoff.mock.calls.length > 0 ? true : undefined), { describe: 'the listener to notice the loss' });
    expect(a.listener.connected).toBe(false);
    expect(a.cache.serving).toBe(false);
    expect(a.cache.size).toBe(0);
    // Not serving: every lookup queries, and nothing is stored.
    expect(await nameOf(a, 'acme', 'SE5')).toBe('Five');
    expect(await nameOf(a, 'acme', 'SE5')).toBe('Five');
    expect(query).toHaveBeenCalledTimes(2);
    expect(a.cache.size).toBe(0);

    // A change nobody is listening for: seen after the reconnect, since reconnecting clears the cache.
    await ownerQuery(owner, `UPDATE suppliers SET name = 'Five again' WHERE tenant_id = 'acme' AND lookup_key = 'SE5'`);
    release();
    await eventually(() => (a.cache.serving ? true : undefined), { describe: 'the listener to reconnect' });
    expect(a.listener.backendPid).not.toBe(pid);
    expect(await nameOf(a, 'acme', 'SE5')).toBe('Five again');
    const calls = query.mock.calls.length;
    expect(await nameOf(a, 'acme', 'SE5')).toBe('Five again');
    expect(query.mock.calls.length).toBe(calls); // serving again
  });

  it('drops an entry after its TTL, and stores nothing with SUPPLIER_CACHE_TTL_MS=0', async () => {
    if (await neverServesOnEmbedded()) return;
    const a = await replica(1_000);
    await eventually(() => (a.cache.serving ? true : undefined), { describe: 'the listener to connect' });
    let now = 1_000_000;
    a.cache.now = () => now;
    const query = jest.spyOn(a.repository, 'findByLookupKeys');
    await nameOf(a, 'acme', 'SE6');
    await nameOf(a, 'acme', 'SE6');
    expect(query).toHaveBeenCalledTimes(1);
    now += 1_000;
    await nameOf(a, 'acme', 'SE6');
    expect(query).toHaveBeenCalledTimes(2);

    const off = await replica(0);
    expect(off.listener.connected).toBe(false);
    expect(off.cache.serving).toBe(false);
    const offQuery = jest.spyOn(off.repository, 'findByLookupKeys');
    await nameOf(off, 'acme', 'SE6');
    await nameOf(off, 'acme', 'SE6');
    expect(offQuery).toHaveBeenCalledTimes(2);
  });

  it('closes its LISTEN connection when stopped', async () => {
    if (await neverServesOnEmbedded()) return;
    const a = await replica();
    await eventually(() => (a.cache.serving ? true : undefined), { describe: 'the listener to connect' });
    const pid = a.listener.backendPid;
    await a.cache.stop();
    expect(a.listener.connected).toBe(false);
    expect(a.cache.serving).toBe(false);
    await eventually(async () => ((await ownerQuery(owner, `SELECT count(*)::int AS n FROM pg_stat_activity WHERE pid = $1`, [pid]))[0].n === 0 ? true : undefined), {
      describe: 'the listener backend to end',
    });
  });
});
