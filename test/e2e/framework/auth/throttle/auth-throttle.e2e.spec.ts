import { randomBytes } from 'node:crypto';
import { createTestDatabase, TestDatabase } from '../../../../support/test-database';
import { json, RunningApp, startApp, testConfig } from '../../../../support/test-app';

const BOOTSTRAP_KEY = 'bootstrap-admin-key-for-the-throttle-suite-0123456789';
const PROBLEM = 'application/problem+json';
const WINDOW_SECONDS = 60;
const PER_ADDRESS = 30;
const PER_KEY = 10;

/** A well-formed key nobody issued. */
const wrongKey = (prefix = randomBytes(6).toString('hex')) => `isk_${prefix}_${randomBytes(32).toString('base64url')}`;

/**
 * Guessing API keys: failed attempts are counted per client address and per key prefix, and once
 * a bucket is over its limit further failing attempts get 429 with Retry-After. The real holder
 * of a key keeps getting in throughout, from the attacker's address or any other. The test
 * simulates addresses with X-Forwarded-For, which the service trusts only with TRUST_PROXY.
 */
describe('throttling failed authentication', () => {
  let db: TestDatabase;
  let running: RunningApp;
  let realKey: string;
  let realPrefix: string;
  const url = (path: string) => running.baseUrl + path;
  const list = (key: string, address: string) => fetch(url('/api/v1/invoices?limit=1'), { headers: { 'x-api-key': key, 'x-forwarded-for': address } });

  beforeAll(async () => {
    db = await createTestDatabase();
    running = await startApp(
      testConfig({
        DATABASE_URL: db.url,
        TRUST_PROXY: true,
        BOOTSTRAP_ADMIN_API_KEY: BOOTSTRAP_KEY,
        AUTH_FAILURE_WINDOW_SECONDS: WINDOW_SECONDS,
        AUTH_FAILURE_LIMIT_PER_ADDRESS: PER_ADDRESS,
        AUTH_FAILURE_LIMIT_PER_KEY: PER_KEY,
      }),
    );
    const created = await fetch(url('/api/v1/admin/api-keys'), {
      method: 'POST',
      headers: { 'x-api-key': BOOTSTRAP_KEY, 'content-type': 'application/json', 'x-forwarded-for': '192.0.2.200' },
      body: JSON.stringify({ name: 'erp', roles: ['submitter', 'auditor'], tenant_id: 'default' }),
    });
    expect(created.status).toBe(201);
    ({ key: realKey, prefix: realPrefix } = await json<{ key: string; prefix: string }>(created));
  });

  afterAll(async () => {
    await running?.close();
    await db?.drop();
  });

  async function expectThrottled(response: Response): Promise<void> {
    expect(response.status).toBe(429);
    expect(response.headers.get('content-type')).toContain(PROBLEM);
    const retryAfter = Number(response.headers.get('retry-after'));
    expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= WINDOW_SECONDS).toBe(true);
    const problem = await json(response);
    expect(problem).toMatchObject({ type: 'urn:invoice-service:problem:too-many-requests', status: 429, retry_after_seconds: retryAfter });
  }

  it('answers 3,000 wrong keys from one address with 401 up to the limit, then 429; the real key gets 200 from there and elsewhere meanwhile', async () => {
    const attacker = '203.0.113.7';
    const statuses: number[] = [];
    const legitimate: number[] = [];
    const throttledSamples: Response[] = [];
    for (let batch = 0; batch < 60; batch++) {
      const responses = await Promise.all(Array.from({ length: 50 }, () => list(wrongKey(), attacker)));
      for (const response of responses) {
        statuses.push(response.status);
        if (response.status === 429 && throttledSamples.length < 3) throttledSamples.push(response);
        else await response.arrayBuffer();
      }
      if (batch % 10 === 5) {
        // Mid-attack: the holder of the real key, from the attacker's address and from another.
        for (const address of [attacker, '198.51.100.9']) legitimate.push((await list(realKey, address)).status);
      }
    }
    expect(statuses.filter((s) => s === 401)).toHaveLength(PER_ADDRESS);
    expect(statuses.filter((s) => s === 429)).toHaveLength(3000 - PER_ADDRESS);
    expect(statuses.filter((s) => s !== 401 && s !== 429)).toEqual([]);
    for (const response of throttledSamples) await expectThrottled(response);
    expect(legitimate).toEqual(Array(12).fill(200));
    expect((await list(realKey, attacker)).status).toBe(200);
    // Another address is untouched by the attacker's failures.
    expect((await list(wrongKey(), '198.51.100.10')).status).toBe(401);
  });

  it("throttles guesses at one key's secret from many addresses, never the key's holder", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) {
      const response = await list(wrongKey(realPrefix), `192.0.2.${i + 1}`);
      statuses.push(response.status);
      if (response.status === 429) await expectThrottled(response);
      else await response.arrayBuffer();
      if (i === 20) expect((await list(realKey, '192.0.2.21')).status).toBe(200);
    }
    expect(statuses).toEqual([...Array(PER_KEY).fill(401), ...Array(25 - PER_KEY).fill(429)]);
    expect((await list(realKey, '192.0.2.77')).status).toBe(200);
    // Other keys' guessers from fresh addresses still get their 401, not the saturated prefix's 429.
    expect((await list(wrongKey(), '192.0.2.99')).status).toBe(401);
  });

  it('logs the first refusal of each bucket and counts every failure in auth_failures_total, never logging the presented keys', async () => {
    const lines = running.logs.lines.filter((l) => l.event === 'SecurityError');
    // 401s are logged each (bounded by the limits); a bucket's 429s only once per window.
    expect(lines.filter((l) => l.status === 401)).toHaveLength(PER_ADDRESS + 1 + PER_KEY + 1);
    expect(lines.filter((l) => l.reason === 'throttled-address')).toHaveLength(1);
    expect(lines.filter((l) => l.reason === 'throttled-key')).toHaveLength(1);
    const metrics = await (await fetch(url('/metrics'))).text();
    const count = (outcome: string) => Number(new RegExp(`^auth_failures_total\\{outcome="${outcome}"\\} (\\d+)$`, 'm').exec(metrics)?.[1]);
    expect([count('rejected'), count('throttled_address'), count('throttled_key')]).toEqual([PER_ADDRESS + 1 + PER_KEY + 1, 3000 - PER_ADDRESS, 25 - PER_KEY]);
    // The whole secret after `isk_<prefix>_` (base64url: it may hold '_' itself, so not the part after the last one).
    const secret = realKey.slice(`isk_${realPrefix}_`.length);
    expect(secret.length).toBeGreaterThanOrEqual(43);
    expect(running.logs.raw.join('\n')).not.toContain(secret);
  });
});
