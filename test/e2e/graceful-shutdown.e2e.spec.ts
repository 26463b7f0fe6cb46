import { request } from 'node:http';
import { authHeaders } from '../support/auth';
import { startApp, testConfig } from '../support/test-app';
import { createTestDatabase, TestDatabase } from '../support/test-database';

/** Closing the app lets a request already in flight finish, and refuses new connections. */
describe('graceful shutdown', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('drains an in-flight upload, then stops accepting connections', async () => {
    const running = await startApp(testConfig({ DATABASE_URL: db.url }));
    const { port } = new URL(running.baseUrl);
    const body = Buffer.from(JSON.stringify({ invoiceNumber: 'DRAIN-1', padding: 'x'.repeat(4096) }));
    const auth = await authHeaders('submitter', { tenantId: 'default' });

    // Headers and half of the body first, so the request is in flight when close() starts.
    const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port, method: 'POST', path: '/api/v1/invoices', headers: { ...auth, 'content-type': 'application/json', 'content-length': body.length } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
        },
      );
      req.on('error', reject);
      // Once the server has parsed the request head, start closing, then send the rest of the body.
      running.app.getHttpServer().once('request', () => {
        closing = running.close();
        req.end(body.subarray(body.length / 2));
      });
      req.write(body.subarray(0, body.length / 2));
    });
    let closing: Promise<void> | undefined;

    const result = await response;
    expect(result.status).toBe(202);
    expect(JSON.parse(result.body)).toMatchObject({ status: 'received' });
    await closing;

    await expect(fetch(`${running.baseUrl}/health/live`)).rejects.toThrow();
  });
});
