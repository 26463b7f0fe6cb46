/**
 * Multi-tenancy benchmark, on the built service (dist/) against DATABASE_URL or an in-memory
 * embedded database:
 *   1. creates 500 tenants through the admin API;
 *   2. tenant context creation: TenantRegistry.apply (a new TenantContext with its merged
 *      base < instance < tenant configuration), p50/p95 over 10,000 new tenants; and the
 *      per-request part: resolving a cached tenant plus its durable tenant-scoped service;
 *   3. throughput of one authenticated route, with @TenantScoped() (tenant resolved, handler run
 *      as the tenant, the tenant's durable service resolved) and without, requests spread over
 *      the 500 tenants; prints both and the ratio; then checks that each of the 500 tenants got
 *      its own durable instance.
 *
 *   npm run bench:tenancy -- [--connections 32] [--duration 10] [--rounds 5] [--tenants 500]
 */
import { cpus } from 'node:os';
import { Controller, Get, Inject, Module } from '@nestjs/common';
import { SignJWT } from 'jose';
import { BENCH_SECRET, createBenchApp, drive, type Figures, figuresLine, load, option } from './support';

const CONNECTIONS = option('--connections', 32);
const DURATION = option('--duration', 10);
const TENANTS = option('--tenants', 500);
const ROUNDS = option('--rounds', 5);

const tenancy = load<typeof import('../src/framework/tenancy')>('framework/tenancy');
const { TenantResolver } = load<typeof import('../src/framework/tenancy/tenant.resolver')>('framework/tenancy/tenant.resolver');
const auth = load<typeof import('../src/framework/auth')>('framework/auth');

/** One instance per tenant (durable), counted. */
@tenancy.TenantScopedProvider()
class TenantCounter {
  static created = 0;
  hits = 0;
  constructor(@Inject(tenancy.TenantContext) readonly tenant: InstanceType<typeof tenancy.TenantContext>) {
    TenantCounter.created++;
  }
}

/** The same handler twice: as a tenant-scoped route and as a plain authenticated one. */
@Controller('bench/tenant-probe')
@tenancy.TenantScoped()
class TenantProbe {
  constructor(@Inject(tenancy.TenantScope) private readonly scope: InstanceType<typeof tenancy.TenantScope>) {}

  @Get()
  @auth.Roles('submitter')
  async probe(@tenancy.CurrentTenant() tenant: InstanceType<typeof tenancy.TenantContext>) {
    const counter = await this.scope.get(TenantCounter);
    counter.hits++;
    return { tenant: tenant.tenantId, hits: counter.hits };
  }
}

@Controller('bench/plain-probe')
class PlainProbe {
  private hits = 0;

  @Get()
  @auth.Roles('submitter')
  async probe(@auth.CurrentPrincipal() principal: { tenantId: string | null }) {
    await Promise.resolve();
    return { tenant: principal.tenantId, hits: ++this.hits };
  }
}

@Module({ controllers: [TenantProbe, PlainProbe], providers: [TenantCounter] })
class ProbeModule {}

async function series(url: string, tokens: string[]): Promise<Figures> {
  let n = 0;
  return drive({
    url,
    connections: CONNECTIONS,
    duration: DURATION,
    setupRequest: (request) => ({ ...request, headers: { ...request.headers, authorization: `Bearer ${tokens[n++ % tokens.length]}` } }),
  });
}

function percentiles(samplesNs: number[]): { p50: number; p95: number; p99: number } {
  const sorted = [...samplesNs].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] / 1000;
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99) };
}

async function main(): Promise<void> {
  const app = await createBenchApp({ PIPELINE_WORKERS_ENABLED: false }, { imports: [ProbeModule] });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address() as { port: number };
  const base = `http://127.0.0.1:${address.port}`;
  const key = new TextEncoder().encode(BENCH_SECRET);
  const sign = (claims: Record<string, unknown>) => new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject('bench').setExpirationTime('1h').sign(key);

  // 1. 500 tenants through the admin API.
  const stamp = Date.now().toString(36);
  const ids = Array.from({ length: TENANTS }, (_, i) => `bench-${stamp}-${i}`);
  const admin = await sign({ roles: ['admin'] });
  const createStarted = performance.now();
  for (const [i, tenantId] of ids.entries()) {
    const response = await fetch(`${base}/api/v1/admin/tenants`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ tenantId, name: `Bench tenant ${i}`, config: i % 2 ? { TENANT_APPROVAL_THRESHOLD: `${1000 + i}.00` } : {} }),
    });
    if (response.status !== 201) throw new Error(`creating ${tenantId}: ${response.status} ${await response.text()}`);
  }
  const createMs = performance.now() - createStarted;
  const tokens = await Promise.all(ids.map((tenantId) => sign({ roles: ['submitter'], tenant_id: tenantId })));

  // 2. Context creation, in process.
  const registry = app.get(tenancy.TenantRegistry);
  const resolver = app.get(TenantResolver);
  const scope = app.get(tenancy.TenantScope);
  const rows = await Promise.all(ids.map(async (tenantId) => (await registry.refresh(tenantId))!));
  const creation: number[] = [];
  for (let round = 0; round < 20; round++) {
    for (const [i, context] of rows.entries()) {
      const row = { tenantId: `ctx-${round}-${i}`, name: context.name, config: { ...context.overrides }, createdAt: context.createdAt, updatedAt: context.updatedAt, disabledAt: null };
      const started = process.hrtime.bigint();
      registry.apply(row);
      creation.push(Number(process.hrtime.bigint() - started));
    }
  }
  const perRequest: number[] = [];
  for (let round = 0; round < 20; round++) {
    for (const tenantId of ids) {
      const started = process.hrtime.bigint();
      const tenant = await resolver.resolve({ subject: 'bench', roles: ['submitter'], tenantId } as never, undefined);
      await scope.run(tenant, () => scope.get(TenantCounter));
      perRequest.push(Number(process.hrtime.bigint() - started));
    }
  }

  // 3. Throughput with and without tenancy, over all tenants: a warm-up, then ROUNDS alternating
  // series (series order shifts the figures by several percent); the median round of each.
  await series(`${base}/api/v1/bench/tenant-probe`, tokens);
  await series(`${base}/api/v1/bench/plain-probe`, tokens);
  const plainRounds: Figures[] = [];
  const scopedRounds: Figures[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 ? ['scoped', 'plain'] : ['plain', 'scoped'];
    for (const which of order) {
      if (which === 'plain') plainRounds.push(await series(`${base}/api/v1/bench/plain-probe`, tokens));
      else scopedRounds.push(await series(`${base}/api/v1/bench/tenant-probe`, tokens));
    }
  }
  const median = (rounds: Figures[]) => [...rounds].sort((a, b) => a.rps - b.rps)[rounds.length >> 1];
  const plain = median(plainRounds);
  const scoped = median(scopedRounds);
  const instances = TenantCounter.created;
  await app.close();

  const c = percentiles(creation);
  const r = percentiles(perRequest);
  process.stdout.write(
    [
      `machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}, database ${process.env.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : 'embedded PGlite'}`,
      `tenants: ${TENANTS} created through the admin API in ${(createMs / 1000).toFixed(1)} s`,
      `tenant context creation (new TenantContext + merged config): p50 ${c.p50.toFixed(1)} µs  p95 ${c.p95.toFixed(1)} µs  p99 ${c.p99.toFixed(1)} µs  (${creation.length} tenants)`,
      `per request (resolve cached tenant + its durable service):  p50 ${r.p50.toFixed(1)} µs  p95 ${r.p95.toFixed(1)} µs  p99 ${r.p99.toFixed(1)} µs  (${perRequest.length} lookups)`,
      `load: ${CONNECTIONS} connections, ${DURATION} s per series, ${ROUNDS} alternating rounds (median shown), requests spread over ${TENANTS} tenants`,
      `rounds req/s: plain ${plainRounds.map((f) => f.rps.toFixed(0)).join(' / ')}; tenant-scoped ${scopedRounds.map((f) => f.rps.toFixed(0)).join(' / ')}`,
      figuresLine('plain authenticated route', plain, 36),
      figuresLine('@TenantScoped() route', scoped, 36),
      `ratio tenant-scoped / plain: ${(scoped.rps / plain.rps).toFixed(3)} (cost ${((1 - scoped.rps / plain.rps) * 100).toFixed(1)}%)`,
      `durable tenant instances created: ${instances} (expected ${TENANTS})`,
      '',
    ].join('\n'),
  );
  if (instances !== TENANTS) process.exitCode = 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
