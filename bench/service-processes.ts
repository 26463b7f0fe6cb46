/**
 * The service as separate processes for the HTTP benchmarks, and the CPU they and PostgreSQL use.
 *
 * - `startService()` creates a fresh database, starts one process of `bench/service.mjs` for a build
 *   directory (it applies the migrations), then the other N-1 on the same port (SO_REUSEPORT).
 * - `CpuProbe` reads Linux /proc: utime + stime of /proc/<pid>/stat, which covers all threads of a
 *   process. Node = the service processes only (not this process, which runs autocannon), also
 *   split by thread group from /proc/<pid>/task/<tid> (main thread, worker threads, V8 helpers).
 *   PostgreSQL = the backends whose pg_stat_activity.datname is the bench's database, polled during
 *   the series (a backend that appears is counted from its start), and separately the shared
 *   processes (postmaster, checkpointer, WAL writer, autovacuum…), which also serve every other
 *   database of that server and are printed apart, as "shared".
 */
import { type ChildProcess, fork } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Client } from 'pg';
import { BENCH_SECRET, ROOT } from './support';

/** 10 ms clock ticks (USER_HZ = 100 on Linux x86). */
const TICK_MS = 10;

interface ProcStat {
  ticks: number;
  /** Of `ticks`, those spent in the kernel (stime: system calls, the loopback network, fsync). */
  kernelTicks: number;
  ppid: number;
  /** Start time, in ticks since boot. */
  started: number;
}

function procStat(pid: number, tid?: number): ProcStat | null {
  try {
    const stat = readFileSync(tid === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${tid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[0] is stat field 3 (state): utime 14, stime 15, ppid 4, starttime 22.
    return { ticks: Number(fields[11]) + Number(fields[12]), kernelTicks: Number(fields[12]), ppid: Number(fields[1]), started: Number(fields[19]) };
  } catch {
    return null; // ended, or not visible from here
  }
}

/** The thread groups of a service process the bench reports apart (Linux thread names, /proc/<pid>/task/<tid>/comm). */
export type ThreadGroup = 'main' | 'worker threads' | 'V8 helpers' | 'other';

function threadGroup(pid: number, tid: number, name: string): ThreadGroup {
  if (tid === pid) return 'main';
  if (name.startsWith('WorkerThread')) return 'worker threads';
  if (name.startsWith('V8') || name.startsWith('DelayedTaskSch')) return 'V8 helpers';
  return 'other';
}

/** CPU ticks so far of each thread of `pid`, by thread id, with its group. */
function threadTicks(pid: number): Map<number, { group: ThreadGroup; ticks: number }> {
  const threads = new Map<number, { group: ThreadGroup; ticks: number }>();
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return threads;
  }
  for (const entry of tids) {
    const tid = Number(entry);
    const stat = procStat(pid, tid);
    if (!stat) continue;
    let name = '';
    try {
      name = readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim();
    } catch {
      continue; // the thread ended
    }
    threads.set(tid, { group: threadGroup(pid, tid, name), ticks: stat.ticks });
  }
  return threads;
}

/**
 * CPU ms by thread group of the service processes between two readings. A thread that ended in
 * between is lost (the pool's threads live as long as the process); one that started counts from 0.
 */
function threadMs(before: Map<number, Map<number, { group: ThreadGroup; ticks: number }>>, pids: number[]): Record<ThreadGroup, number> {
  const ms: Record<ThreadGroup, number> = { main: 0, 'worker threads': 0, 'V8 helpers': 0, other: 0 };
  for (const pid of pids) {
    for (const [tid, now] of threadTicks(pid)) ms[now.group] += (now.ticks - (before.get(pid)?.get(tid)?.ticks ?? 0)) * TICK_MS;
  }
  return ms;
}

const uptimeTicks = (): number => Math.floor(Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]) * (1000 / TICK_MS));

type Ticks = Pick<ProcStat, 'ticks' | 'kernelTicks'>;

/** CPU ticks of a changing set of processes between start() and stop(), by polling. */
class TickMeter {
  private readonly first = new Map<number, Ticks>();
  private readonly last = new Map<number, Ticks>();
  private since = 0;

  start(pids: number[]): void {
    this.since = uptimeTicks();
    for (const pid of pids) {
      const stat = procStat(pid);
      if (stat) this.first.set(pid, stat);
      if (stat) this.last.set(pid, stat);
    }
  }

  poll(pids: number[]): void {
    for (const pid of pids) {
      const stat = procStat(pid);
      if (!stat) continue;
      // A process first seen now was started during the series (counted from 0) or missed (from now).
      if (!this.first.has(pid)) this.first.set(pid, stat.started >= this.since ? { ticks: 0, kernelTicks: 0 } : stat);
      this.last.set(pid, stat);
    }
  }

  /** CPU ms since start(); `kernel`: of those, in the kernel. */
  ms(kernel = false): number {
    let ticks = 0;
    for (const [pid, last] of this.last) {
      const first = this.first.get(pid) ?? last;
      ticks += kernel ? last.kernelTicks - first.kernelTicks : last.ticks - first.ticks;
    }
    return ticks * TICK_MS;
  }
}

/** CPU in ms over one series. `postgres`/`postgresShared` are null where /proc cannot show them. */
export interface CpuReading {
  node: number;
  /** `node` by thread group (Linux only; empty where /proc/<pid>/task cannot be read). */
  threads: Partial<Record<ThreadGroup, number>>;
  postgres: number | null;
  /** Of `postgres`, the autovacuum workers on the bench's database. */
  postgresAutovacuum: number | null;
  postgresShared: number | null;
  /** Of `node` and `postgres`, the ms spent in the kernel (system time). */
  kernel: { node: number; postgres: number | null };
}

/** Measures one series: `start()`, then the returned function ends it and gives the CPU used. */
export class CpuProbe {
  constructor(
    private readonly nodePids: () => number[],
    private readonly admin: Client,
    private readonly database: string,
  ) {}

  private async postgresPids(): Promise<{ own: number[]; autovacuum: number[]; shared: number[] }> {
    const rows = (
      await this.admin.query<{ pid: number; datname: string | null; backend_type: string }>(
        `SELECT pid, datname, backend_type FROM pg_stat_activity WHERE pid <> pg_backend_pid()`,
      )
    ).rows;
    const own = rows.filter((r) => r.datname === this.database).map((r) => r.pid);
    // Of those, autovacuum workers on the bench's tables: counted in `own` (the workload's cost) and shown apart,
    // since one lands in whichever series it happens to run in.
    const autovacuum = rows.filter((r) => r.datname === this.database && r.backend_type === 'autovacuum worker').map((r) => r.pid);
    // Shared: the server's own processes (no database, or autovacuum of any) plus the postmaster.
    const shared = rows.filter((r) => r.backend_type !== 'client backend' && r.datname !== this.database).map((r) => r.pid);
    const postmaster = shared.length ? procStat(shared[0])?.ppid : undefined;
    if (postmaster && procStat(postmaster)) shared.push(postmaster);
    return { own, autovacuum, shared };
  }

  async start(): Promise<() => Promise<CpuReading>> {
    const node = new TickMeter();
    const own = new TickMeter();
    const autovacuum = new TickMeter();
    const shared = new TickMeter();
    let visible = true;
    const first = await this.postgresPids();
    // /proc of the PostgreSQL processes is readable only when the server runs on this machine.
    visible = first.own.length + first.shared.length > 0 && first.shared.some((pid) => procStat(pid) !== null);
    node.start(this.nodePids());
    const threadsBefore = new Map(this.nodePids().map((pid) => [pid, threadTicks(pid)]));
    own.start(first.own);
    autovacuum.start(first.autovacuum);
    shared.start(first.shared);
    let polling = Promise.resolve();
    const timer = setInterval(() => {
      polling = polling.then(async () => {
        const now = await this.postgresPids();
        own.poll(now.own);
        autovacuum.poll(now.autovacuum);
        shared.poll(now.shared);
      });
    }, 200);
    return async () => {
      clearInterval(timer);
      await polling;
      const now = await this.postgresPids();
      own.poll(now.own);
      autovacuum.poll(now.autovacuum);
      shared.poll(now.shared);
      node.poll(this.nodePids());
      return {
        node: node.ms(),
        threads: threadMs(threadsBefore, this.nodePids()),
        postgres: visible ? own.ms() : null,
        postgresAutovacuum: visible ? autovacuum.ms() : null,
        postgresShared: visible ? shared.ms() : null,
        kernel: { node: node.ms(true), postgres: visible ? own.ms(true) : null },
      };
    };
  }
}

/** A connection as the PostgreSQL superuser of BENCH_ADMIN_URL (default: postgres@127.0.0.1:5432). */
export async function adminClient(database = 'postgres'): Promise<Client> {
  const url = new URL(process.env.BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  url.pathname = `/${database}`;
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  return client;
}

export const databaseUrl = (database: string): string => {
  const url = new URL(process.env.BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  url.pathname = `/${database}`;
  return url.toString();
};

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface RunningService {
  url: string;
  database: string;
  pids: () => number[];
  /** Admin connection to the service's database (superuser: sees every tenant's rows). */
  db: Client;
  probe: CpuProbe;
  stop(): Promise<void>;
}

function waitReady(child: ChildProcess, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} not ready within 120 s`)), 120_000);
    child.once('message', (message) => {
      clearTimeout(timer);
      if (message === 'ready') resolve();
      else reject(new Error(`${what}: unexpected message ${JSON.stringify(message)}`));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited with ${code} before listening`));
    });
  });
}

/**
 * A fresh database `name`, and `processes` service processes of the build in `build` (a dist/
 * directory) on one port, with the baseline route and its table. `env` adds service settings.
 */
export async function startService(options: { build: string; name: string; processes: number; env?: Record<string, string> }): Promise<RunningService> {
  const database = options.name;
  const admin = await adminClient();
  await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${database}`);
  await admin.end();
  const db = await adminClient(database);
  const port = await freePort();
  const env = {
    ...process.env,
    BENCH_BUILD: options.build,
    BENCH_BASELINE_ROUTE: 'true',
    BENCH_REUSE_PORT: 'true',
    DATABASE_URL: databaseUrl(database),
    DB_MIGRATION_URL: databaseUrl(database),
    PORT: String(port),
    HOST: '127.0.0.1',
    AUTH_JWT_SECRET: BENCH_SECRET,
    LOG_LEVEL: 'warn',
    METRICS_DEFAULT_ENABLED: 'false',
    ...options.env,
  };
  const children: ChildProcess[] = [];
  const spawn = (migrate: boolean): ChildProcess => {
    const child = fork(join(ROOT, 'bench', 'service.mjs'), [], { env: { ...env, DB_MIGRATIONS_RUN: String(migrate) }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: (process.env.BENCH_SERVICE_EXEC_ARGV ?? '').split(' ').filter(Boolean) });
    children.push(child);
    return child;
  };
  const stop = async (): Promise<void> => {
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
          }),
      ),
    );
    await db.end();
  };
  try {
    // The first process applies the migrations; the scratch table is made as the schema owner
    // (default privileges grant the service role its DML on it), then the others start.
    await waitReady(spawn(true), 'service process 1');
    await db.query(`CREATE TABLE bench_baseline (id bigserial PRIMARY KEY, body bytea NOT NULL, received_at timestamptz NOT NULL DEFAULT now())`);
    await Promise.all(Array.from({ length: options.processes - 1 }, (_, i) => waitReady(spawn(false), `service process ${i + 2}`)));
  } catch (error) {
    await stop();
    throw error;
  }
  const pids = (): number[] => children.map((child) => child.pid).filter((pid): pid is number => pid !== undefined);
  return { url: `http://127.0.0.1:${port}`, database, pids, db, probe: new CpuProbe(pids, db, database), stop };
}

/** Drops a database the bench made. */
export async function dropDatabase(database: string): Promise<void> {
  const admin = await adminClient();
  await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  await admin.end();
}
