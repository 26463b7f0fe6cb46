import { DataSource } from 'typeorm';
import { SchedulerService } from '../../../../src/framework/scheduler';
import { authHeaders } from '../../../support/auth';
import { json, RunningApp, useTestApp } from '../../../support/test-app';

describe('scheduler admin API over real HTTP', () => {
  const app = useTestApp();
  let running: RunningApp;
  const url = (path: string) => running.baseUrl + path;

  beforeAll(() => {
    running = app.running;
  });

  it('lists the registered jobs with definition, state and next fire', async () => {
    for (const role of ['admin', 'operator', 'auditor'] as const) {
      const response = await fetch(url('/api/v1/admin/scheduler/jobs'), { headers: await authHeaders(role) });
      expect({ role, status: response.status }).toEqual({ role, status: 200 });
    }
    const jobs = await json(await fetch(url('/api/v1/admin/scheduler/jobs'), { headers: await authHeaders('admin') }));
    const purge = jobs.find((j: { job_id: string }) => j.job_id === 'retention.purge');
    expect(purge).toMatchObject({ cron_expression: '0 30 3 * * *', max_concurrency: 1, catch_up_policy: 'bounded_backfill', backfill_limit: { count: 1 } });
    expect(Date.parse(purge.next_fire_at)).toBeGreaterThan(Date.now());
    expect(purge.next_fire_at).toMatch(/T03:30:00\.000Z$/);
    expect(purge.state).toHaveProperty('last_result');
  });

  it('triggers a job for admin and operator, and records its run', async () => {
    const response = await fetch(url('/api/v1/admin/scheduler/jobs/retention.purge/trigger'), { method: 'POST', headers: await authHeaders('operator') });
    expect(response.status).toBe(202);
    const body = await json(response);
    expect(body).toMatchObject({ job_id: 'retention.purge', status: 'running' });
    await running.app.get(SchedulerService).idle();
    const [fire] = await running.app
      .get(DataSource)
      .query(`SELECT status, trigger FROM scheduler_job_fires WHERE job_id = 'retention.purge' AND scheduled_at = $1`, [body.scheduled_at]);
    expect(fire).toEqual({ status: 'succeeded', trigger: 'manual' });
    const jobs = await json(await fetch(url('/api/v1/admin/scheduler/jobs'), { headers: await authHeaders('auditor') }));
    expect(jobs.find((j: { job_id: string }) => j.job_id === 'retention.purge').state.last_result).toBe('succeeded');
  });

  it('answers 404 for an unknown job and refuses callers without the role', async () => {
    const unknown = await fetch(url('/api/v1/admin/scheduler/jobs/no.such.job/trigger'), { method: 'POST', headers: await authHeaders('admin') });
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toContain('application/problem+json');
    const auditor = await fetch(url('/api/v1/admin/scheduler/jobs/retention.purge/trigger'), { method: 'POST', headers: await authHeaders('auditor') });
    expect(auditor.status).toBe(403);
    const submitter = await fetch(url('/api/v1/admin/scheduler/jobs'), { headers: await authHeaders('submitter') });
    expect(submitter.status).toBe(403);
    const anonymous = await fetch(url('/api/v1/admin/scheduler/jobs'));
    expect(anonymous.status).toBe(401);
  });
});
