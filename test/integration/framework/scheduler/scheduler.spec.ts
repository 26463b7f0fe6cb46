import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ConflictError, ValidationError } from '../../../../src/framework/errors';
import type { JobContext, JobDefinition } from '../../../../src/framework/scheduler/job-definition';
import { SchedulerService } from '../../../../src/framework/scheduler/scheduler.service';
import { eventually } from '../../../support/eventually';
import { useMigratedDatabase } from '../../../support/migrated-data-source';
import { FakeClock, gate } from '../../../support/fake-clock';
import { iso, minutes, replicaConnection, schedulerInstance } from '../../../support/scheduler';

const EVERY_MINUTE = '0 * * * * *';
const T0 = new Date('2026-03-02T12:00:00.000Z');
/** The service comes back 3 h 30 min 30 s after its last fire at T0. */
const RESTART = new Date('2026-03-02T15:30:30.000Z');

// Job logs (skips, failures) are expected here; keep the output to the assertions.
Logger.overrideLogger(false);

describe('scheduler on a real database', () => {
  const database = useMigratedDatabase();
  let dataSource: DataSource;
  let jobCounter = 0;
  const nextJobId = () => `test.job-${++jobCounter}`;

  beforeAll(async () => {
    dataSource = database.dataSource;
  });

  /** A job that records the slots it ran. */
  function recordingJob(jobId: string, overrides: Partial<JobDefinition> = {}): { definition: JobDefinition; ran: Date[] } {
    const ran: Date[] = [];
    return {
      ran,
      definition: {
        jobId,
        cron: EVERY_MINUTE,
        handler: async (context: JobContext) => {
          ran.push(context.scheduledAt);
        },
        ...overrides,
      },
    };
  }

  /** Runs the job once at T0 on a first instance (persisting last fire T0), then "restarts" at RESTART. */
  async function restartedAfterDowntime(overrides: Partial<JobDefinition>): Promise<{ scheduler: SchedulerService; ran: Date[]; jobId: string }> {
    const jobId = nextJobId();
    const before = schedulerInstance(dataSource, new FakeClock(T0), 'before');
    const first = recordingJob(jobId, overrides);
    await before.register(first.definition);
    expect((await before.tick(jobId)).outcome).toBe('succeeded');
    expect(iso(first.ran)).toEqual([T0.toISOString()]);

    const after = schedulerInstance(dataSource, new FakeClock(RESTART), 'after');
    const second = recordingJob(jobId, overrides);
    await after.register(second.definition);
    return { scheduler: after, ran: second.ran, jobId };
  }

  describe('registration', () => {
    it('refuses an invalid cron expression with a ValidationError naming the field', async () => {
      const scheduler = schedulerInstance(dataSource, new FakeClock(T0), 'a');
      const attempt = scheduler.register(recordingJob(nextJobId(), { cron: '61 * * * *' }).definition);
      await expect(attempt).rejects.toBeInstanceOf(ValidationError);
      await expect(attempt).rejects.toMatchObject({ errors: [expect.objectContaining({ field: 'cron' })] });
      expect(scheduler.definitions()).toHaveLength(0);
    });

    it('refuses a duplicate job id with a ConflictError', async () => {
      const scheduler = schedulerInstance(dataSource, new FakeClock(T0), 'a');
      const jobId = nextJobId();
      await scheduler.register(recordingJob(jobId).definition);
      await expect(scheduler.register(recordingJob(jobId).definition)).rejects.toBeInstanceOf(ConflictError);
    });

    it('refuses a zero concurrency and a non-positive backfill limit', async () => {
      const scheduler = schedulerInstance(dataSource, new FakeClock(T0), 'a');
      const attempt = scheduler.register(recordingJob(nextJobId(), { maxConcurrency: 0, backfillLimit: { count: 0 } }).definition);
      await expect(attempt).rejects.toMatchObject({
        errors: [expect.objectContaining({ field: 'maxConcurrency' }), expect.objectContaining({ field: 'backfillLimit.count' })],
      });
    });
  });

  describe('catch-up after downtime', () => {
    it('skip: none of the missed fires runs', async () => {
      const { scheduler, ran, jobId } = await restartedAfterDowntime({ catchUp: 'skip' });
      expect(await scheduler.catchUp(jobId)).toEqual([]);
      expect(ran).toEqual([]);
      const fires = await dataSource.query(`SELECT count(*)::int AS n FROM scheduler_job_fires WHERE job_id = $1`, [jobId]);
      expect(fires[0].n).toBe(1);
    });

    it('bounded_backfill with the default limit: the last 10 fires (smaller than 1 hour), oldest first', async () => {
      const { scheduler, ran, jobId } = await restartedAfterDowntime({ catchUp: 'bounded_backfill' });
      const reports = await scheduler.catchUp(jobId);
      const expected = Array.from({ length: 10 }, (_, i) => new Date(Date.parse('2026-03-02T15:21:00Z') + minutes(i)));
      expect(iso(ran)).toEqual(iso(expected));
      expect(reports.map((r) => r.outcome)).toEqual(Array(10).fill('succeeded'));
      const [state] = await dataSource.query(`SELECT last_scheduled_at, last_result FROM scheduler_job_state WHERE job_id = $1`, [jobId]);
      expect(new Date(state.last_scheduled_at).toISOString()).toBe('2026-03-02T15:30:00.000Z');
      expect(state.last_result).toBe('succeeded');
    });

    it('bounded_backfill with a count: exactly that many most recent fires, oldest first', async () => {
      const { scheduler, ran, jobId } = await restartedAfterDowntime({ catchUp: 'bounded_backfill', backfillLimit: { count: 3 } });
      await scheduler.catchUp(jobId);
      expect(iso(ran)).toEqual(['2026-03-02T15:28:00.000Z', '2026-03-02T15:29:00.000Z', '2026-03-02T15:30:00.000Z']);
    });

    it('bounded_backfill with a duration: every missed fire within it, oldest first', async () => {
      const { scheduler, ran, jobId } = await restartedAfterDowntime({ catchUp: 'bounded_backfill', backfillLimit: { durationMs: minutes(5) } });
      await scheduler.catchUp(jobId);
      expect(iso(ran)).toEqual(['15:26', '15:27', '15:28', '15:29', '15:30'].map((t) => `2026-03-02T${t}:00.000Z`));
    });

    it('bounded_backfill when the hour is the smaller bound (a fire every 10 minutes): 6 fires', async () => {
      const { scheduler, ran, jobId } = await restartedAfterDowntime({ catchUp: 'bounded_backfill', cron: '0 */10 * * * *' });
      await scheduler.catchUp(jobId);
      expect(iso(ran)).toEqual(['14:40', '14:50', '15:00', '15:10', '15:20', '15:30'].map((t) => `2026-03-02T${t}:00.000Z`));
    });

    it('runs the catch-up at start, and a second start of another replica finds nothing left', async () => {
      const { scheduler, ran, jobId } = await restartedAfterDowntime({ catchUp: 'bounded_backfill', backfillLimit: { count: 2 } });
      await scheduler.start();
      await scheduler.idle();
      await scheduler.stop();
      expect(iso(ran)).toEqual(['2026-03-02T15:29:00.000Z', '2026-03-02T15:30:00.000Z']);

      const other = schedulerInstance(dataSource, new FakeClock(RESTART), 'other');
      const again = recordingJob(jobId, { catchUp: 'bounded_backfill', backfillLimit: { count: 2 } });
      await other.register(again.definition);
      expect(await other.catchUp(jobId)).toEqual([]);
      expect(again.ran).toEqual([]);
    });

    it('does nothing on the very first boot (no persisted last fire)', async () => {
      const scheduler = schedulerInstance(dataSource, new FakeClock(RESTART), 'a');
      const job = recordingJob(nextJobId(), { catchUp: 'bounded_backfill' });
      await scheduler.register(job.definition);
      expect(await scheduler.catchUp(job.definition.jobId)).toEqual([]);
    });
  });

  describe('concurrency', () => {
    /** A job whose executions wait at a gate, tracking how many run at once. */
    function gatedJob(jobId: string, maxConcurrency: number) {
      const release = gate();
      const state = { active: 0, maxActive: 0, runs: 0 };
      const definition: JobDefinition = {
        jobId,
        cron: EVERY_MINUTE,
        maxConcurrency,
        handler: async () => {
          state.runs++;
          state.active++;
          state.maxActive = Math.max(state.maxActive, state.active);
          await release.promise;
          state.active--;
        },
      };
      return { definition, state, release };
    }

    it('max concurrency 1: a fire finding one running is recorded as skipped; runs never overlap', async () => {
      const jobId = nextJobId();
      const scheduler = schedulerInstance(dataSource, new FakeClock(T0), 'a');
      const job = gatedJob(jobId, 1);
      await scheduler.register(job.definition);

      const first = scheduler.fire(jobId, T0, 'schedule');
      // Wait for the first execution to be running before the next slots fire.
      await eventually(() => (job.state.runs > 0 ? true : undefined), { timeoutMs: 10_000, describe: 'a run to start' });
      const later = await Promise.all([1, 2, 3, 4].map((i) => scheduler.fire(jobId, new Date(T0.getTime() + minutes(i)), 'schedule')));
      job.release.open();
      expect((await first).outcome).toBe('succeeded');
      expect(later.map((r) => r.outcome)).toEqual(['skipped', 'skipped', 'skipped', 'skipped']);
      expect(job.state).toEqual({ active: 0, maxActive: 1, runs: 1 });

      const fires: Array<{ status: string }> = await dataSource.query(
        `SELECT status FROM scheduler_job_fires WHERE job_id = $1 ORDER BY scheduled_at`,
        [jobId],
      );
      expect(fires.map((f) => f.status)).toEqual(['succeeded', 'skipped', 'skipped', 'skipped', 'skipped']);
    });

    it('max concurrency 1 holds across two replicas firing different slots at once', async () => {
      const jobId = nextJobId();
      const replica = await replicaConnection(database.url, dataSource);
      const replicaDataSource = replica.dataSource;
      try {
        const a = schedulerInstance(dataSource, new FakeClock(T0), 'a');
        const b = schedulerInstance(replicaDataSource, new FakeClock(T0), 'b');
        const job = gatedJob(jobId, 1);
        await a.register(job.definition);
        await b.register({ ...job.definition });
        const fires = [0, 1, 2, 3, 4, 5].map((i) => (i % 2 ? b : a).fire(jobId, new Date(T0.getTime() + minutes(i)), 'schedule'));
        const settledClaims = Promise.all(fires);
        await eventually(() => (job.state.runs > 0 ? true : undefined), { timeoutMs: 10_000, describe: 'a run to start' });
        job.release.open();
        const reports = await settledClaims;
        expect(reports.filter((r) => r.outcome === 'succeeded').length).toBeGreaterThanOrEqual(1);
        expect(job.state.maxActive).toBe(1);
        expect(reports.filter((r) => r.outcome === 'succeeded').length + reports.filter((r) => r.outcome === 'skipped').length).toBe(6);
      } finally {
        await replica.release();
      }
    });

    it('max concurrency 2 lets two run and skips the third', async () => {
      const jobId = nextJobId();
      const scheduler = schedulerInstance(dataSource, new FakeClock(T0), 'a');
      const job = gatedJob(jobId, 2);
      await scheduler.register(job.definition);
      const running = [0, 1].map((i) => scheduler.fire(jobId, new Date(T0.getTime() + minutes(i)), 'schedule'));
      await eventually(() => (job.state.runs >= 2 ? true : undefined), { timeoutMs: 10_000, describe: 'two runs to start' });
      const third = await scheduler.fire(jobId, new Date(T0.getTime() + minutes(2)), 'schedule');
      job.release.open();
      expect(third.outcome).toBe('skipped');
      expect((await Promise.all(running)).map((r) => r.outcome)).toEqual(['succeeded', 'succeeded']);
      expect(job.state.maxActive).toBe(2);
    });
  });

  describe('two instances on one database', () => {
    it('fire each scheduled slot once', async () => {
      const jobId = nextJobId();
      const replica = await replicaConnection(database.url, dataSource);
      const replicaDataSource = replica.dataSource;
      try {
        const clockA = new FakeClock(T0);
        const clockB = new FakeClock(T0);
        const a = schedulerInstance(dataSource, clockA, 'a');
        const b = schedulerInstance(replicaDataSource, clockB, 'b');
        const runs: string[] = [];
        const definition = (instance: string): JobDefinition => ({
          jobId,
          cron: EVERY_MINUTE,
          handler: async (context) => {
            runs.push(`${instance}@${context.scheduledAt.toISOString()}`);
          },
        });
        await a.register(definition('a'));
        await b.register(definition('b'));
        for (let i = 0; i < 5; i++) {
          const reports = await Promise.all([a.tick(jobId), b.tick(jobId)]);
          expect(reports.map((r) => r.outcome).sort()).toEqual(['succeeded', 'taken']);
          clockA.advance(minutes(1));
          clockB.advance(minutes(1));
        }
        const slots = runs.map((run) => run.split('@')[1]);
        expect(slots).toEqual(Array.from({ length: 5 }, (_, i) => new Date(T0.getTime() + minutes(i)).toISOString()));
      } finally {
        await replica.release();
      }
    });

    it('back-fill each missed slot once when both catch up at the same time', async () => {
      const jobId = nextJobId();
      const replica = await replicaConnection(database.url, dataSource);
      const replicaDataSource = replica.dataSource;
      try {
        const seed = schedulerInstance(dataSource, new FakeClock(T0), 'seed');
        await seed.register(recordingJob(jobId).definition);
        await seed.tick(jobId);

        const a = schedulerInstance(dataSource, new FakeClock(RESTART), 'a');
        const b = schedulerInstance(replicaDataSource, new FakeClock(RESTART), 'b');
        const policy = { catchUp: 'bounded_backfill' as const, backfillLimit: { count: 4 } };
        const jobA = recordingJob(jobId, policy);
        const jobB = recordingJob(jobId, policy);
        await a.register(jobA.definition);
        await b.register(jobB.definition);
        await Promise.all([a.catchUp(jobId), b.catchUp(jobId)]);
        const all = iso([...jobA.ran, ...jobB.ran]).sort();
        expect(all).toEqual(['15:27', '15:28', '15:29', '15:30'].map((t) => `2026-03-02T${t}:00.000Z`));
        // None of the backlog is lost to a "skipped" record while the other replica runs its part.
        const statuses: Array<{ status: string }> = await dataSource.query(`SELECT status FROM scheduler_job_fires WHERE job_id = $1`, [jobId]);
        expect(statuses.map((r) => r.status)).toEqual(Array(5).fill('succeeded'));
      } finally {
        await replica.release();
      }
    });
  });

  it('leaves the rest of a backlog to the replica running it, which runs it in order', async () => {
    const jobId = nextJobId();
    const replica = await replicaConnection(database.url, dataSource);
    try {
      const seed = schedulerInstance(dataSource, new FakeClock(T0), 'seed');
      await seed.register(recordingJob(jobId).definition);
      await seed.tick(jobId);

      const release = gate();
      const ranByA: Date[] = [];
      const a = schedulerInstance(dataSource, new FakeClock(RESTART), 'a');
      const b = schedulerInstance(replica.dataSource, new FakeClock(RESTART), 'b');
      const policy = { catchUp: 'bounded_backfill' as const, backfillLimit: { count: 3 } };
      await a.register({
        ...recordingJob(jobId, policy).definition,
        handler: async (context) => {
          ranByA.push(context.scheduledAt);
          await release.promise;
        },
      });
      const jobB = recordingJob(jobId, policy);
      await b.register(jobB.definition);

      const catchUpA = a.catchUp(jobId);
      await eventually(() => (ranByA.length > 0 ? true : undefined), { timeoutMs: 10_000, describe: 'replica A to start a run' });
      const reportsB = await b.catchUp(jobId);
      // A's claim advanced the persisted last slot to 15:28, so B's backlog starts at 15:29: busy, B stops.
      expect(reportsB.map((r) => [r.outcome, r.scheduledAt.toISOString()])).toEqual([['busy', '2026-03-02T15:29:00.000Z']]);
      release.open();
      expect((await catchUpA).map((r) => r.outcome)).toEqual(['succeeded', 'succeeded', 'succeeded']);
      expect(iso(ranByA)).toEqual(['15:28', '15:29', '15:30'].map((t) => `2026-03-02T${t}:00.000Z`));
      expect(jobB.ran).toEqual([]);
    } finally {
      await replica.release();
    }
  });

  it('records a failing execution with its error and duration in the job state', async () => {
    const jobId = nextJobId();
    const scheduler = schedulerInstance(dataSource, new FakeClock(T0), 'a');
    await scheduler.register({
      jobId,
      cron: EVERY_MINUTE,
      handler: async () => {
        throw new Error('remote refused');
      },
    });
    const report = await scheduler.tick(jobId);
    expect(report).toMatchObject({ outcome: 'failed', error: 'remote refused' });
    const [state] = await dataSource.query(`SELECT last_result, last_error, last_duration_ms FROM scheduler_job_state WHERE job_id = $1`, [jobId]);
    expect(state).toMatchObject({ last_result: 'failed', last_error: 'remote refused' });
    expect(state.last_duration_ms).toBeGreaterThanOrEqual(0);
  });
});
