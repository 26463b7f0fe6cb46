import { RunTracker } from '../../../../src/pipeline/activation/run-tracker';
import { PipelineConfig } from '../../../../src/pipeline/pipeline.config';
import { authHeaders } from '../../../support/auth';
import { eventually } from '../../../support/eventually';
import { RunningApp, startApp, testConfig } from '../../../support/test-app';
import { createServerTestDatabase } from '../../../support/server-database';
import { TestDatabase, withAdmin } from '../../../support/test-database';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * Change requests with four eyes (CHANGE_APPROVALS_REQUIRED=1) and scheduled activation, on two
 * replicas (two app instances on one database) whose schedulers both run the activation job every
 * second.
 */
describe('change requests and scheduled activation (two replicas)', () => {
  let db: TestDatabase;
  let a: RunningApp;
  let b: RunningApp;
  let mia: Record<string, string>;
  let max: Record<string, string>;
  let auditor: Record<string, string>;

  beforeAll(async () => {
    // Two replicas on one database: a server's (a private PostgreSQL when the run is embedded).
    db = await createServerTestDatabase();
    const settings = { DATABASE_URL: db.url, CHANGE_APPROVALS_REQUIRED: 1, CHANGE_SCHEDULE_CRON: '* * * * * *' };
    a = await startApp(testConfig({ ...settings, SCHEDULER_INSTANCE_ID: 'replica-a' }));
    b = await startApp(testConfig({ ...settings, SCHEDULER_INSTANCE_ID: 'replica-b' }));
    mia = await authHeaders('maintainer', { subject: 'maintainer-mia' });
    max = await authHeaders('maintainer', { subject: 'maintainer-max' });
    auditor = await authHeaders('auditor', { subject: 'auditor-aldo' });
  }, 120_000);

  afterAll(async () => {
    await a?.close();
    await b?.close();
    await db?.drop();
  });

  const call = async (app: RunningApp, method: string, path: string, headers: Record<string, string>, body?: unknown) => {
    const response = await fetch(`${app.baseUrl}/api/v1${path}`, {
      method,
      headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as Json, type: response.headers.get('content-type') };
  };

  /** A validated version based on the active one, with its own approval threshold. */
  const validatedVersion = async (threshold: string): Promise<Json> => {
    const active = await call(a, 'GET', '/configurations/active', auditor);
    const created = await call(a, 'POST', '/configurations', mia, {
      summary: `threshold ${threshold}`,
      based_on_version: active.body.version,
      selections: [{ stage_id: 'approval', module_id: 'threshold-rules', settings: { default_threshold: threshold } }],
    });
    expect(created.status).toBe(201);
    const validated = await call(a, 'POST', `/configurations/${created.body.config_id}/validate`, mia);
    expect(validated.body.valid).toBe(true);
    return created.body;
  };

  const activeVersion = async (app = a) => (await call(app, 'GET', '/configurations/active', auditor)).body.version as number;
  const events = async (configId: string): Promise<Json[]> => (await call(a, 'GET', `/configuration-events?config_id=${configId}&limit=100`, auditor)).body.items;
  const actions = async (configId: string) => (await events(configId)).map((e) => e.action).reverse();

  it('refuses direct activation while approvals are required', async () => {
    const version = await validatedVersion('111');
    const direct = await call(a, 'POST', `/configurations/${version.config_id}/activate`, mia);
    expect(direct.status).toBe(409);
    expect(direct.type).toContain('application/problem+json');
    expect(direct.body).toMatchObject({ type: 'urn:invoice-service:problem:conflict', approvals_required: 1 });
    const rollback = await call(a, 'POST', '/configurations/rollback', mia, {});
    expect(rollback.status).toBe(409);
  });

  it('the author cannot approve; a second maintainer approval activates, on every replica', async () => {
    const before = await activeVersion();
    const version = await validatedVersion('222');
    const submitted = await call(a, 'POST', '/change-requests', mia, { config: String(version.version), comment: 'raise the threshold' });
    expect(submitted.status).toBe(201);
    expect(submitted.body).toMatchObject({ state: 'open', author: 'maintainer-mia', approvals_required: 1, approvals: 0, kind: 'activate' });
    const id = submitted.body.change_request_id as string;

    const own = await call(a, 'POST', `/change-requests/${id}/approve`, mia, { comment: 'looks good to me' });
    expect(own.status).toBe(403);
    expect(own.type).toContain('application/problem+json');
    expect(own.body.type).toBe('urn:invoice-service:problem:forbidden');
    const ownReject = await call(a, 'POST', `/change-requests/${id}/reject`, mia, { comment: 'no' });
    expect(ownReject.status).toBe(403);
    expect(await activeVersion()).toBe(before);

    // The database refuses it too, whatever the service would do.
    await expect(
      withAdmin(db.url, (client) =>
        client.query(`INSERT INTO change_request_reviews (change_request_id, author, reviewer, verdict, comment) VALUES ($1, 'maintainer-mia', 'maintainer-mia', 'approved', 'raw')`, [id]),
      ),
    ).rejects.toMatchObject({ constraint: 'change_request_reviews_not_author' });
    await expect(
      withAdmin(db.url, (client) =>
        client.query(`INSERT INTO change_request_reviews (change_request_id, author, reviewer, verdict, comment) VALUES ($1, 'someone-else', 'maintainer-mia', 'approved', 'raw')`, [id]),
      ),
    ).rejects.toMatchObject({ constraint: 'change_request_reviews_request_fk' });

    // Approved through the other replica: activated there, and the first replica serves it too.
    const approved = await call(b, 'POST', `/change-requests/${id}/approve`, max, { comment: 'four eyes: ok' });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ state: 'activated', approvals: 1, reviews: [{ reviewer: 'maintainer-max', verdict: 'approved', comment: 'four eyes: ok' }] });
    expect(await activeVersion(b)).toBe(version.version);
    expect(await eventually(async () => ((await activeVersion(a)) === version.version ? true : undefined), { timeoutMs: 5000, intervalMs: 50 })).toBe(true);

    const trail = await events(version.config_id);
    expect(trail.map((e) => [e.action, e.actor]).reverse()).toEqual(
      expect.arrayContaining([
        ['change_request_submitted', 'maintainer-mia'],
        ['change_request_approved', 'maintainer-max'],
        ['activation_requested', 'maintainer-max'],
        ['activated', 'maintainer-max'],
      ]),
    );
    const again = await call(b, 'POST', `/change-requests/${id}/approve`, await authHeaders('maintainer', { subject: 'maintainer-third' }), { comment: 'late' });
    expect(again.status).toBe(409);
  });

  it('an approval while runs are in flight queues the activation; the request follows it to activated', async () => {
    const inFlight = await a.app.get(RunTracker, { strict: false }).begin();
    const before = await activeVersion();
    const version = await validatedVersion('277');
    const submitted = await call(a, 'POST', '/change-requests', mia, { config: version.config_id, comment: 'while busy' });
    const approved = await call(a, 'POST', `/change-requests/${submitted.body.change_request_id}/approve`, max, { comment: 'ok' });
    expect(approved.body).toMatchObject({ state: 'activation_queued', activation_id: expect.any(String) });
    const activation = await call(a, 'GET', `/configurations/activations/${approved.body.activation_id}`, auditor);
    expect(activation.body.state).toBe('pending');
    expect(await activeVersion()).toBe(before);
    inFlight.end();
    const settled = await eventually(
      async () => {
        const detail = (await call(a, 'GET', `/change-requests/${submitted.body.change_request_id}`, auditor)).body;
        return detail.state === 'activation_queued' ? undefined : detail;
      },
      { timeoutMs: 10000, intervalMs: 50, describe: 'the queued activation' },
    );
    expect(settled.state).toBe('activated');
    expect(await activeVersion()).toBe(version.version);
  });

  it('a rejection leaves the active version as it was', async () => {
    const before = await call(a, 'GET', '/configurations/active', auditor);
    const version = await validatedVersion('333');
    const submitted = await call(a, 'POST', '/change-requests', mia, { config: version.config_id, comment: 'try 333' });
    const id = submitted.body.change_request_id as string;
    const duplicate = await call(a, 'POST', '/change-requests', mia, { config: version.config_id, comment: 'again' });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.errors).toEqual([{ field: 'config', reason: 'has an open change request' }]);

    const rejected = await call(b, 'POST', `/change-requests/${id}/reject`, max, { comment: 'too high' });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({ state: 'rejected', reviews: [{ reviewer: 'maintainer-max', verdict: 'rejected', comment: 'too high' }] });
    const after = await call(a, 'GET', '/configurations/active', auditor);
    expect(after.body).toEqual(before.body);
    expect((await call(a, 'GET', `/configurations/${version.config_id}`, auditor)).body.status).toBe('validated');
    expect(await actions(version.config_id)).toEqual(['created', 'validated', 'change_request_submitted', 'change_request_rejected']);
    const late = await call(a, 'POST', `/change-requests/${id}/approve`, max, { comment: 'changed my mind' });
    expect(late.status).toBe(409);
  });

  it('a scheduled activation fires once at its time across two replicas, and a cancelled one never', async () => {
    const cancelled = await validatedVersion('444');
    const scheduled = await validatedVersion('555');
    const soon = (ms: number) => new Date(Date.now() + ms).toISOString();

    const first = await call(a, 'POST', '/change-requests', mia, { config: cancelled.config_id, comment: 'window 1', activate_at: soon(2000) });
    const firstApproved = await call(b, 'POST', `/change-requests/${first.body.change_request_id}/approve`, max, { comment: 'ok' });
    expect(firstApproved.body.state).toBe('scheduled');
    const cancel = await call(b, 'POST', `/change-requests/${first.body.change_request_id}/cancel`, mia, { comment: 'window moved' });
    expect(cancel.status).toBe(200);
    expect(cancel.body.state).toBe('cancelled');

    const second = await call(a, 'POST', '/change-requests', mia, { config: scheduled.config_id, comment: 'window 2' });
    const at = soon(3000);
    const secondApproved = await call(a, 'POST', `/change-requests/${second.body.change_request_id}/approve`, max, { comment: 'ok, at the window', activate_at: at });
    expect(secondApproved.body).toMatchObject({ state: 'scheduled', activate_at: at });
    expect(await activeVersion()).not.toBe(scheduled.version);

    const done = await eventually(
      async () => {
        const state = (await call(a, 'GET', `/change-requests/${second.body.change_request_id}`, auditor)).body;
        return state.state === 'activated' ? state : undefined;
      },
      { timeoutMs: 15000, intervalMs: 100, describe: 'the scheduled activation' },
    );
    expect(Date.parse(done.updated_at)).toBeGreaterThanOrEqual(Date.parse(at));
    const activatedAt = new Date();
    expect(await activeVersion(a)).toBe(scheduled.version);
    expect(await activeVersion(b)).toBe(scheduled.version);

    // Both replicas keep firing the job after the activation: it still happened exactly once.
    await eventually(
      async () => {
        const [{ fires }] = (await withAdmin(db.url, (client) =>
          client.query(`SELECT count(*)::int AS fires FROM scheduler_job_fires WHERE job_id = 'change-requests.scheduled-activation' AND status = 'succeeded' AND scheduled_at > $1`, [activatedAt]),
        )).rows as Array<{ fires: number }>;
        return fires >= 3 ? true : undefined;
      },
      { timeoutMs: 15000, intervalMs: 200, describe: 'three more fires of the activation job' },
    );
    const fired = await events(scheduled.config_id);
    expect(fired.filter((e) => e.action === 'scheduled_activation_fired')).toHaveLength(1);
    expect(fired.filter((e) => e.action === 'activated').map((e) => e.actor)).toEqual(['maintainer-max']);
    expect(fired.filter((e) => e.action === 'activation_scheduled').map((e) => e.actor)).toEqual(['maintainer-max']);
    const instances = (await withAdmin(db.url, (client) =>
      client.query(`SELECT DISTINCT instance_id FROM scheduler_job_fires WHERE job_id = 'change-requests.scheduled-activation'`),
    )).rows.map((r: { instance_id: string }) => r.instance_id);
    expect(instances.every((id) => id === 'replica-a' || id === 'replica-b')).toBe(true);

    // The cancelled request's time passed long ago: it never fired, its version never became active.
    const never = await actions(cancelled.config_id);
    expect(never).toEqual(['created', 'validated', 'change_request_submitted', 'change_request_approved', 'activation_scheduled', 'change_request_cancelled']);
    expect((await call(a, 'GET', `/configurations/${cancelled.config_id}`, auditor)).body).toMatchObject({ status: 'validated', activated_at: null });
    const cancelAgain = await call(a, 'POST', `/change-requests/${first.body.change_request_id}/cancel`, mia, {});
    expect(cancelAgain.status).toBe(409);
  });

  it('a rollback follows the same rule: the author cannot approve it, another maintainer can', async () => {
    const current = await call(a, 'GET', '/configurations/active', auditor);
    const previous = (await call(a, 'GET', '/configurations?status=superseded&limit=1', auditor)).body.items[0];
    const notEarlier = await call(a, 'POST', '/change-requests', mia, { config: current.body.config_id, kind: 'rollback', comment: 'back' });
    expect(notEarlier.status).toBe(409);
    const submitted = await call(a, 'POST', '/change-requests', mia, { config: String(previous.version), kind: 'rollback', comment: 'back to the previous threshold' });
    expect(submitted.body).toMatchObject({ kind: 'rollback', state: 'open', approvals_required: 1 });
    expect((await call(a, 'POST', `/change-requests/${submitted.body.change_request_id}/approve`, mia, { comment: 'mine' })).status).toBe(403);
    const approved = await call(b, 'POST', `/change-requests/${submitted.body.change_request_id}/approve`, max, { comment: 'ok' });
    expect(approved.body.state).toBe('activated');
    const restored = await call(a, 'GET', '/configurations/active', auditor);
    expect(restored.body).toMatchObject({ based_on_version: previous.version, created_by: 'maintainer-max' });
    expect(restored.body.selections).toEqual(previous.selections);
    expect((await call(a, 'GET', `/configurations/${current.body.config_id}`, auditor)).body.status).toBe('rolled_back');
  });

  it('with two approvals required, concurrent approvals on both replicas activate once; fast rollback opens the direct route', async () => {
    // CHANGE_APPROVALS_REQUIRED and CHANGE_FAST_ROLLBACK are dynamic: set on each replica's live settings, as a reload would.
    const configs = [a, b].map((app) => app.app.get(PipelineConfig, { strict: false }));
    configs.forEach((c) => (c.changeApprovalsRequired = 2));
    try {
      const version = await validatedVersion('666');
      const submitted = await call(a, 'POST', '/change-requests', mia, { config: version.config_id, comment: 'needs two' });
      expect(submitted.body.approvals_required).toBe(2);
      const id = submitted.body.change_request_id as string;
      const first = await call(a, 'POST', `/change-requests/${id}/approve`, max, { comment: 'one' });
      expect(first.body).toMatchObject({ state: 'open', approvals: 1 });
      expect((await call(b, 'POST', `/change-requests/${id}/approve`, max, { comment: 'one again' })).status).toBe(409);
      const [x, y] = await Promise.all([
        call(a, 'POST', `/change-requests/${id}/approve`, await authHeaders('maintainer', { subject: 'maintainer-xia' }), { comment: 'two' }),
        call(b, 'POST', `/change-requests/${id}/approve`, await authHeaders('admin', { subject: 'admin-yan' }), { comment: 'two as well' }),
      ]);
      // The request row is locked by each review: one of them completes it, the other finds it no longer open.
      expect([x.status, y.status].sort()).toEqual([200, 409]);
      const detail = (await call(a, 'GET', `/change-requests/${id}`, auditor)).body;
      expect(detail).toMatchObject({ state: 'activated', approvals: 2 });
      expect((await events(version.config_id)).filter((e) => e.action === 'activated')).toHaveLength(1);
      expect(await activeVersion()).toBe(version.version);

      expect((await call(a, 'POST', '/configurations/rollback', mia, {})).status).toBe(409);
      configs.forEach((c) => (c.changeFastRollback = true));
      const rollback = await call(a, 'POST', '/configurations/rollback', mia, {});
      expect(rollback.status).toBe(200);
      expect(await activeVersion()).not.toBe(version.version);
      expect((await call(a, 'POST', `/configurations/${version.config_id}/activate`, mia)).status).toBe(409);
    } finally {
      configs.forEach((c) => Object.assign(c, { changeApprovalsRequired: 1, changeFastRollback: false }));
    }
  });

  it('lists change requests with a cursor and answers caller mistakes with problem+json', async () => {
    const page1 = await call(a, 'GET', '/change-requests?limit=2', auditor);
    expect(page1.status).toBe(200);
    expect(page1.body.items).toHaveLength(2);
    const page2 = await call(a, 'GET', `/change-requests?limit=2&cursor=${page1.body.next_cursor}`, auditor);
    const ids = [...page1.body.items, ...page2.body.items].map((r: Json) => r.change_request_id);
    expect(new Set(ids).size).toBe(ids.length);
    const scheduledOnly = await call(a, 'GET', '/change-requests?state=cancelled', auditor);
    expect(scheduledOnly.body.items.map((r: Json) => r.state)).toEqual(['cancelled']);

    const draft = await call(a, 'POST', '/configurations', mia, { selections: [], based_on_version: 1 });
    const notValidated = await call(a, 'POST', '/change-requests', mia, { config: draft.body.config_id, comment: 'draft' });
    expect(notValidated.status).toBe(409);
    const noComment = await call(a, 'POST', '/change-requests', mia, { config: '1' });
    expect(noComment.status).toBe(400);
    expect(noComment.body.errors.map((e: Json) => e.field)).toContain('comment');
    const past = await call(a, 'POST', '/change-requests', mia, { config: draft.body.config_id, comment: 'x', activate_at: '2000-01-01T00:00:00Z' });
    expect(past.status).toBe(400);
    expect((await call(a, 'GET', '/change-requests/not-a-uuid', auditor)).status).toBe(400);
    expect((await call(a, 'GET', '/change-requests/00000000-0000-4000-8000-000000000000', auditor)).status).toBe(404);
    const auditorSubmits = await call(a, 'POST', '/change-requests', auditor, { config: '1', comment: 'x' });
    expect(auditorSubmits.status).toBe(403);
  });
});
