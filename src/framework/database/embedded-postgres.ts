import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export interface EmbeddedPostgresOptions {
  /** Directory holding the database files, or `memory://` for a throw-away in-memory database. */
  dataDir: string;
  /** Loopback port; 0 lets the OS pick a free one. */
  port: number;
  /** Connections the socket multiplexes onto the single PGlite session. */
  maxConnections: number;
}

/**
 * PGlite (PostgreSQL compiled to WebAssembly) served on a loopback TCP port, so the service talks
 * to it with the same `pg` driver, pool and TypeORM code as to a real server. It is the zero-setup
 * default, not a mock: same SQL, same wire protocol.
 */
export class EmbeddedPostgres {
  private db?: PGlite;
  private server?: PGLiteSocketServer;
  private connectionUrl?: string;
  private lockFile?: string;

  get url(): string | undefined {
    return this.connectionUrl;
  }

  get running(): boolean {
    return this.server !== undefined;
  }

  async start(options: EmbeddedPostgresOptions): Promise<string> {
    if (this.connectionUrl) return this.connectionUrl;
    const inMemory = options.dataDir.startsWith('memory://');
    if (!inMemory) {
      mkdirSync(resolve(options.dataDir), { recursive: true });
      this.lockFile = lockDataDir(resolve(options.dataDir));
    }
    let db: PGlite;
    try {
      db = await PGlite.create(inMemory ? undefined : resolve(options.dataDir));
    } catch (error) {
      this.unlock();
      throw error;
    }
    const server = new PGLiteSocketServer({
      db,
      host: '127.0.0.1',
      port: options.port,
      maxConnections: options.maxConnections,
    });
    try {
      await server.start();
    } catch (error) {
      await db.close();
      this.unlock();
      throw error;
    }
    this.db = db;
    this.server = server;
    // getServerConn() answers "host:port" with the port the OS actually assigned.
    this.connectionUrl = `postgres://postgres@${server.getServerConn()}/postgres?sslmode=disable`;
    return this.connectionUrl;
  }

  /** Stops the socket, then closes PGlite so its files are flushed to disk. */
  async stop(): Promise<void> {
    const { server, db } = this;
    this.server = undefined;
    this.db = undefined;
    this.connectionUrl = undefined;
    if (server) await server.stop();
    if (db && !db.closed) await db.close();
    this.unlock();
  }

  private unlock(): void {
    if (this.lockFile) rmSync(this.lockFile, { force: true });
    this.lockFile = undefined;
  }
}

/** Thrown when another live process has the data directory open. */
export class EmbeddedDatabaseLockedError extends Error {
  override readonly name = 'EmbeddedDatabaseLockedError';
}

/**
 * PGlite is one process's database: two processes opening the same directory (the service and
 * `npm run migration:run`, or two services) would corrupt it. A lock file holding the owner's pid
 * is created exclusively; one left by a process that no longer runs is taken over.
 */
function lockDataDir(dataDir: string): string {
  const file = join(dataDir, 'invoice-service.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return file;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(readFileSync(file, 'utf8').trim());
      if (Number.isInteger(owner) && owner > 0 && isAlive(owner)) {
        throw new EmbeddedDatabaseLockedError(
          `the embedded database in ${dataDir} is in use by process ${owner}; stop it first (PGlite serves one process)`,
        );
      }
      rmSync(file, { force: true });
    }
  }
  throw new EmbeddedDatabaseLockedError(`could not lock the embedded database in ${dataDir}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
