/**
 * What the benchmarks that load the built service share: where the build is, command-line
 * options, and autocannon (which ships no type declarations) with its figures.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '..');
const DIST = process.env.BENCH_DIST ? resolve(process.env.BENCH_DIST) : join(ROOT, 'dist');
const args = process.argv.slice(2);

/** A module of the built service (dist/, or BENCH_DIST). */
export const load = <T>(path: string): T => require(join(DIST, path)) as T;

/** `--name <number>` from the command line, or the fallback. */
export const option = (name: string, fallback: number): number => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);

/** The HS256 secret the benchmarks configure the service with and sign their tokens with. */
export const BENCH_SECRET = 'bench-only-hs256-secret-0123456789abcdef';

/**
 * The built service as the benchmarks run it, not listening yet (routes may still be added):
 * DATABASE_URL or an in-memory embedded database, HS256 tokens signed with BENCH_SECRET, warnings
 * only, no default process metrics; `overrides` adds to or replaces those settings.
 */
export async function createBenchApp(overrides: Record<string, unknown> = {}, options: import('../src/app.module').AppModuleOptions = {}) {
  const { createApp } = load<typeof import('../src/app.factory')>('app.factory');
  const { CONFIG_CLASSES } = load<typeof import('../src/config-classes')>('config-classes');
  const { ConfigSet } = load<typeof import('../src/framework/config')>('framework/config');
  const configs = ConfigSet.load(CONFIG_CLASSES, {
    env: process.env,
    envFile: false,
    overrides: {
      LOG_LEVEL: 'warn',
      PORT: 0,
      HOST: '127.0.0.1',
      AUTH_JWT_SECRET: BENCH_SECRET,
      METRICS_DEFAULT_ENABLED: false,
      ...(process.env.DATABASE_URL ? {} : { PGLITE_DATA_DIR: 'memory://' }),
      ...overrides,
    },
  });
  return createApp(configs, options);
}

export interface AutocannonRequest {
  body?: string;
  headers?: Record<string, string>;
  [key: string]: unknown;
}

interface AutocannonResult {
  requests: { average: number; total: number };
  duration: number;
  latency: { p50: number; p99: number };
  errors: number;
  non2xx: number;
}

/** The part of autocannon's API the benchmarks use. */
const autocannon = require('autocannon') as (options: {
  url: string;
  connections: number;
  duration: number;
  overallRate?: number;
  method?: string;
  headers?: Record<string, string>;
  requests: Array<{ setupRequest: (request: AutocannonRequest) => AutocannonRequest }>;
}) => Promise<AutocannonResult>;

/** CPU in ms, split by where it was spent (a probe's totals, or per request in Figures). */
export interface CpuSplit {
  node: number;
  postgres: number | null;
  /** Of `postgres`, autovacuum workers on the bench's database (where the probe tells them apart). */
  postgresAutovacuum?: number | null;
  postgresShared?: number | null;
  threads?: Partial<Record<string, number>>;
  /** Of `node` and `postgres`, the time in the kernel (system calls, the loopback network, fsync), where /proc shows it. */
  kernel?: { node: number; postgres: number | null };
}

export interface Figures {
  rps: number;
  /** Requests completed in the series. */
  total: number;
  /**
   * CPU time per completed request. Without a probe: this process (service and load generator)
   * and every local PostgreSQL process. With a probe (the service in processes of its own): the
   * service processes, the PostgreSQL backends of the bench's database, and apart from those the
   * PostgreSQL processes shared with other databases (`postgresShared`).
   */
  cpuMsPerRequest: CpuSplit;
  /** Where `node` was measured. */
  cpuScope: 'in-process' | 'service-processes';
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

/** Something that measures CPU over a series (see service-processes.ts). */
export interface SeriesCpuProbe {
  start(): Promise<() => Promise<CpuSplit>>;
}

/** CPU of this process and of every local PostgreSQL process: for services run in-process. */
const inProcessProbe: SeriesCpuProbe = {
  async start() {
    const node = process.cpuUsage();
    const postgres = postgresCpuMs();
    return async () => {
      const { user, system } = process.cpuUsage(node);
      const postgresAfter = postgresCpuMs();
      return { node: (user + system) / 1000, postgres: postgres === null || postgresAfter === null ? null : postgresAfter - postgres };
    };
  },
};

/** A series' CPU divided by the requests it completed (at least 1). */
function perRequest(cpu: CpuSplit, total: number): CpuSplit {
  const per = (ms: number | null | undefined) => (ms === null || ms === undefined ? ms : ms / total);
  return {
    node: cpu.node / total,
    postgres: per(cpu.postgres) ?? null,
    postgresAutovacuum: per(cpu.postgresAutovacuum),
    postgresShared: per(cpu.postgresShared),
    threads: cpu.threads && Object.fromEntries(Object.entries(cpu.threads).map(([group, ms]) => [group, (ms ?? 0) / total])),
    ...(cpu.kernel ? { kernel: { node: cpu.kernel.node / total, postgres: per(cpu.kernel.postgres) ?? null } } : {}),
  };
}

/**
 * One autocannon series; `setupRequest` shapes each request (body, headers). `overallRate` caps
 * the requests per second of all connections together (a fixed load instead of as fast as possible).
 */
export async function drive(options: {
  url: string;
  connections: number;
  duration: number;
  overallRate?: number;
  method?: string;
  headers?: Record<string, string>;
  setupRequest: (request: AutocannonRequest) => AutocannonRequest;
  probe?: SeriesCpuProbe;
}): Promise<Figures> {
  const { setupRequest, probe, ...rest } = options;
  const stop = await (probe ?? inProcessProbe).start();
  const result = await autocannon({ ...rest, requests: [{ setupRequest }] });
  const cpu = await stop();
  const total = Math.max(result.requests.total, 1);
  return {
    rps: result.requests.total / result.duration,
    total: result.requests.total,
    cpuMsPerRequest: perRequest(cpu, total),
    cpuScope: probe ? 'service-processes' : 'in-process',
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors,
    non2xx: result.non2xx,
  };
}

/**
 * An open-loop series at `rate` requests per second, evenly spaced: request i is due at
 * start + i / rate whether or not earlier ones were answered, on at most `connections` kept-alive
 * connections, and its latency counts from when it was due (a request that waits for a free
 * connection waits in its latency too: no coordinated omission). This is what "a fixed load of N
 * per second" means to a latency figure. autocannon's `overallRate` is not that: each connection
 * sends its share of the second back to back from the second's start and then idles, so the first
 * part of every second runs at full load and the p99 measures that burst.
 */
export async function pace(options: {
  url: string;
  connections: number;
  duration: number;
  rate: number;
  method?: string;
  headers?: Record<string, string>;
  body: () => string;
  probe?: SeriesCpuProbe;
}): Promise<Figures> {
  const { probe } = options;
  const url = new URL(options.url);
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections });
  const latencies: number[] = [];
  let errors = 0;
  let non2xx = 0;
  const send = (due: number): Promise<void> =>
    new Promise<void>((resolveSent) => {
      const body = options.body();
      const req = httpRequest(
        { agent, host: url.hostname, port: url.port, path: url.pathname + url.search, method: options.method ?? 'POST', headers: { ...options.headers, 'content-length': Buffer.byteLength(body) } },
        (res) => {
          res.resume();
          res.on('end', () => {
            latencies.push(performance.now() - due);
            if ((res.statusCode ?? 0) < 200 || (res.statusCode ?? 0) > 299) non2xx++;
            resolveSent();
          });
          res.on('error', () => {
            errors++;
            resolveSent();
          });
        },
      );
      req.on('error', () => {
        errors++;
        resolveSent();
      });
      req.end(body);
    });
  const stop = await (probe ?? inProcessProbe).start();
  const started = performance.now();
  const count = Math.round(options.rate * options.duration);
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < count; i++) {
    const due = started + (i * 1000) / options.rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    inFlight.push(send(due));
  }
  await Promise.all(inFlight);
  const elapsed = (performance.now() - started) / 1000;
  const cpu = await stop();
  agent.destroy();
  const sorted = latencies.sort((a, b) => a - b);
  const at = (q: number) => (sorted.length ? Math.round(sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]) : NaN);
  const total = Math.max(latencies.length, 1);
  return {
    rps: latencies.length / elapsed,
    total: latencies.length,
    cpuMsPerRequest: perRequest(cpu, total),
    cpuScope: probe ? 'service-processes' : 'in-process',
    p50: at(0.5),
    p99: at(0.99),
    errors,
    non2xx,
  };
}

/**
 * CPU time used so far by the PostgreSQL processes of this machine (Linux /proc, clock ticks of
 * 10 ms), or null where that cannot be read. Meaningful when the database is local; a database on
 * another host reads as 0 here.
 */
function postgresCpuMs(): number | null {
  try {
    let ticks = 0;
    for (const pid of readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const close = stat.lastIndexOf(')');
        if (!stat.slice(stat.indexOf('(') + 1, close).startsWith('postgres')) continue;
        const fields = stat.slice(close + 2).split(' ');
        ticks += Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15 of stat)
      } catch {
        // The process ended between the listing and the read.
      }
    }
    return ticks * 10;
  } catch {
    return null;
  }
}

/** One printed line of figures. */
export function figuresLine(name: string, f: Figures, width = 34): string {
  return `${name.padEnd(width)} ${f.rps.toFixed(0).padStart(7)} req/s   p50 ${String(f.p50).padStart(4)} ms   p99 ${String(f.p99).padStart(4)} ms   errors ${f.errors}  non-2xx ${f.non2xx}`;
}

/** CPU per request of a series: where the time goes when the machine is the limit. */
export function cpuLine(name: string, f: Figures, width = 34): string {
  const { node, postgres, postgresShared, postgresAutovacuum } = f.cpuMsPerRequest;
  if (f.cpuScope === 'in-process') {
    return `${name.padEnd(width)} CPU per request: Node (service + autocannon) ${node.toFixed(2)} ms, all PostgreSQL processes ${postgres === null ? 'n/a' : `${postgres.toFixed(2)} ms`}`;
  }
  const vacuum = postgresAutovacuum ? `, of it autovacuum ${postgresAutovacuum.toFixed(2)}` : '';
  const pg = postgres === null ? 'PostgreSQL n/a' : `PostgreSQL backends ${postgres.toFixed(2)} ms${vacuum} = ${(node + postgres).toFixed(2)} ms (+ shared ${(postgresShared ?? 0).toFixed(2)} ms)`;
  const threads = Object.entries(f.cpuMsPerRequest.threads ?? {}).filter(([, ms]) => (ms ?? 0) > 0);
  const split = threads.length ? ` (${threads.map(([group, ms]) => `${group} ${(ms ?? 0).toFixed(2)}`).join(', ')})` : '';
  const kernel = f.cpuMsPerRequest.kernel;
  const inKernel = kernel ? `; in the kernel: service ${kernel.node.toFixed(2)}${kernel.postgres === null ? '' : `, PostgreSQL ${kernel.postgres.toFixed(2)}`} ms` : '';
  return `${name.padEnd(width)} CPU per request: service ${node.toFixed(2)} ms${split} + ${pg}${inKernel}`;
}
