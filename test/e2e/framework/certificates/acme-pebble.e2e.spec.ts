import { randomBytes } from 'node:crypto';
import { request as httpsRequest } from 'node:https';
import { connect, type PeerCertificate } from 'node:tls';
import { Client } from 'pg';
import { CertificatesClock, CERTIFICATE_ESCALATION_TOPIC, CertificateEscalation, HttpsListener, KeyRing, RenewalService, certificateKeyAad } from '../../../../src/framework/certificates';
import { EventBus, EventMessage } from '../../../../src/framework/events';
import { authHeaders } from '../../../support/auth';
import { eventually } from '../../../support/eventually';
import { PebbleServer } from '../../../support/pebble';
import { json, RunningApp, startApp, testConfig } from '../../../support/test-app';
import { createTestDatabase, TestDatabase } from '../../../support/test-database';

const DAY_MS = 24 * 60 * 60 * 1000;
const ENCRYPTION_KEY = randomBytes(32).toString('base64');
const RETRY_BASE_MS = 60_000;

interface CertificateView {
  id: string;
  domains: string[];
  status: 'valid' | 'renewing' | 'error';
  expires_at: string | null;
  serial_number: string | null;
  last_renewal_attempt_at: string | null;
  last_error: string | null;
  failure_count: number;
  next_attempt_at: string | null;
}

/**
 * Certificate management against a real Pebble (Debian's package) on loopback. The http-01
 * challenge is real: Pebble's validation authority resolves the test domains to 127.0.0.1 through
 * pebble-challtestsrv's DNS and fetches the key authorization from the service's HTTP port (no
 * PEBBLE_VA_ALWAYS_VALID). Time beyond "now" (renewal window, escalation, expiry) comes from the
 * injected CertificatesClock.
 */
describe('certificates: ACME against Pebble', () => {
  let db: TestDatabase;
  let pebble: PebbleServer;
  let running: RunningApp;
  const bodies: string[] = [];
  const allLogs: string[] = [];

  const config = () =>
    testConfig({
      DATABASE_URL: db.url,
      CERTIFICATE_ENCRYPTION_KEY: ENCRYPTION_KEY,
      ACME_DIRECTORY_URL: pebble.directoryUrl,
      ACME_CA_FILE: pebble.caFile,
      ACME_HTTP_RETRIES: 0,
      HTTPS_PORT: 0,
      SCHEDULER_ENABLED: false,
      HEALTH_CACHE_MS: 0,
      CERTIFICATE_RETRY_BASE_MS: RETRY_BASE_MS,
      CERTIFICATE_RETRY_MAX_MS: 3_600_000,
    });
  const port = (app: RunningApp) => Number(new URL(app.baseUrl).port);
  const clock = () => running.app.get(CertificatesClock);
  const setClock = (at: Date) => {
    clock().now = () => new Date(at.getTime());
  };
  const api = async (path: string, init: RequestInit = {}) => {
    const response = await fetch(`${running.baseUrl}/api/v1/admin/certificates${path}`, {
      ...init,
      headers: { ...(init.body ? { 'content-type': 'application/json' } : {}), ...(await authHeaders('admin')) },
    });
    bodies.push(await response.clone().text());
    return response;
  };
  const list = async () => json<CertificateView[]>(await api(''));
  const one = async (id: string) => json<CertificateView>(await api(`/${id}`));
  const waitFor = async (id: string, done: (view: CertificateView) => boolean, what: string) => {
    let view: CertificateView | undefined;
    return eventually(
      async () => {
        view = await one(id);
        return done(view) ? view : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 100, describe: () => `${what}: ${JSON.stringify(view)}\n${pebble.logs()}` },
    );
  };
  const presented = async (servername: string): Promise<PeerCertificate> => {
    const httpsPort = running.app.get(HttpsListener).port();
    const ca = roots;
    return new Promise((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port: httpsPort!, servername, ca }, () => {
        const certificate = socket.getPeerCertificate();
        socket.end();
        resolve(certificate);
      });
      socket.on('error', reject);
    });
  };
  /** Roots of every Pebble run: a restarted Pebble signs with a new one, older certificates keep theirs. */
  const roots: string[] = [];
  const startPebble = async () => {
    await pebble.start({ httpPort: port(running) });
    roots.push(await pebble.issuingRoot());
  };
  const restartApp = async () => {
    allLogs.push(...running.logs.raw);
    await running.close();
    running = await startApp(config());
  };

  let id: string;
  let firstSerial: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    pebble = new PebbleServer();
    await pebble.prepare();
    running = await startApp(config());
    await startPebble();
  });

  afterAll(async () => {
    await running?.app.get(RenewalService).idle();
    await running?.close();
    await pebble?.close();
    await db?.drop();
  });

  it('refuses invalid domain names, field by field, and callers without the admin role', async () => {
    const invalid = await api('', { method: 'POST', body: JSON.stringify({ domains: ['ok.test', '*.wild.test', '10.0.0.1', 'bad_name.test'] }) });
    expect(invalid.status).toBe(400);
    const problem = await json(invalid);
    expect(problem.errors.map((e: { field: string }) => e.field)).toEqual(['domains.1', 'domains.2', 'domains.3']);
    const anonymous = await fetch(`${running.baseUrl}/api/v1/admin/certificates`);
    expect(anonymous.status).toBe(401);
    const operator = await fetch(`${running.baseUrl}/api/v1/admin/certificates`, { headers: await authHeaders('operator') });
    expect(operator.status).toBe(403);
    expect(await list()).toEqual([]);
  });

  it('issues a certificate through a real http-01 challenge answered by the service', async () => {
    const created = await api('', { method: 'POST', body: JSON.stringify({ domains: ['Shop.test', 'www.shop.test'] }) });
    expect(created.status).toBe(201);
    const registered = await json<CertificateView>(created);
    expect(registered).toMatchObject({ domains: ['shop.test', 'www.shop.test'], status: 'renewing', expires_at: null });
    id = registered.id;

    const valid = await waitFor(id, (v) => v.status === 'valid', 'issuance');
    // The row shows the certificate once it is recorded; the attempt then loads it into the listener.
    await running.app.get(RenewalService).idle();
    expect(valid.serial_number).toMatch(/^[0-9a-f]+$/);
    expect(Date.parse(valid.expires_at!)).toBeGreaterThan(Date.now() + 30 * DAY_MS);
    expect(valid.failure_count).toBe(0);
    expect(valid.last_error).toBeNull();
    firstSerial = valid.serial_number!;

    // Pebble's validation authority fetched the key authorizations (one per domain, unless it
    // reused an authorization) from the public route; a stranger's token gets 404.
    const metrics = await (await fetch(`${running.baseUrl}/metrics`)).text();
    const answered = Number(/^acme_challenge_requests_total\{outcome="answered"\} (\d+)$/m.exec(metrics)?.[1] ?? 0);
    expect(answered).toBeGreaterThanOrEqual(1);
    expect((await fetch(`${running.baseUrl}/.well-known/acme-challenge/unknown-token`)).status).toBe(404);

    const duplicate = await api('', { method: 'POST', body: JSON.stringify({ domains: ['www.shop.test'] }) });
    expect(duplicate.status).toBe(409);
  });

  it('serves the certificate by SNI on the HTTPS listener, forwarding requests to the same app', async () => {
    const certificate = await presented('www.shop.test');
    expect(certificate.serialNumber.toLowerCase()).toBe(firstSerial);
    expect(certificate.subjectaltname).toContain('DNS:shop.test');
    await expect(presented('unknown.test')).rejects.toThrow();

    // A request over TLS (verified against Pebble's root, by name) reaches the same routes.
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpsRequest(
        { host: '127.0.0.1', port: running.app.get(HttpsListener).port(), servername: 'shop.test', ca: roots, path: '/health/live', headers: { host: 'shop.test' } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(200);
  });

  it('renews when fewer than 30 days remain (scheduled job) and the listener presents the new certificate without restart', async () => {
    const before = await one(id);
    setClock(new Date(Date.parse(before.expires_at!) - 20 * DAY_MS));
    const trigger = await fetch(`${running.baseUrl}/api/v1/admin/scheduler/jobs/certificates.renewal/trigger`, { method: 'POST', headers: await authHeaders('admin') });
    expect(trigger.status).toBe(202);
    const renewed = await waitFor(id, (v) => v.status === 'valid' && v.serial_number !== firstSerial, 'renewal');
    // The row shows the new certificate once it is recorded; the attempt then loads it into the
    // listener. Once the attempt has ended, the listener presents it.
    await running.app.get(RenewalService).idle();
    expect((await presented('shop.test')).serialNumber.toLowerCase()).toBe(renewed.serial_number);
  });

  it('backs off exponentially while Pebble is stopped and keeps serving the last valid certificate', async () => {
    const current = await one(id);
    await pebble.stop();
    const renewal = running.app.get(RenewalService);
    const t0 = new Date(Date.parse(current.expires_at!) - 20 * DAY_MS);
    setClock(t0);

    expect(await renewal.renewDue()).toBe('due 1, renewed 0, failed 1');
    let failed = await one(id);
    expect(failed).toMatchObject({ status: 'error', failure_count: 1, serial_number: current.serial_number });
    expect(failed.last_error).toBeTruthy();
    expect(Date.parse(failed.last_renewal_attempt_at!)).toBe(t0.getTime());
    expect(Date.parse(failed.next_attempt_at!) - t0.getTime()).toBe(RETRY_BASE_MS);

    // Still inside the backoff: nothing is attempted.
    setClock(new Date(t0.getTime() + RETRY_BASE_MS - 1000));
    expect(await renewal.renewDue()).toBe('due 0, renewed 0, failed 0');

    const t1 = new Date(t0.getTime() + RETRY_BASE_MS);
    setClock(t1);
    expect(await renewal.renewDue()).toBe('due 1, renewed 0, failed 1');
    failed = await one(id);
    expect(failed.failure_count).toBe(2);
    expect(Date.parse(failed.next_attempt_at!) - t1.getTime()).toBe(2 * RETRY_BASE_MS);

    expect((await presented('shop.test')).serialNumber.toLowerCase()).toBe(current.serial_number);
    const health = await json(await fetch(`${running.baseUrl}/health`));
    expect(health.modules.find((m: { name: string }) => m.name === 'certificates').status).toBe('healthy');
  });

  it('escalates below 7 days: lifecycle error event, metric, degraded health; then stops serving once expired', async () => {
    const current = await one(id);
    const received: Array<EventMessage<CertificateEscalation>> = [];
    const unsubscribe = running.app.get(EventBus).subscribe<CertificateEscalation>(CERTIFICATE_ESCALATION_TOPIC, async (m) => void received.push(m), { name: 'test' });
    setClock(new Date(Date.parse(current.expires_at!) - 5 * DAY_MS));
    expect(await running.app.get(RenewalService).renewDue()).toBe('due 1, renewed 0, failed 1');

    await eventually(() => (received.length > 0 ? true : undefined), { describe: 'the escalation event' });
    unsubscribe();
    expect(received).toHaveLength(1);
    expect(received[0].payload).toMatchObject({ module: 'certificates', phase: 'error', details: { certificateId: id, daysLeft: 5, failureCount: 3 } });

    const metrics = await (await fetch(`${running.baseUrl}/metrics`)).text();
    expect(metrics).toMatch(/^certificate_renewal_escalations_total 1$/m);
    expect(metrics).toMatch(/^certificate_renewals_total\{outcome="failed"\} 3$/m);

    const health = await json(await fetch(`${running.baseUrl}/health`));
    expect(health.modules.find((m: { name: string }) => m.name === 'certificates')).toMatchObject({ status: 'degraded' });
    expect((await presented('shop.test')).serialNumber.toLowerCase()).toBe(current.serial_number);

    setClock(new Date(Date.parse(current.expires_at!) + 1000));
    await expect(presented('shop.test')).rejects.toThrow();
    const expired = await json(await fetch(`${running.baseUrl}/health`));
    expect(expired.modules.find((m: { name: string }) => m.name === 'certificates').status).toBe('unhealthy');
  });

  it('keeps the certificates across a restart and recovers once Pebble is back', async () => {
    const before = await one(id);
    await restartApp();
    expect(await one(id)).toEqual(before);
    expect((await presented('shop.test')).serialNumber.toLowerCase()).toBe(before.serial_number);

    // Pebble validates on the HTTP port of the new process.
    await startPebble();
    const renew = await api(`/${id}/renew`, { method: 'POST' });
    expect(renew.status).toBe(202);
    const recovered = await waitFor(id, (v) => v.status === 'valid', 'renewal after restart');
    await running.app.get(RenewalService).idle();
    expect(recovered).toMatchObject({ failure_count: 0, last_error: null });
    expect(recovered.serial_number).not.toBe(before.serial_number);
    expect((await presented('shop.test')).serialNumber.toLowerCase()).toBe(recovered.serial_number);
  });

  it('stores private keys sealed: not PEM, not readable with another key', async () => {
    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ id: string; private_key_sealed: Buffer; key_id: string }>('SELECT id, private_key_sealed, key_id FROM certificates');
      const accounts = await client.query<{ directory_url: string; account_key_sealed: Buffer }>('SELECT directory_url, account_key_sealed FROM acme_accounts');
      expect(rows).toHaveLength(1);
      expect(accounts.rows).toHaveLength(1);
      for (const sealed of [rows[0].private_key_sealed, accounts.rows[0].account_key_sealed]) {
        expect(sealed.toString('latin1')).not.toContain('PRIVATE KEY');
        expect(sealed.toString('latin1')).not.toContain('-----');
      }
      const wrong = new KeyRing(randomBytes(32).toString('hex'));
      expect(() => wrong.open({ keyId: wrong.currentKeyId, sealed: rows[0].private_key_sealed }, certificateKeyAad(rows[0].id))).toThrow();
      const right = new KeyRing(ENCRYPTION_KEY);
      expect(rows[0].key_id).toBe(right.currentKeyId);
      expect(right.open({ keyId: rows[0].key_id, sealed: rows[0].private_key_sealed }, certificateKeyAad(rows[0].id)).toString('utf8')).toContain('BEGIN PRIVATE KEY');
    } finally {
      await client.end();
    }
  });

  it('removes a certificate: no longer listed nor served', async () => {
    const removed = await api(`/${id}`, { method: 'DELETE' });
    expect(removed.status).toBe(204);
    expect(await list()).toEqual([]);
    await expect(presented('shop.test')).rejects.toThrow();
    expect((await api(`/${id}`, { method: 'DELETE' })).status).toBe(404);
  });

  it('never puts key material in responses or logs', () => {
    const everything = [...bodies, ...allLogs, ...running.logs.raw].join('\n');
    expect(bodies.length).toBeGreaterThan(10);
    expect(everything).not.toMatch(/PRIVATE KEY|BEGIN CERTIFICATE/);
    expect(everything).not.toContain(ENCRYPTION_KEY);
    expect(everything).not.toContain(Buffer.from(ENCRYPTION_KEY, 'base64').toString('hex'));
  });
});
