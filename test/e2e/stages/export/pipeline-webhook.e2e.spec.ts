import { readFileSync } from 'node:fs';
import { createServer, IncomingMessage, Server } from 'node:http';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { ownerQuery } from '../../../support/migrated-data-source';
import { OutboxRelay } from '../../../../src/stages/export/outbox-relay';
import { verifyWebhook } from '../../../../src/stages/export/webhook-signature';
import { authHeaders } from '../../../support/auth';
import { activateSelections } from '../../../support/configurations';
import { json, RunningApp, startApp, testConfig } from '../../../support/test-app';
import { createTestDatabase, TestDatabase } from '../../../support/test-database';
import { EXAMPLES } from '../../../support/paths';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const SECRET = 'webhook-test-secret-0123456789';

/** A loopback receiver that accepts only correctly signed deliveries. */
class Receiver {
  readonly received: Json[] = [];
  /** Path of each accepted delivery, in order. */
  readonly paths: string[] = [];
  rejected = 0;
  private server: Server | null = null;

  async start(port = 0): Promise<number> {
    this.server = createServer((request, response) => {
      void body(request).then((text) => {
        const ok = verifyWebhook(SECRET, String(request.headers['x-webhook-timestamp']), text, String(request.headers['x-signature-256']));
        if (!ok) this.rejected++;
        else {
          this.received.push(JSON.parse(text) as Json);
          this.paths.push(request.url ?? '');
        }
        response.writeHead(ok ? 204 : 401).end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    return (this.server.address() as { port: number }).port;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
    this.server = null;
  }
}

async function body(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

describe('export stage: signed webhook and outbox redelivery', () => {
  let db: TestDatabase;
  let running: RunningApp;
  let admin: Record<string, string>;
  const receiver = new Receiver();
  let port: number;

  beforeAll(async () => {
    db = await createTestDatabase();
    port = await receiver.start();
    // The redelivery job is driven by the test (OutboxRelay.deliverDue), not by the clock.
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

  it('POSTs the canonical JSON signed with HMAC-SHA256', async () => {
    const detail = await submit('ubl/guide-example1.xml');
    expect(detail.status).toBe('completed');
    expect(detail.stages.at(-1)).toMatchObject({ stage_id: 'export', module_id: 'webhook', outcome: 'ok', attempts: 1 });
    expect(receiver.rejected).toBe(0);
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0]).toMatchObject({ invoice_id: detail.id, invoice: { number: detail.invoice.number, totals: detail.invoice.totals } });
  });

  it('falls back to the outbox while the receiver is down and redelivers with backoff once it is back', async () => {
    await receiver.stop();
    const detail = await submit('ubl/guide-example2.xml');
    expect(detail.status).toBe('completed_with_warnings');
    expect(detail.stages.at(-1)).toMatchObject({ stage_id: 'export', module_id: 'outbox', outcome: 'fallback', fallback_used: true });

    const relay = running.app.get(OutboxRelay);
    const dataSource = running.app.get(DataSource);
    expect(await relay.deliverDue()).toEqual({ delivered: 0, failed: 1 });
    const [pending] = await ownerQuery(dataSource, `SELECT status, attempts, last_error, next_attempt_at > now() AS backing_off FROM outbox_messages WHERE invoice_id = $1`, [detail.id]);
    expect(pending).toMatchObject({ status: 'pending', attempts: 1, backing_off: true });
    expect(pending.last_error).toEqual(expect.any(String));
    // Not due yet: nothing is sent.
    await receiver.start(port);
    expect(await relay.deliverDue()).toEqual({ delivered: 0, failed: 0 });

    // The backoff elapses (moved in the database instead of waiting): the message goes out once, signed.
    await ownerQuery(dataSource, `UPDATE outbox_messages SET next_attempt_at = now() - interval '1 second' WHERE invoice_id = $1`, [detail.id]);
    expect(await relay.deliverDue()).toEqual({ delivered: 1, failed: 0 });
    expect(receiver.received.map((m) => m.invoice_id)).toContain(detail.id);
    expect(receiver.rejected).toBe(0);
    const [delivered] = await ownerQuery(dataSource, `SELECT status, attempts FROM outbox_messages WHERE invoice_id = $1`, [detail.id]);
    expect(delivered).toEqual({ status: 'delivered', attempts: 2 });
    expect(await relay.deliverDue()).toEqual({ delivered: 0, failed: 0 });
  });

  it("delivers a tenant's invoices to the tenant's own TENANT_WEBHOOK_URL instead of the selection's url", async () => {
    const created = await fetch(`${running.baseUrl}/api/v1/admin/tenants`, {
      method: 'POST',
      headers: { ...(await authHeaders('admin')), 'content-type': 'application/json' },
      body: JSON.stringify({ tenant_id: 'acme', name: 'Acme', config: { TENANT_WEBHOOK_URL: `http://127.0.0.1:${port}/acme-hook` } }),
    });
    expect(created.status).toBe(201);
    const acme = await authHeaders('submitter', { tenantId: 'acme' });
    const before = receiver.paths.length;
    const detail = await json(
      await fetch(`${running.baseUrl}/api/v1/invoices?wait=true`, { method: 'POST', headers: { ...acme, 'content-type': 'application/xml' }, body: readFileSync(join(EXAMPLES, 'ubl/guide-example3.xml')) }),
    );
    expect(detail.stages.at(-1)).toMatchObject({ stage_id: 'export', module_id: 'webhook', outcome: 'ok' });
    expect(receiver.paths.slice(before)).toEqual(['/acme-hook']);
    expect(receiver.received.at(-1)).toMatchObject({ invoice_id: detail.id, tenant_id: 'acme' });
    // The default tenant sets no URL of its own: its invoices still go to the selection's.
    expect((await submit('ubl/issue116.xml')).status).toBe('completed');
    expect(receiver.paths.slice(before)).toEqual(['/acme-hook', '/invoices']);
  });
});
