import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { authHeaders } from '../support/auth';
import { json, RunningApp, startApp, testConfig } from '../support/test-app';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { EXAMPLES } from '../support/paths';

const PROBLEM = 'application/problem+json';
const example = readFileSync(
  join(EXAMPLES, 'bis-billing', 'Invoice-Min_content_with_VAT.xml'),
);

/**
 * Every migration from an empty database at boot: seconds alone, far longer on the embedded PGlite
 * (WebAssembly) beside the other test workers, hence the hook's own time limit.
 */
const FIRST_DEPLOYMENT_BOOT_MS = 180_000;

describe('foundation over real HTTP', () => {
  let db: TestDatabase;
  let running: RunningApp;
  /** Invoices need the submitter role (admin is enough for everything, docs need any caller). */
  let auth: Record<string, string>;

  beforeAll(async () => {
    db = await createTestDatabase({ empty: true }); // the app migrates it at boot, as in a first deployment
    running = await startApp(testConfig({ DATABASE_URL: db.url, BODY_LIMIT_BYTES: 64 * 1024 }));
    auth = await authHeaders('submitter', { tenantId: 'default' });
  }, FIRST_DEPLOYMENT_BOOT_MS);

  afterAll(async () => {
    await running?.close();
    await db?.drop();
  });

  const url = (path: string) => running.baseUrl + path;

  it('answers the liveness probe outside /api/v1 and returns a correlation id', async () => {
    const response = await fetch(url('/health/live'));
    expect(response.status).toBe(200);
    expect(await json(response)).toEqual({ status: 'ok' });
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect((await fetch(url('/api/v1/health/live'))).status).toBe(404);
  });

  it('serves the OpenAPI UI at /docs and the document at /docs-json', async () => {
    // Public by default (DOCS_PUBLIC=true), so a newcomer sees the API at once.
    const ui = await fetch(url('/docs'));
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain('swagger-ui');
    const spec = await json<{ openapi: string; paths: Record<string, unknown> }>(await fetch(url('/docs-json')));
    expect(spec.openapi).toMatch(/^3\./);
    expect(Object.keys(spec.paths)).toEqual(expect.arrayContaining(['/api/v1/invoices', '/api/v1/invoices/{id}', '/health/live']));
  });

  it('stores an XML invoice with its SHA-256 and reads it back through Location', async () => {
    const created = await fetch(url('/api/v1/invoices'), {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/xml' },
      body: example,
    });
    expect(created.status).toBe(202);
    const receipt = await json<{ id: string; sha256: string; size_bytes: number; content_type: string; status: string }>(created);
    expect(receipt.status).toBe('received');
    expect(receipt.size_bytes).toBe(example.length);
    expect(receipt.content_type).toBe('application/xml');
    expect(receipt.sha256).toBe(require('node:crypto').createHash('sha256').update(example).digest('hex'));
    const location = created.headers.get('location');
    expect(location).toBe(`/api/v1/invoices/${receipt.id}`);

    const fetched = await fetch(url(location!), { headers: auth });
    expect(fetched.status).toBe(200);
    // The detail carries the processing results too (issue 7); the stored facts are the receipt's.
    const { status: _status, ...stored } = receipt;
    expect(await json(fetched)).toMatchObject(stored);
  });

  it('accepts a canonical JSON object and refuses a JSON array with the field and reason', async () => {
    const ok = await fetch(url('/api/v1/invoices'), {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ invoiceNumber: 'INV-1' }),
    });
    expect(ok.status).toBe(202);

    const array = await fetch(url('/api/v1/invoices'), {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: '[1,2]',
    });
    expect(array.status).toBe(400);
    expect(array.headers.get('content-type')).toContain(PROBLEM);
    expect((await json(array)).errors).toEqual([{ field: 'body', reason: 'must be a JSON object' }]);
  });

  it('answers malformed JSON with 400 problem+json carrying the caller correlation id', async () => {
    const response = await fetch(url('/api/v1/invoices'), {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json', 'x-request-id': 'malformed-json-1' },
      body: '{"invoiceNumber": ',
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain(PROBLEM);
    expect(response.headers.get('x-request-id')).toBe('malformed-json-1');
    const problem = await json(response);
    expect(problem).toMatchObject({ status: 400, instance: '/api/v1/invoices', correlation_id: 'malformed-json-1' });
    expect(problem.type).toMatch(/^urn:invoice-service:problem:/);
    expect(JSON.stringify(problem)).not.toMatch(/at .*\.js:\d+/);
  });

  it('answers an oversized body with 413 problem+json and keeps serving', async () => {
    const response = await fetch(url('/api/v1/invoices'), {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/xml', 'x-correlation-id': 'too-big-1' },
      body: Buffer.alloc(64 * 1024 + 1, 'a'),
    });
    expect(response.status).toBe(413);
    expect(response.headers.get('content-type')).toContain(PROBLEM);
    expect(await json(response)).toMatchObject({
      status: 413,
      type: 'urn:invoice-service:problem:payload-too-large',
      correlation_id: 'too-big-1',
    });
    expect((await fetch(url('/health/live'))).status).toBe(200);
  });

  it('refuses unsupported media types, bad ids and unknown resources with problems, not 500s', async () => {
    const text = await fetch(url('/api/v1/invoices'), { method: 'POST', headers: { ...auth, 'content-type': 'text/plain' }, body: 'hello' });
    expect(text.status).toBe(415);
    expect(text.headers.get('content-type')).toContain(PROBLEM);

    const badId = await fetch(url('/api/v1/invoices/not-a-uuid'), { headers: auth });
    expect(badId.status).toBe(400);
    expect((await json(badId)).errors).toEqual([{ field: 'id', reason: 'must be a UUID' }]);

    const missing = await fetch(url('/api/v1/invoices/6f1c1b0e-6c11-4d0a-9a7e-3f4f1d2a9b10'), { headers: auth });
    expect(missing.status).toBe(404);
    expect(await json(missing)).toMatchObject({ type: 'urn:invoice-service:problem:not-found' });

    const unknown = await fetch(url('/api/v1/nothing-here'), { headers: auth });
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toContain(PROBLEM);

    const empty = await fetch(url('/api/v1/invoices'), { method: 'POST', headers: { ...auth, 'content-type': 'application/xml' } });
    expect(empty.status).toBe(400);
  });

  it('answers a credential for an unknown tenant with 403, not a server error', async () => {
    const response = await fetch(url('/api/v1/invoices'), {
      method: 'POST',
      headers: { ...(await authHeaders('submitter', { tenantId: 'no-such-tenant' })), 'content-type': 'application/json' },
      body: JSON.stringify({ invoiceNumber: 'T-1' }),
    });
    expect(response.status).toBe(403);
    expect(await json(response)).toMatchObject({ type: 'urn:invoice-service:problem:forbidden' });
  });

  it('puts the correlation id on every log line written for a request', async () => {
    const before = running.logs.lines.length;
    await fetch(url('/api/v1/invoices/not-a-uuid'), { headers: { ...auth, 'x-request-id': 'log-corr-42' } });
    const lines = running.logs.lines.slice(before).filter((line) => JSON.stringify(line).includes('log-corr-42'));
    // The rejection logged by the error filter and the request-completed line.
    expect(lines.length).toBeGreaterThanOrEqual(2);
    for (const line of lines) expect(line.correlationId ?? (line.req as { id?: string })?.id).toBe('log-corr-42');
  });

  it('logs the routes outside the API prefix like the others, with their correlation ids', async () => {
    const before = running.logs.lines.length;
    const paths = ['/health/live', '/metrics', '/.well-known/acme-challenge/unknown-token'];
    for (const [i, path] of paths.entries()) await fetch(url(path), { headers: { ...auth, 'x-request-id': `outside-${i}` } });
    const completed = running.logs.lines
      .slice(before)
      .filter((line) => line.msg === 'request completed')
      .map((line) => ({ url: (line.req as { url: string }).url, status: (line.res as { statusCode: number }).statusCode, correlationId: line.correlationId }));
    expect(completed).toEqual([
      { url: '/health/live', status: 200, correlationId: 'outside-0' },
      { url: '/metrics', status: 200, correlationId: 'outside-1' },
      { url: '/.well-known/acme-challenge/unknown-token', status: 404, correlationId: 'outside-2' },
    ]);
    // The API routes are still logged once each, not twice.
    const apiBefore = running.logs.lines.length;
    await fetch(url('/api/v1/invoices/not-a-uuid'), { headers: { ...auth, 'x-request-id': 'inside-1' } });
    expect(running.logs.lines.slice(apiBefore).filter((line) => line.msg === 'request completed')).toHaveLength(1);
  });
});
