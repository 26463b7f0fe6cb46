import { Injectable, OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import type { EntityManager } from 'typeorm';
import type { SqlFragment } from '../../framework/database/sql-fragment';
import type { InvoiceProjection } from '../contracts/stage-contract';
import type { FinalRunStatus } from './entities/invoice-run.entity';

/** What a finished run writes onto the record it processed. */
export interface SubjectOutcome {
  status: FinalRunStatus;
  reviewRequired: boolean;
  configVersion: number;
  /** The stage contracts' projection (contracts/registry.ts#invoiceProjection), issue date checked. */
  projection: InvoiceProjection;
}

/**
 * The store of the records runs process (the invoices): the pipeline writes runs and stage
 * results, the folder that owns the records writes them. The pipeline never imports that folder:
 * its provider carries @RunSubjectProvider() and RunSubjects finds it at boot, as the catalogue
 * finds stage modules.
 */
export interface RunSubjectStore {
  /**
   * The step of the run's finishing statement that writes the outcome onto the record: a CTE
   * body that reads the CTE `run` (its `invoice_id`) of the same statement, so it applies only
   * when the run's own update did (the claim was still ours).
   */
  finishStep(outcome: SubjectOutcome): SqlFragment;
  /** Marks the record failed, in the caller's tenant transaction (a run given up). */
  markFailed(tx: EntityManager, tenantId: string, subjectId: string): Promise<void>;
  /** The stored document (when a claim did not carry it). */
  document(tenantId: string, subjectId: string): Promise<Buffer>;
}

export const RunSubjectProvider = DiscoveryService.createDecorator<Record<string, never>>();

/** The one RunSubjectStore of the application, found at boot. */
@Injectable()
export class RunSubjects implements OnModuleInit {
  private found?: RunSubjectStore;

  constructor(private readonly discovery?: DiscoveryService) {}

  /** For code that builds the queue by hand (tests, tools): the store given directly. */
  static of(store: RunSubjectStore): RunSubjects {
    const subjects = new RunSubjects();
    subjects.found = store;
    return subjects;
  }

  onModuleInit(): void {
    if (this.found || !this.discovery) return;
    const stores = this.discovery.getProviders({ metadataKey: RunSubjectProvider.KEY }).map((wrapper) => wrapper.instance as RunSubjectStore);
    if (stores.length > 1) throw new Error(`${stores.length} providers carry @RunSubjectProvider(); runs need exactly one store for what they process`);
    this.found = stores[0];
  }

  get store(): RunSubjectStore {
    if (!this.found) throw new Error('no provider carries @RunSubjectProvider(): nothing stores what runs process (import the invoices module)');
    return this.found;
  }
}
