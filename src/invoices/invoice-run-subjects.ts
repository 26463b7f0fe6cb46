import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { SqlFragment } from '../framework/database';
import { type RunSubjectStore, RunSubjectProvider, type SubjectOutcome } from '../pipeline/run/run-subject';
import { InvoiceRepository } from './invoice.repository';

/** Invoices are what runs process: the pipeline writes runs, this writes their outcome onto the invoice. */
@Injectable()
@RunSubjectProvider()
export class InvoiceRunSubjects implements RunSubjectStore {
  constructor(private readonly invoices: InvoiceRepository) {}

  finishStep(outcome: SubjectOutcome): SqlFragment {
    return this.invoices.finishStep(outcome);
  }

  markFailed(tx: EntityManager, tenantId: string, invoiceId: string): Promise<void> {
    return this.invoices.markFailed(tx, tenantId, invoiceId);
  }

  document(tenantId: string, invoiceId: string): Promise<Buffer> {
    return this.invoices.document(tenantId, invoiceId);
  }
}
