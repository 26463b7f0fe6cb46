import { Injectable, Logger } from '@nestjs/common';
import { Client, type ClientConfig, type Notification } from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresDataSourceOptions as PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions.js';
import { EmbeddedPostgres } from './embedded-postgres';

/** What a subscriber of a channel hears: its notifications, and when the connection comes and goes. */
export interface NotificationSubscriber {
  /** A NOTIFY on the channel (payload as sent). */
  notify(payload: string): void;
  /**
   * LISTEN is active (first connect or reconnect): notifications sent while there was no
   * connection are lost, so whatever was derived from them must be dropped here.
   */
  connected?(): void;
  /** The connection is gone; no notification arrives until `connected()` again. */
  disconnected?(): void;
}

/** How long a probe NOTIFY sent on another connection may take to arrive before notifications count as undeliverable. */
const PROBE_MS = 2_000;
const MIN_BACKOFF_MS = 100;
const MAX_BACKOFF_MS = 10_000;
const logger = new Logger('NotificationListener');

/** A channel name as a quoted identifier (LISTEN takes no parameters). */
function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** The pg client settings of the service's DataSource: the same server, user and TLS as its pool. */
export function listenerClientConfig(options: PostgresConnectionOptions): ClientConfig {
  const extra = (options.extra ?? {}) as { application_name?: string; connectionTimeoutMillis?: number };
  return {
    connectionString: options.url,
    host: options.host,
    port: options.port,
    user: options.username,
    password: typeof options.password === 'string' ? options.password : undefined,
    database: options.database,
    ssl: options.ssl as ClientConfig['ssl'],
    application_name: `${extra.application_name ?? 'invoice-service'}-listener`,
    connectionTimeoutMillis: extra.connectionTimeoutMillis ?? 5_000,
    // A silently dead peer (no RST) is noticed by TCP keepalive, not only at the next query.
    keepAlive: true,
  };
}

/**
 * The process's one LISTEN connection: a dedicated pg Client (not from the pool, which would hand
 * it to queries) subscribed to every channel someone listens on. It reconnects with exponential
 * backoff (100 ms … 10 s) after a connection loss and tells subscribers when it is connected and
 * when not, so caches fed by notifications can stop serving across the gap. The connection opens
 * with the first subscription and closes with the last (or `close()`, at database shutdown).
 *
 * The embedded PGlite (pglite-socket) runs one session for every socket and delivers a NOTIFY only
 * to the socket that sent it, so it cannot tell one connection about another's change: there
 * `available` is false and nothing connects; subscribers must not rely on notifications. The same
 * holds for any server that does not deliver (a pooler in transaction mode, a pglite-socket named
 * by DATABASE_URL): each connection first proves delivery with a probe NOTIFY sent through the
 * pool, and without it the listener never reports itself connected (subscribers keep bypassing).
 */
@Injectable()
export class NotificationListener {
  private readonly channels = new Map<string, Set<NotificationSubscriber>>();
  private client?: Client;
  private connecting?: Promise<void>;
  private retry?: { timer: NodeJS.Timeout; wake: () => void };
  private closed = false;
  private attempts = 0;
  /** A probe NOTIFY sent on another connection never arrived: this server cannot tell one connection about another. */
  private undeliverable = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly embedded: EmbeddedPostgres,
  ) {}

  /** False on the embedded PGlite, whose socket server does not deliver notifications across connections. */
  get available(): boolean {
    return !this.embedded.running && !this.undeliverable;
  }

  /** LISTEN is active on every subscribed channel. */
  get connected(): boolean {
    return this.client !== undefined;
  }

  /** The backend pid of the listening connection (for operators and tests), when connected. */
  get backendPid(): number | undefined {
    // pg sets processID from BackendKeyData; @types/pg does not declare it.
    return (this.client as unknown as { processID?: number } | undefined)?.processID;
  }

  /**
   * Subscribes to a channel; resolves once the first connection attempt is over (connected or
   * not: the listener keeps retrying in the background). Returns the unsubscribe function.
   */
  async subscribe(channel: string, subscriber: NotificationSubscriber): Promise<() => Promise<void>> {
    if (!this.available) throw new Error('notifications are not available on the embedded database');
    this.closed = false;
    let subscribers = this.channels.get(channel);
    const fresh = !subscribers;
    if (!subscribers) this.channels.set(channel, (subscribers = new Set()));
    subscribers.add(subscriber);
    if (this.client && fresh) {
      await this.client.query(`LISTEN ${quoteIdentifier(channel)}`).catch((error: unknown) => this.lost(this.client, error));
    }
    if (this.client) subscriber.connected?.();
    else await this.ensureConnecting();
    return async () => {
      subscribers.delete(subscriber);
      if (subscribers.size > 0) return;
      this.channels.delete(channel);
      if (this.channels.size === 0) await this.close();
      else await this.client?.query(`UNLISTEN ${quoteIdentifier(channel)}`).catch(() => undefined);
    };
  }

  /** Closes the connection and stops reconnecting (database shutdown, or the last subscriber left). */
  async close(): Promise<void> {
    this.closed = true;
    if (this.retry) {
      clearTimeout(this.retry.timer);
      this.retry.wake();
    }
    await this.connecting;
    const client = this.client;
    this.client = undefined;
    if (client) {
      this.each((s) => s.disconnected?.());
      await client.end().catch(() => undefined);
    }
  }

  private ensureConnecting(afterLoss = false): Promise<void> {
    this.connecting ??= this.connectLoop(afterLoss).finally(() => (this.connecting = undefined));
    return this.connecting;
  }

  /**
   * Connects and LISTENs on every channel; on failure waits the backoff and tries again, until
   * closed. After a loss the first attempt waits too (a restarting server is not hammered).
   */
  private async connectLoop(afterLoss: boolean): Promise<void> {
    let wait = afterLoss;
    while (!this.closed && !this.client && this.channels.size > 0) {
      if (wait) await this.backoff();
      wait = true;
      if (this.closed) return;
      const client = new Client(listenerClientConfig(this.dataSource.options as PostgresConnectionOptions));
      client.on('error', (error) => this.lost(client, error));
      client.on('end', () => this.lost(client));
      client.on('notification', (message) => this.dispatch(message));
      try {
        await client.connect();
        for (const channel of this.channels.keys()) await client.query(`LISTEN ${quoteIdentifier(channel)}`);
      } catch (error) {
        this.attempts += 1;
        logger.warn(`LISTEN connection failed (attempt ${this.attempts}): ${error instanceof Error ? error.message : String(error)}`);
        await client.end().catch(() => undefined);
        continue;
      }
      if (this.closed) {
        await client.end().catch(() => undefined);
        return;
      }
      let delivers: boolean;
      try {
        delivers = await this.deliversAcrossConnections(client);
      } catch (error) {
        this.attempts += 1;
        logger.warn(`LISTEN delivery probe failed (attempt ${this.attempts}): ${error instanceof Error ? error.message : String(error)}`);
        await client.end().catch(() => undefined);
        continue;
      }
      if (!delivers) {
        this.undeliverable = true;
        logger.warn('a NOTIFY sent on another connection did not arrive: notifications are not delivered here, so nothing derived from them is served');
        await client.end().catch(() => undefined);
        return;
      }
      this.client = client;
      if (this.attempts > 0) logger.log(`LISTEN connection restored after ${this.attempts} failed attempt(s)`);
      this.attempts = 0;
      this.each((s) => s.connected?.());
    }
  }

  /** LISTENs on a probe channel and NOTIFYs it through the pool (another connection): true when it arrives in time; a failing statement throws (retried). */
  private async deliversAcrossConnections(client: Client): Promise<boolean> {
    const channel = `invoice_service_probe_${process.pid}`;
    const nonce = `${Date.now()}-${Math.random().toString(36).slice(2)}`;
    let timer: NodeJS.Timeout | undefined;
    let onNotification: ((message: Notification) => void) | undefined;
    const arrived = new Promise<boolean>((resolve) => {
      onNotification = (message) => {
        if (message.channel === channel && message.payload === nonce) resolve(true);
      };
      client.on('notification', onNotification);
      timer = setTimeout(() => resolve(false), PROBE_MS);
    });
    try {
      await client.query(`LISTEN ${quoteIdentifier(channel)}`);
      await this.dataSource.query('SELECT pg_notify($1, $2)', [channel, nonce]);
      return await arrived;
    } finally {
      clearTimeout(timer);
      if (onNotification) client.off('notification', onNotification);
      await client.query(`UNLISTEN ${quoteIdentifier(channel)}`).catch(() => undefined);
    }
  }

  private backoff(): Promise<void> {
    const delay = Math.min(MAX_BACKOFF_MS, MIN_BACKOFF_MS * 2 ** Math.max(0, this.attempts - 1));
    return new Promise((resolve) => {
      const wake = (): void => {
        this.retry = undefined;
        resolve();
      };
      this.retry = { timer: setTimeout(wake, delay), wake };
    });
  }

  /** The listening connection ended or failed: subscribers stop trusting it, and a reconnect starts. */
  private lost(client: Client | undefined, error?: unknown): void {
    if (!client || client !== this.client) return;
    this.client = undefined;
    this.attempts = 1;
    logger.warn(`LISTEN connection lost${error instanceof Error ? `: ${error.message}` : ''}; reconnecting`);
    client.end().catch(() => undefined);
    this.each((s) => s.disconnected?.());
    if (!this.closed) void this.ensureConnecting(true);
  }

  private dispatch(message: Notification): void {
    for (const subscriber of this.channels.get(message.channel) ?? []) subscriber.notify(message.payload ?? '');
  }

  private each(call: (subscriber: NotificationSubscriber) => void): void {
    for (const subscribers of this.channels.values()) for (const subscriber of subscribers) call(subscriber);
  }
}
