import type { DataSource } from 'typeorm';
import { TenantDatabase } from '../../src/framework/database';
import { PlatformDatabase } from '../../src/framework/database/platform-database';
import { InvoiceRunSubjects } from '../../src/invoices/invoice-run-subjects';
import { InvoiceRepository } from '../../src/invoices/invoice.repository';
import { RunQueue } from '../../src/pipeline/run/run-queue';
import { RunSubjects } from '../../src/pipeline/run/run-subject';
import { RunRepository } from '../../src/pipeline/run/run.repository';

/** What a RunQueue is built from on a pool, wired as the app wires it (the invoices store what runs process). */
export function runQueueParts(pool: DataSource): ConstructorParameters<typeof RunQueue> {
  const tenants = new TenantDatabase(pool);
  return [new RunRepository(tenants, new PlatformDatabase(pool)), tenants, RunSubjects.of(new InvoiceRunSubjects(new InvoiceRepository(tenants)))];
}

/** A RunQueue on the pool (the service's role, as the app runs it). */
export function runQueueOn(pool: DataSource): RunQueue {
  return new RunQueue(...runQueueParts(pool));
}
