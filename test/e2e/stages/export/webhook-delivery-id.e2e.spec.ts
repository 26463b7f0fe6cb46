import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { deliveryId, uuidFromHash } from '../../../../src/stages/export/delivery-id';
import { OutboxRelay } from '../../../../src/stages/export/outbox-relay';
import { signStandardWebhook, verifyStandardWebhook, verifyWebhook } from '../../../../src/stages/export/webhook-signature';
import { authHeaders } from '../../../support/auth';
import { activateSelections } from '../../../support/configurations';
import { eventually } from '../../../support/eventually';
import { ownerQuery } from '../../../support/migrated-data-source';
import { json, RunningApp, startApp, testConfig } from '../../../support/test-app';
import { createTestDatabase, TestDatabase } from '../../../support/test-database';
import { EXAMPLES } from '../../../support/paths';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const SECRET = 'webhook-test-secret-0123456789';

interface Attempt {
  headers: IncomingHttpHeaders;
  body: Json;
  verified: boolean;
  answered: number;
}

/** A loopback receiver that verifies the Standard Webhooks signature and can refuse the next attempts. */
class Receiver {
  readonly attempts: Attempt[] = [];
  refuseNext = 0;
  private server: Server | null = null;

  async start(): Promise<number> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const h = request.headers;
        const verified =
          verifyStandardWebhook(SECRET, String(h['webhook-id']), String(h['webhook-timestamp']), text, String(h['webhook-signature'])) &&
          verifyWebhook(SECRET, String(h['x-webhook-timestamp']), text, String(h['x-signature-256']));
        const answered = !verified ? 401 : this.refuseNext > 0 ? 503 : 204;
        if (answered === 503) this.refuseNext--;
        this.attempts.push({ headers: h, body: JSON.parse(text) as Json, verified, answered });
        response.writeHead(answered).end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return (this.server.address() as { port: number }).port;
  }

  of(invoiceId: string): Attempt[] {
    return this.attempts.filter((a) => a.body.invoice_id === invoiceId);
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}

/**
 * Webhook deliveries carry a stable, signed delivery id (Webhook-Id), the invoice and the run:
 * every attempt of one run's export (retries, the outbox's redeliveries) has the same id, so a
 * receiver drops repeats by id; a reprocess is a new run and a new delivery.
 */
describe('webhook delivery ids', () => {
  let db: TestDatabase;
  let running: RunningApp;
  let admin: Record<string, string>;
  const receiver = new Receiver();

  beforeAll(async () => {
    db = await createTestDatabase();
    const port = await receiver.start();
    running = await startApp(testConfig({ DATABASE_URL: db.url, PIPELINE_WEBHOOK_SECRET: SECRET, OUTBOX_REDELIVERY_CRON: '0 0 1 1 *' }));
    admin = { ...(await authHeaders('admin')), 'x-tenant-id': 'default' };
    await activateSelections(running.baseUrl, admin, [
      { stage_id: 'parse', module_id: 'einvoice-xml' },
      { stage_id: 'validate', module_id: 'en16931' },
      { stage_id: 'duplicate-check', module_id: 'fingerprint' },
      { stage_id: 'export', module_id: 'webhook', settings: { url: `http://127.0.0.1:${port}/invoices`, timeout_ms: 1000 } },
    ]);
  });

  afterAll(async () => {
    await running?.close();
    await receiver.stop();
    await db?.drop();
  });

  const submit = async (path: string): Promise<Json> =>
    json(await fetch(`${running.baseUrl}/api/v1/invoices?wait=true`, { method: 'POST', headers: { ...admin, 'content-type': 'application/xml' }, body: readFileSync(join(EXAMPLES, path)) }));

  it('derives delivery ids as RFC 9562 version 5 UUIDs', () => {
    // RFC 9562 appendix A.4: the DNS namespace and www.example.com.
    const dns = Buffer.from('6ba7b8109dad11d180b400c04fd430c8', 'hex');
    expect(uuidFromHash(createHash('sha1').update(dns).update('www.example.com').digest(), 5)).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
    expect(deliveryId('default', 'a', 'r1')).toBe(deliveryId('default', 'a', 'r1'));
    expect(new Set([deliveryId('default', 'a', 'r1'), deliveryId('default', 'a', 'r2'), deliveryId('other', 'a', 'r1')]).size).toBe(3);
  });

  it('sends the delivery id, invoice and run in signed headers', async () => {
    const detail = await submit('ubl/guide-example1.xml');
    expect(detail.status).toBe('completed');
    const [attempt] = receiver.of(detail.id);
    const runId = detail.runs[0].run_id as string;
    expect(attempt.verified).toBe(true);
    expect(attempt.headers).toMatchObject({
      'webhook-id': deliveryId('default', detail.id, runId),
      'x-invoice-id': detail.id,
      'x-run-id': runId,
    });
    expect(attempt.body).toMatchObject({ invoice_id: detail.id, run_id: runId, tenant_id: 'default' });
    expect(Number(attempt.headers['webhook-timestamp'])).toBeCloseTo(Date.now() / 1000, -2);
    // The id is signed: another id with the same signature does not verify.
    const text = JSON.stringify(attempt.body);
    const signature = String(attempt.headers['webhook-signature']);
    const timestamp = String(attempt.headers['webhook-timestamp']);
    expect(signature).toBe(signStandardWebhook(SECRET, String(attempt.headers['webhook-id']), timestamp, text));
    expect(verifyStandardWebhook(SECRET, deliveryId('default', detail.id, 'another-run'), timestamp, text, signature)).toBe(false);
  });

  it('keeps the id across retries and the outbox redelivery of the same run; a reprocess is a new delivery', async () => {
    // Every attempt inside the run is refused: the export falls back to the outbox.
    receiver.refuseNext = 100;
    const detail = await submit('ubl/guide-example2.xml');
    expect(detail.stages.at(-1)).toMatchObject({ stage_id: 'export', module_id: 'outbox', outcome: 'fallback' });
    const refused = receiver.of(detail.id);
    expect(refused.length).toBeGreaterThanOrEqual(2);
    expect(refused.every((a) => a.answered === 503 && a.verified)).toBe(true);
    receiver.refuseNext = 0;

    const relay = running.app.get(OutboxRelay);
    const dataSource = running.app.get(DataSource);
    await ownerQuery(dataSource, `UPDATE outbox_messages SET next_attempt_at = now() - interval '1 second' WHERE invoice_id = $1`, [detail.id]);
    expect(await relay.deliverDue()).toEqual({ delivered: 1, failed: 0 });
    const firstRun = detail.runs[0].run_id as string;
    const attempts = receiver.of(detail.id);
    expect(attempts.at(-1)).toMatchObject({ answered: 204, verified: true });
    expect(new Set(attempts.map((a) => a.headers['webhook-id']))).toEqual(new Set([deliveryId('default', detail.id, firstRun)]));
    expect(new Set(attempts.map((a) => a.headers['x-run-id']))).toEqual(new Set([firstRun]));

    // A reprocess is a new run: a new delivery id.
    const reprocess = await fetch(`${running.baseUrl}/api/v1/invoices/${detail.id}/reprocess`, { method: 'POST', headers: admin });
    expect(reprocess.status).toBe(202);
    const secondRun = (await json(reprocess)).run_id as string;
    const again = await eventually(() => receiver.of(detail.id).find((a) => a.headers['x-run-id'] === secondRun), { timeoutMs: 15_000, describe: 'the reprocess to be delivered' });
    expect(again).toMatchObject({ answered: 204, verified: true });
    expect(again.headers['webhook-id']).toBe(deliveryId('default', detail.id, secondRun));
    expect(again.headers['webhook-id']).not.toBe(attempts[0].headers['webhook-id']);
  });
});
