import { Injectable, Logger } from '@nestjs/common';
import { NotificationListener, type NotificationSubscriber } from '../../framework/database';
import { LifecycleParticipant, Startable, Stoppable } from '../../framework/lifecycle';
import type { ResolvedParty } from '../../pipeline/contracts';
import { PipelineRunConfig } from '../../pipeline/run/pipeline-run.config';

/** The channel the suppliers table's trigger (migration SuppliersChangedNotify) notifies; payload: the tenant id, or '*'. */
export const SUPPLIERS_CHANGED_CHANNEL = 'suppliers_changed';

interface Entry {
  /** null: the directory has no supplier with this key (a negative answer is cached too). */
  value: ResolvedParty | null;
  expiresAt: number;
}

/** Taken before a lookup reads the database: its answer is stored only if no change was heard since. */
export interface CacheTicket {
  readonly tenantId: string;
  readonly epoch: number;
  readonly generation: number;
}

/**
 * Supplier lookups per (tenant, lookup key), found or not, kept in memory so an invoice's enrich
 * stage needs no round trip when its parties were looked up before (issue 17).
 *
 * Correct across replicas: the suppliers table's trigger notifies `suppliers_changed` with the
 * tenant id on every change, from any replica or tool; every replica's NotificationListener hears
 * it and this cache drops that tenant's entries (only that tenant's: entries are keyed by tenant).
 * While the listener is not connected (startup, after a connection loss) nothing is served, and
 * on every (re)connect everything is dropped before serving again, since notifications sent in the
 * gap are lost. An answer read from the database is stored only if no change of its tenant (and
 * no reconnect) was heard while it was being read, so a lookup racing a change cannot store the
 * old row after the notification cleared it. Entries also expire after SUPPLIER_CACHE_TTL_MS
 * (a safety net) and the least recently used go beyond SUPPLIER_CACHE_MAX_ENTRIES.
 *
 * Disabled (every lookup queries) when SUPPLIER_CACHE_TTL_MS is 0 and on the embedded PGlite,
 * which delivers no notification from one connection to another. A miss still queries as the
 * tenant (TenantDatabase, row-level security).
 */
@Injectable()
@LifecycleParticipant({ name: 'supplier-cache', dependsOn: ['database'] })
export class SupplierCache implements Startable, Stoppable, NotificationSubscriber {
  private readonly logger = new Logger('SupplierCache');
  private readonly entries = new Map<string, Entry>();
  private readonly generations = new Map<string, number>();
  private epoch = 0;
  private listening = false;
  private unsubscribe?: () => Promise<void>;
  /** Milliseconds now; replaceable for tests of the TTL. */
  now: () => number = Date.now;

  constructor(
    private readonly listener: NotificationListener,
    private readonly config: PipelineRunConfig,
  ) {}

  async start(): Promise<void> {
    if (this.unsubscribe) return;
    if (this.config.supplierCacheTtlMs === 0) {
      this.logger.log('supplier lookup cache disabled (SUPPLIER_CACHE_TTL_MS=0)');
      return;
    }
    if (!this.listener.available) {
      this.logger.log('supplier lookup cache disabled: the embedded database delivers no notifications across connections');
      return;
    }
    this.unsubscribe = await this.listener.subscribe(SUPPLIERS_CHANGED_CHANNEL, this);
  }

  async stop(): Promise<void> {
    const unsubscribe = this.unsubscribe;
    this.unsubscribe = undefined;
    this.disconnected();
    await unsubscribe?.();
  }

  /** Lookups are answered from memory: the listener is connected and the cache was cleared since it connected. */
  get serving(): boolean {
    return this.listening;
  }

  get size(): number {
    return this.entries.size;
  }

  /** A ticket for one lookup of the tenant; undefined when the cache does not serve (query, store nothing). */
  ticket(tenantId: string): CacheTicket | undefined {
    if (!this.listening) return undefined;
    return { tenantId, epoch: this.epoch, generation: this.generations.get(tenantId) ?? 0 };
  }

  /** The cached answer (a copy; null: known not to exist), or undefined on a miss. */
  get(ticket: CacheTicket, lookupKey: string): ResolvedParty | null | undefined {
    if (!this.valid(ticket)) return undefined;
    const key = entryKey(ticket.tenantId, lookupKey);
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    if (entry.expiresAt <= this.now()) return undefined;
    this.entries.set(key, entry); // most recently used last
    return entry.value && { ...entry.value };
  }

  /** Stores an answer read from the database under the ticket taken before reading it. */
  store(ticket: CacheTicket, lookupKey: string, value: ResolvedParty | null): void {
    if (!this.valid(ticket)) return;
    const key = entryKey(ticket.tenantId, lookupKey);
    this.entries.delete(key);
    this.entries.set(key, { value: value && { ...value }, expiresAt: this.now() + this.config.supplierCacheTtlMs });
    while (this.entries.size > this.config.supplierCacheMaxEntries) this.entries.delete(this.entries.keys().next().value as string);
  }

  /** Drops the tenant's entries (its suppliers changed); lookups of the tenant in flight store nothing. */
  invalidate(tenantId: string): void {
    this.generations.set(tenantId, (this.generations.get(tenantId) ?? 0) + 1);
    const prefix = entryKey(tenantId, '');
    for (const key of this.entries.keys()) if (key.startsWith(prefix)) this.entries.delete(key);
  }

  /** NotificationSubscriber: a change of the tenant's suppliers ('*': of every tenant, TRUNCATE). */
  notify(payload: string): void {
    if (payload === '*') this.clear();
    else this.invalidate(payload);
  }

  /** NotificationSubscriber: LISTEN is active again; changes missed while disconnected are unknown, so start empty. */
  connected(): void {
    this.clear();
    this.listening = true;
  }

  /** NotificationSubscriber: changes are not heard any more; serve nothing until reconnected. */
  disconnected(): void {
    this.listening = false;
    this.clear();
  }

  private clear(): void {
    this.epoch += 1;
    this.generations.clear();
    this.entries.clear();
  }

  private valid(ticket: CacheTicket): boolean {
    return this.listening && ticket.epoch === this.epoch && ticket.generation === (this.generations.get(ticket.tenantId) ?? 0);
  }
}

/** Tenant ids never contain NUL (tenant-database.ts's format), so the prefix of one tenant matches no other. */
function entryKey(tenantId: string, lookupKey: string): string {
  return `${tenantId}\u0000${lookupKey}`;
}
