import { planCatchUp } from '../../../../src/framework/scheduler/catch-up-plan';
import { cronProblem, nextSlotAfter, slotAtOrBefore } from '../../../../src/framework/scheduler/cron-schedule';
import { resolveJobDefinition } from '../../../../src/framework/scheduler/job-registration';
import type { JobDefinition } from '../../../../src/framework/scheduler/job-definition';

const job = (overrides: Partial<JobDefinition>) =>
  resolveJobDefinition({ jobId: 'test.plan', cron: '0 * * * * *', handler: async () => undefined, ...overrides });
const at = (iso: string) => new Date(iso);
const times = (dates: Date[]) => dates.map((d) => d.toISOString().slice(11, 16));

describe('catch-up plan', () => {
  const last = at('2026-05-01T08:00:00Z');
  const now = at('2026-05-01T10:00:30Z');

  it('skip runs nothing and says how many fires were missed', () => {
    expect(planCatchUp(job({ catchUp: 'skip' }), last, now)).toEqual({ run: [], dropped: 120 });
  });

  it('bounded_backfill defaults to the smaller of 10 fires and 1 hour', () => {
    const plan = planCatchUp(job({ catchUp: 'bounded_backfill' }), last, now);
    expect(times(plan.run)).toEqual(['09:51', '09:52', '09:53', '09:54', '09:55', '09:56', '09:57', '09:58', '09:59', '10:00']);
    const hourly = planCatchUp(job({ catchUp: 'bounded_backfill', cron: '0 0 * * * *' }), at('2026-04-30T00:00:00Z'), now);
    expect(times(hourly.run)).toEqual(['10:00']);
  });

  it('applies both bounds when both are given', () => {
    const plan = planCatchUp(job({ catchUp: 'bounded_backfill', backfillLimit: { count: 5, durationMs: 3 * 60_000 } }), last, now);
    expect(times(plan.run)).toEqual(['09:58', '09:59', '10:00']);
  });

  it('finds nothing without a persisted last fire, and nothing when no slot passed', () => {
    expect(planCatchUp(job({ catchUp: 'bounded_backfill' }), null, now).run).toEqual([]);
    expect(planCatchUp(job({ catchUp: 'bounded_backfill' }), at('2026-05-01T10:00:00Z'), now).run).toEqual([]);
  });
});

describe('cron arithmetic (UTC)', () => {
  it('maps a tick to its slot and finds the next one', () => {
    expect(slotAtOrBefore('0 */5 * * * *', at('2026-05-01T10:07:12Z')).toISOString()).toBe('2026-05-01T10:05:00.000Z');
    expect(slotAtOrBefore('0 */5 * * * *', at('2026-05-01T10:05:00Z')).toISOString()).toBe('2026-05-01T10:05:00.000Z');
    expect(nextSlotAfter('30 3 * * *', at('2026-05-01T10:00:00Z')).toISOString()).toBe('2026-05-02T03:30:00.000Z');
  });

  it('refuses expressions that are not cron', () => {
    expect(cronProblem('0 30 3 * * *')).toBeUndefined();
    expect(cronProblem('*/15 * * * *')).toBeUndefined();
    expect(cronProblem('not a cron')).toEqual(expect.any(String));
    expect(cronProblem('0 25 * * *')).toEqual(expect.any(String));
  });
});
