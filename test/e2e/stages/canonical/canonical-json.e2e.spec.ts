/**
 * Canonical JSON through the real API: every XML example is submitted, its canonical JSON is read
 * back from the parse stage's output (GET /invoices/{id}) and submitted as application/json. Both
 * are validated by en16931 (no fallback) and get the same verdict: the same `valid` flag and the
 * same business rules; POST /validate gives the JSON the same verdict. Syntax-binding rules (UBL-*, CII-*, BR-CL-03) judge the XML serialisation
 * and have no place in a JSON verdict. XML and JSON submissions are interleaved.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { authHeaders } from '../../../support/auth';
import { json, RunningApp, useTestApp } from '../../../support/test-app';
import { EXAMPLES } from '../../../support/paths';
import { insertTenants } from '../../../support/factories';

function xmlFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return xmlFiles(path);
      return /\.xml$/i.test(name) ? [path] : [];
    });
}

interface Finding {
  rule: string;
}
interface Verdict {
  valid: boolean;
  rule_set: string;
  syntax_binding: string | null;
  errors: Finding[];
  warnings: Finding[];
}

interface Detail {
  id: string;
  invoice: { syntax: string } & Record<string, unknown>;
  validation: Verdict;
  stages: Array<{ stage_id: string; module_id: string | null; outcome: string; fallback_used: boolean }>;
}

const SYNTAX_RULE = /^(UBL|CII)-|^BR-CL-03$/;
const ids = (findings: Finding[]): string[] => [...new Set(findings.map((f) => f.rule).filter((r) => !SYNTAX_RULE.test(r)))].sort();
const comparable = (v: Verdict) => ({ valid: v.valid, errors: ids(v.errors), warnings: ids(v.warnings) });

describe('canonical JSON read back from the API gets the XML verdict', () => {
  const app = useTestApp();
  let running: RunningApp;

  beforeAll(async () => {
    running = app.running;
    // XML and JSON go to separate tenants, so the duplicate check never links a pair.
    const dataSource = running.app.get(DataSource);
    await insertTenants(dataSource, 'readback-xml', 'readback-json');
  });

  async function submit(tenantId: string, contentType: string, body: Buffer | string): Promise<Detail> {
    const response = await fetch(`${running.baseUrl}/api/v1/invoices?wait=true`, {
      method: 'POST',
      headers: { ...(await authHeaders('submitter', { tenantId })), 'content-type': contentType },
      body,
    });
    expect(response.status).toBeLessThan(300);
    return json<Detail>(response);
  }

  async function readBack(tenantId: string, id: string): Promise<Detail> {
    const response = await fetch(`${running.baseUrl}/api/v1/invoices/${id}`, { headers: await authHeaders('submitter', { tenantId }) });
    expect(response.status).toBe(200);
    return json<Detail>(response);
  }

  it('validates each example and its read-back JSON with en16931 to the same verdict', async () => {
    const files = xmlFiles(EXAMPLES);
    expect(files.length).toBeGreaterThan(50);
    // A broken variant of one example, so an invalid verdict is compared too.
    const first = readFileSync(files[0], 'utf8');
    const broken = first.replace(/(<(?:cbc:PayableAmount|ram:DuePayableAmount)\b[^>]*>)\s*([-\d.]+)/, (_, tag: string, n: string) => `${tag}${n}9`);
    expect(broken).not.toBe(first);
    const documents: Array<[string, Buffer]> = [...files.map((f) => [f.slice(EXAMPLES.length + 1), readFileSync(f)] as [string, Buffer]), ['broken amount due', Buffer.from(broken)]];

    const mismatches: unknown[] = [];
    const validateModules = new Set<string>();
    let invalid = 0;
    for (const [name, xml] of documents) {
      const fromXml = await submit('readback-xml', 'application/xml', xml);
      const stored = (await readBack('readback-xml', fromXml.id)).invoice;
      expect(stored).toMatchObject({ syntax: expect.stringMatching(/^(UBL|CII)$/) });
      const fromJson = await submit('readback-json', 'application/json', JSON.stringify(stored));
      for (const detail of [fromXml, fromJson]) {
        const validate = detail.stages.find((s) => s.stage_id === 'validate');
        if (!validate) throw new Error(`${name}: no validate stage`);
        validateModules.add(`${validate.module_id}:${validate.outcome}:${validate.fallback_used}`);
        expect(detail.validation.rule_set).toBe('en16931');
      }
      expect(fromJson.invoice.syntax).toBe('JSON');
      expect(fromXml.validation.syntax_binding).toBe(stored.syntax);
      expect(fromJson.validation.syntax_binding).toBeNull();
      if (!fromXml.validation.valid) invalid++;
      // POST /validate judges the same JSON the same way (by en16931, as the pipeline's module did), without storing anything.
      const stateless = await fetch(`${running.baseUrl}/api/v1/validate?rule_set=en16931`, {
        method: 'POST',
        headers: { ...(await authHeaders('submitter', { tenantId: 'readback-json' })), 'content-type': 'application/json' },
        body: JSON.stringify(stored),
      });
      expect(stateless.status).toBe(200);
      const report = await json<Verdict & { syntax: string }>(stateless);
      expect([report.rule_set, report.syntax, report.syntax_binding]).toEqual(['en16931', 'JSON', null]);
      const [x, j, v] = [comparable(fromXml.validation), comparable(fromJson.validation), comparable(report)];
      if (JSON.stringify(x) !== JSON.stringify(j) || JSON.stringify(j) !== JSON.stringify(v)) mismatches.push({ name, xml: x, json: j, validate: v });
    }
    expect(mismatches).toEqual([]);
    expect(invalid).toBe(1);
    // Every validate stage, XML and JSON alike, ran en16931 itself: no fallback.
    expect([...validateModules]).toEqual(['en16931:ok:false']);
  });
});
