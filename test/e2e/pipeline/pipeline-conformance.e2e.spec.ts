import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { authHeaders } from '../../support/auth';
import { json, RunningApp, useTestApp } from '../../support/test-app';
import { EXAMPLES } from '../../support/paths';
import { insertTenants } from '../../support/factories';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return files(path);
    return /\.(xml|pdf)$/i.test(name) ? [path] : [];
  });
}

describe('every conformance example goes through POST /invoices and completes', () => {
  // Many examples total more than the default approval threshold: here every one goes through to export.
  const app = useTestApp({ TENANT_APPROVAL_THRESHOLD: '1000000000' });
  let running: RunningApp;

  beforeAll(() => {
    running = app.running;
  });

  it('completes each example document on the active configuration', async () => {
    const documents = files(EXAMPLES);
    expect(documents.length).toBeGreaterThan(50);
    // Several examples carry the same supplier, number, date and total (they are variants of one
    // invoice), which the duplicate check rightly flags; each goes to its own tenant here.
    const dataSource = running.app.get(DataSource);
    const outcomes: Array<{ file: string; status: string; stages: string[] }> = [];
    for (const [index, file] of documents.entries()) {
      await insertTenants(dataSource, `conformance-${index}`);
      const auth = await authHeaders('submitter', { tenantId: `conformance-${index}` });
      const response = await fetch(`${running.baseUrl}/api/v1/invoices?wait=true`, {
        method: 'POST',
        headers: { ...auth, 'content-type': file.toLowerCase().endsWith('.pdf') ? 'application/pdf' : 'application/xml' },
        body: readFileSync(file),
      });
      const detail = await json(response);
      outcomes.push({
        file: file.slice(EXAMPLES.length + 1),
        status: detail.status,
        stages: detail.stages.filter((s: { outcome: string }) => s.outcome !== 'ok').map((s: { stage_id: string; outcome: string }) => `${s.stage_id}:${s.outcome}`),
      });
    }
    const notCompleted = outcomes.filter((o) => o.status !== 'completed');
    expect(notCompleted).toEqual([]);
  });
});
