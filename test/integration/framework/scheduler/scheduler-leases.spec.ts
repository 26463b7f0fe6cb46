import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { JobDefinition } from '../../../../src/framework/scheduler/job-definition';
import { ABANDONED_FIRE_ERROR } from '../../../../src/framework/scheduler/scheduler.repository';
import { SchedulerConfig } from '../../../../src/framework/scheduler/scheduler.config';
import { eventually } from '../../../support/eventually';
import { useMigratedDatabase } from '../../../support/migrated-data-source';
import { FakeClock, gate } from '../../../support/fake-clock';
import { replicaConnection, schedulerInstance } from '../../../support/scheduler';

const EVERY_MINUTE = '0 * * * * *';
const T0 = new Date('2026-03-02T12:00:00.000Z');
const LEASE_MS = 10_000;
const seconds = (n: number) => n * 1000;
/** No heartbeat of its own during the test: renewals happen when the test calls renewLeases(). */
const BY_HAND = { schedulerFireLeaseMs: LEASE_MS, schedulerFireHeartbeatMs: 3_600_000 };

Logger.overrideLogger(false);

/**
 * Fire leases: a running fire counts against its job only while its replica renews its lease, so
 * a fire whose replica was killed mid-run stops blocking the job within one lease (not the job's
 * hour-long lease), and manual triggers and the next scheduled fire run again.
 */
describe('scheduler fire leases (real database)', () => {
  const database = useMigratedDatabase();
  let dataSource: DataSource;
  let counter = 0;
  const nextJobId = () => `lease.job-${++counter}`;

  beforeAll(async () => {
    dataSource = database.dataSource;
  });

  /** A job whose executions wait at a gate. */
  function gatedJob(jobId: string, overrides: Partial<JobDefinition> = {}) {
    const release = gate();
    const state = { runs: 0 };
    const definition: JobDefinition = {
      jobId,
      cron: EVERY_MINUTE,
      maxConcurrency: 1,
      handler: async () => {
        state.runs++;
        await release.promise;
      },
      ...overrides,
    };
    return { definition, state, release };
  }

  const fireRow = async (jobId: string, at: Date) =>
    (await dataSource.query(`SELECT status, error, instance_id, lease_until FROM scheduler_job_fires WHERE job_id = $1 AND scheduled_at = $2`, [jobId, at]))[0];

  it('a fire whose replica died stops blocking its job one lease after the last renewal; the late finish is refused', async () => {
    const jobId = nextJobId();
    const replica = await replicaConnection(database.url, dataSource);
    try {
      const clock = new FakeClock(T0);
      const a = schedulerInstance(dataSource, clock, 'a', BY_HAND);
      const b = schedulerInstance(replica.dataSource, clock, 'b', BY_HAND);
      const jobA = gatedJob(jobId);
      const jobB = gatedJob(jobId);
      await a.register(jobA.definition);
      await b.register(jobB.definition);

      const held = await a.trigger(jobId);
      expect(held.status).toBe('running');
      await eventually(() => (jobA.state.runs > 0 ? true : undefined), { describe: 'the fire to start on a' });

      // a lives and renews: the fire keeps counting past its first lease.
      clock.advance(seconds(9));
      expect((await b.trigger(jobId)).status).toBe('skipped');
      await a.renewLeases();
      expect((await fireRow(jobId, held.scheduledAt)).lease_until).toEqual(new Date(T0.getTime() + seconds(19)));
      clock.advance(seconds(9));
      expect((await b.trigger(jobId)).status).toBe('skipped');

      // a dies here (no more renewals). Until its lease runs out the job is still blocked …
      clock.set(new Date(T0.getTime() + seconds(19) - 1));
      expect((await b.trigger(jobId)).status).toBe('skipped');
      // … and at the end of the lease it is not: a manual trigger runs again.
      clock.set(new Date(T0.getTime() + seconds(19)));
      const resumed = await b.trigger(jobId);
      expect(resumed.status).toBe('running');
      await eventually(() => (jobB.state.runs > 0 ? true : undefined), { describe: 'the fire to start on b' });
      expect(await fireRow(jobId, held.scheduledAt)).toMatchObject({ status: 'failed', error: ABANDONED_FIRE_ERROR, instance_id: 'a' });

      // a was only cut off and comes back: its renewal and its finish are refused.
      await a.renewLeases();
      expect(a.heldFires()).toEqual([]);
      jobA.release.open();
      await a.idle();
      expect(await fireRow(jobId, held.scheduledAt)).toMatchObject({ status: 'failed', error: ABANDONED_FIRE_ERROR });
      jobB.release.open();
      await b.idle();
      expect(await fireRow(jobId, resumed.scheduledAt)).toMatchObject({ status: 'succeeded' });

      // The next scheduled fire runs too.
      clock.advance(seconds(60));
      expect((await b.tick(jobId)).outcome).toBe('succeeded');
    } finally {
      await replica.release();
    }
  });

  it('renews every fire it runs in one statement, on its own heartbeat timer', async () => {
    const clock = new FakeClock(T0);
    const a = schedulerInstance(dataSource, clock, 'a', { schedulerFireLeaseMs: LEASE_MS, schedulerFireHeartbeatMs: 50 });
    const jobs = [gatedJob(nextJobId()), gatedJob(nextJobId())];
    for (const job of jobs) await a.register(job.definition);
    const fires = await Promise.all(jobs.map((job) => a.trigger(job.definition.jobId)));
    await eventually(() => (jobs.every((j) => j.state.runs > 0) ? true : undefined), { describe: 'both fires to start' });

    // The 50 ms heartbeat may be renewing right now, and renewLeases joins a renewal in flight
    // (its statement went out before the spy): wait it out, then spy and renew in the same turn,
    // so the heartbeat can only join this renewal.
    await a.renewLeases();
    const statements = jest.spyOn(dataSource, 'query');
    await a.renewLeases();
    expect(statements).toHaveBeenCalledTimes(1);
    statements.mockRestore();

    // The timer renews without being asked: leases follow the clock.
    clock.advance(seconds(8));
    const expected = new Date(T0.getTime() + seconds(18));
    await eventually(
      async () => {
        const rows = await Promise.all(fires.map((f, i) => fireRow(jobs[i].definition.jobId, f.scheduledAt)));
        return rows.every((r) => r.lease_until.getTime() === expected.getTime()) ? true : undefined;
      },
      { timeoutMs: 5000, intervalMs: 20, describe: 'the heartbeat to renew both leases' },
    );
    for (const job of jobs) job.release.open();
    await a.idle();
    expect(a.heldFires()).toEqual([]);
    for (const [i, f] of fires.entries()) expect(await fireRow(jobs[i].definition.jobId, f.scheduledAt)).toMatchObject({ status: 'succeeded' });
  });

  it("a renewed fire still stops counting once it outlives the job's own lease (hung handler)", async () => {
    const jobId = nextJobId();
    const clock = new FakeClock(T0);
    const a = schedulerInstance(dataSource, clock, 'a', BY_HAND);
    const job = gatedJob(jobId, { leaseMs: seconds(30) });
    await a.register(job.definition);
    const held = await a.trigger(jobId);
    for (let i = 0; i < 3; i++) {
      clock.advance(seconds(9));
      await a.renewLeases();
    }
    expect(a.heldFires()).toHaveLength(1);
    expect((await a.trigger(jobId)).status).toBe('skipped');
    clock.set(new Date(T0.getTime() + seconds(30)));
    expect((await a.trigger(jobId)).status).toBe('running');
    expect(await fireRow(jobId, held.scheduledAt)).toMatchObject({ status: 'failed', error: ABANDONED_FIRE_ERROR });
    job.release.open();
    await a.idle();
  });

  it('refuses a heartbeat that would not leave room for one late renewal', () => {
    expect(new SchedulerConfig().effectiveFireHeartbeatMs).toBe(3333);
    expect(Object.assign(new SchedulerConfig(), { schedulerFireHeartbeatMs: 6000 }).validateConfig()).toEqual([expect.objectContaining({ field: 'SCHEDULER_FIRE_HEARTBEAT_MS' })]);
    expect(Object.assign(new SchedulerConfig(), { schedulerFireHeartbeatMs: 5000 }).validateConfig()).toEqual([]);
  });
});
