import type { DataSource } from 'typeorm';
import type { TenantDatabase } from '../../../src/framework/database';
import type { EventBus } from '../../../src/framework/events';
import type { RunTracker } from '../../../src/pipeline/activation/run-tracker';
import type { PipelineMetrics } from '../../../src/pipeline/run/pipeline-metrics';
import { PipelineRunner } from '../../../src/pipeline/run/pipeline-runner';
import type { PolicyCache } from '../../../src/pipeline/run/policy-cache';
import type { ClaimedRun, RunQueue } from '../../../src/pipeline/run/run-queue';
import type { RunWaiters } from '../../../src/pipeline/run/run-waiters';
import type { StageInvoker } from '../../../src/pipeline/run/stage-invoker';

/** A pg error as the driver raises it: SQLSTATE in `code`. */
const pgError = (code: string, message: string) => Object.assign(new Error(message), { code });

describe('PipelineRunner: recording a result', () => {
  const run: ClaimedRun = { runId: 'r', invoiceId: 'i', tenantId: 't', claimToken: 'c', attempts: 1, document: Buffer.from('<x/>'), contentType: 'application/xml' };
  let abandoned: string[];
  let statuses: string[];
  let finish: () => Promise<Date | null>;
  let runner: PipelineRunner;

  beforeEach(() => {
    abandoned = [];
    statuses = [];
    const queue = { finish: () => finish(), abandon: async (_run: ClaimedRun, reason: string) => (abandoned.push(reason), true) } as unknown as RunQueue;
    const dataSource = { getRepository: () => ({ find: async () => [] }) } as unknown as DataSource;
    const tracker = { begin: async () => ({ configId: 'cfg', configVersion: 1, selections: [], end: () => undefined }) } as unknown as RunTracker;
    const policies = { refresh: async () => undefined } as unknown as PolicyCache;
    const metrics = { invoices: { inc: () => undefined } } as unknown as PipelineMetrics;
    const events = { publish: (_topic: string, payload: { status: string }) => statuses.push(payload.status) } as unknown as EventBus;
    const waiters = { notify: () => undefined } as unknown as RunWaiters;
    runner = new PipelineRunner(dataSource, {} as TenantDatabase, tracker, policies, {} as StageInvoker, queue, waiters, metrics, events);
  });

  it('fails the run at once when the database refuses a value of the result (a verdict, not a retry)', async () => {
    finish = () => Promise.reject(pgError('22P05', 'unsupported Unicode escape sequence'));
    await expect(runner.process(run)).resolves.toBeNull();
    expect(abandoned).toEqual(['the document holds a value that cannot be stored (such as a NUL character or an impossible date)']);
    expect(statuses).toEqual(['processing', 'failed']);
  });

  it('lets any other failure to record propagate: the lease runs out and the run is taken up again', async () => {
    finish = () => Promise.reject(pgError('08006', 'connection failure'));
    await expect(runner.process(run)).rejects.toThrow('connection failure');
    expect(abandoned).toEqual([]);
  });
});
