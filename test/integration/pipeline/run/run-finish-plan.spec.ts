import { DataSource } from 'typeorm';
import { TenantDatabase } from '../../../../src/framework/database';
import { sqlLiteral, type SqlValue } from '../../../../src/framework/database/sql-literal';
import type { RunQueue } from '../../../../src/pipeline/run/run-queue';
import type { RunResult } from '../../../../src/pipeline/run/run-result';
import { ownerQuery, useMigratedDatabase } from '../../../support/migrated-data-source';
import { insertInvoice } from '../../../support/factories';
import { runQueueOn } from '../../../support/run-queue';

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Index Cond'?: string;
  Plans?: PlanNode[];
}

const nodes = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(nodes)];

/**
 * The finishing statement is a prepared statement of each pooled connection, so PostgreSQL soon
 * runs it with a generic plan, fixed for the connection from statistics that may be stale (a new
 * database, a tenant that just grew). Its writes must reach their rows by key whatever the
 * statistics say: a plan that scanned the tenant's invoices and filtered them by id cost more with
 * every invoice.
 */
describe("the run's finishing statement under a generic plan (real database)", () => {
  const database = useMigratedDatabase();
  let dataSource: DataSource;
  let service: DataSource;
  let queue: RunQueue;
  let configId: string;

  beforeAll(async () => {
    dataSource = database.dataSource;
    service = await database.serviceDataSource();
    queue = runQueueOn(service);
    [{ config_id: configId }] = await ownerQuery(dataSource, `SELECT config_id FROM module_configurations WHERE status = 'active'`);
  });

  it('reaches the invoice and the run by their keys, not by a scan of the tenant', async () => {
    // A handful of the tenant's invoices: the planner's estimate for "this tenant's invoices" is tiny.
    for (let i = 0; i < 5; i++) await insertInvoice(dataSource);
    const invoiceId = await insertInvoice(dataSource);
    await ownerQuery(dataSource, `INSERT INTO invoice_runs (tenant_id, invoice_id, run_number, trigger, status) VALUES ('default', $1, 1, 'submit', 'queued')`, [invoiceId]);
    const run = (await queue.claim(60_000))!;
    const result: RunResult = {
      status: 'completed',
      failureReason: null,
      reviewRequired: false,
      configId,
      configVersion: 1,
      records: [],
      state: { tenantId: 'default', invoiceId, runId: run.runId, document: Buffer.alloc(0), contentType: 'application/xml' },
    };
    // The statement exactly as the queue sends it, captured on its way to the database.
    const tenants = TenantDatabase.prototype;
    const sent: Array<{ sql: string; parameters: readonly SqlValue[] }> = [];
    const original = tenants.statement;
    const spy = jest.spyOn(tenants, 'statement').mockImplementation(function (this: TenantDatabase, tenantId, sql, parameters, options) {
      sent.push({ sql, parameters: parameters ?? [] });
      return original.call(this, tenantId, sql, parameters, options);
    });
    try {
      expect(await queue.finish(run, result)).toBeInstanceOf(Date);
    } finally {
      spy.mockRestore();
    }
    expect(sent).toHaveLength(1);
    const [{ sql, parameters }] = sent;

    const plan = await service.transaction(async (manager) => {
      await manager.query(`SELECT set_config('app.tenant_id', 'default', true)`);
      await manager.query(`SET LOCAL plan_cache_mode = force_generic_plan`);
      await manager.query(`PREPARE finish_plan_probe AS ${sql}`);
      try {
        const rows = await manager.query<Array<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>>(
          `EXPLAIN (FORMAT JSON) EXECUTE finish_plan_probe(${parameters.map(sqlLiteral).join(', ')})`,
        );
        return rows[0]['QUERY PLAN'][0].Plan;
      } finally {
        await manager.query(`DEALLOCATE finish_plan_probe`);
      }
    });
    const scans = nodes(plan).filter((n) => n['Relation Name'] === 'invoices' || n['Relation Name'] === 'invoice_runs');
    const byTable = (table: string) => scans.filter((n) => n['Relation Name'] === table && n['Node Type'] !== 'ModifyTable');
    expect(byTable('invoices').map((n) => n['Index Cond'] ?? n['Node Type'])).toEqual([expect.stringMatching(/\(id = /)]);
    expect(byTable('invoice_runs').map((n) => n['Index Cond'] ?? n['Node Type'])).toEqual([expect.stringMatching(/\(run_id = /)]);
  });
});
