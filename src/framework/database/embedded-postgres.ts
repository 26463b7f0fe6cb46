import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
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

  get url(): string | undefined {
    return this.connectionUrl;
  }

  get running(): boolean {
    return this.server !== undefined;
  }

  async start(options: EmbeddedPostgresOptions): Promise<string> {
    if (this.connectionUrl) return this.connectionUrl;
    const inMemory = options.dataDir.startsWith('memory://');
    if (!inMemory) mkdirSync(resolve(options.dataDir), { recursive: true });
    const db = await PGlite.create(inMemory ? undefined : resolve(options.dataDir));
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
  }
}
