import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { authHeaders } from '../../../support/auth';
import { activateSelections } from '../../../support/configurations';
import { eventually } from '../../../support/eventually';
import { HostileCase, hostileCases, hostilePdfs } from '../../../support/hostile-cases';
import { json, RunningApp, useTestApp } from '../../../support/test-app';
import { EXAMPLES } from '../../../support/paths';
import { FINAL_INVOICE_STATUSES } from '../../../../src/domain/invoice-status';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const UBL = readFileSync(join(EXAMPLES, 'ubl', 'guide-example1.xml'));
const CII = readFileSync(join(EXAMPLES, 'cii', 'CII_business_example_01.xml'));
const FINAL: string[] = [...FINAL_INVOICE_STATUSES];

interface RawResponse {
  status: number;
  headers: Map<string, string>;
  body: Buffer;
}

/**
 * One request over a plain socket, bytes exactly as the case says: fetch and node:http refuse to
 * send CRLF or NUL in a header, which is the point of some cases. `Connection: close` ends the
 * response; a server that answers early and closes (a refused header) still yields its answer.
 */
function rawRequest(port: number, hostileCase: HostileCase, defaults: Array<[string, string]>): Promise<RawResponse> {
  const given = new Set((hostileCase.headers ?? []).map(([name]) => name.toLowerCase()));
  const lines = [...defaults.filter(([name]) => !given.has(name)), ...(hostileCase.headers ?? [])];
  const body = hostileCase.body ?? Buffer.alloc(0);
  const head =
    `${hostileCase.method} ${hostileCase.target} HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\nconnection: close\r\n` +
    lines.map(([name, value]) => `${name}: ${value}\r\n`).join('') +
    (hostileCase.body !== undefined ? `content-length: ${body.length}\r\n` : '') +
    '\r\n';
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    const finish = () => {
      const response = parseResponse(Buffer.concat(chunks));
      if (response) resolve(response);
      else reject(new Error(`no HTTP response to ${hostileCase.name} (${chunks.length} chunks)`));
    };
    socket.on('close', finish);
    // EPIPE/ECONNRESET when the server answered before reading the whole body: the answer counts.
    socket.on('error', () => undefined);
    socket.setTimeout(60_000, () => socket.destroy());
    socket.write(Buffer.concat([Buffer.from(head, 'utf8'), body]));
  });
}

function parseResponse(raw: Buffer): RawResponse | undefined {
  const split = raw.indexOf('\r\n\r\n');
  if (split < 0) return undefined;
  const [statusLine, ...headerLines] = raw.subarray(0, split).toString('latin1').split('\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1]);
  if (!status) return undefined;
  const headers = new Map(headerLines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
  let body = raw.subarray(split + 4);
  if (headers.get('transfer-encoding') === 'chunked') body = dechunk(body);
  return { status, headers, body };
}

function dechunk(data: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = data.indexOf('\r\n', at);
    if (lineEnd < 0) break;
    const size = parseInt(data.subarray(at, lineEnd).toString('latin1'), 16);
    if (!size) break;
    parts.push(data.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts);
}

/** What is wrong with a response, or undefined: never 5xx; every 4xx a complete problem document. */
function complaint(response: RawResponse): string | undefined {
  if (response.status >= 500) return `status ${response.status}: ${response.body.toString('utf8').slice(0, 300)}`;
  if (response.status < 400) return undefined;
  const contentType = response.headers.get('content-type') ?? '';
  if (!contentType.startsWith('application/problem+json')) return `status ${response.status} with content-type ${contentType}`;
  let problem: Json;
  try {
    problem = JSON.parse(response.body.toString('utf8')) as Json;
  } catch {
    return `status ${response.status} with an unparseable problem body`;
  }
  if (typeof problem.type !== 'string' || typeof problem.title !== 'string' || problem.status !== response.status) {
    return `status ${response.status} with an incomplete problem ${JSON.stringify(problem).slice(0, 200)}`;
  }
  return undefined;
}

/**
 * The hostile-input battery against the running service: XXE, entity expansion, parser bombs,
 * deep nesting, odd numbers, broken PDFs, wrong JSON types on every API, injection strings in
 * every header and parameter. Not one 5xx; every 4xx is problem+json; the process stays alive
 * (liveness is polled between cases) and every accepted hostile document ends in a verdict.
 */
describe('hostile input', () => {
  const app = useTestApp({ SCHEDULER_ENABLED: false });
  let running: RunningApp;
  let port: number;
  let defaults: Array<[string, string]>;
  let cases: HostileCase[];

  beforeAll(async () => {
    running = app.running;
    port = Number(new URL(running.baseUrl).port);
    const admin = await authHeaders('admin');
    defaults = [...Object.entries(admin), ['x-tenant-id', 'default']];
    const headers = { ...admin, 'x-tenant-id': 'default' };
    // The full pipeline, selected explicitly (parse, validate, enrich, duplicate check, approval).
    await activateSelections(running.baseUrl, headers, [
      { stage_id: 'parse', module_id: 'einvoice-xml' },
      { stage_id: 'validate', module_id: 'en16931' },
      { stage_id: 'enrich', module_id: 'supplier-directory-db' },
      { stage_id: 'duplicate-check', module_id: 'fingerprint' },
      { stage_id: 'approval', module_id: 'threshold-rules' },
    ]);
    const tenant = await fetch(`${running.baseUrl}/api/v1/admin/tenants`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ tenant_id: 'hostile', name: 'Hostile' }) });
    expect(tenant.status).toBe(201);
    const invoice = await fetch(`${running.baseUrl}/api/v1/invoices`, { method: 'POST', headers: { ...headers, 'content-type': 'application/xml' }, body: UBL });
    expect(invoice.status).toBe(202);
    cases = hostileCases({ ubl: UBL, cii: CII, invoiceId: (await json(invoice)).id, tenantId: 'hostile', pdfs: await hostilePdfs(CII) });
  }, 120_000);

  it('answers every hostile request with a 2xx or a 4xx problem+json, stays alive, and judges every accepted document', async () => {
    expect(cases.length).toBeGreaterThanOrEqual(200);
    const complaints: string[] = [];
    const submitted: Array<{ name: string; id: string }> = [];
    const statuses = new Map<number, number>();
    const slow: string[] = [];
    // For a 5xx, the cause chain the service logged under the response's correlation id.
    const causesOf = (response: RawResponse): string => {
      if (response.status < 500) return '';
      const id = response.headers.get('x-request-id');
      const line = running.logs.lines.find((l) => l.correlationId === id && Array.isArray(l.causes));
      return line ? ` (logged causes: ${JSON.stringify(line.causes).slice(0, 300)})` : '';
    };
    for (const hostileCase of cases) {
      const started = performance.now();
      const response = await rawRequest(port, hostileCase, defaults);
      const tookMs = performance.now() - started;
      if (tookMs > 1000) {
        slow.push(`${hostileCase.name} ${Math.round(tookMs)} ms`);
        process.stdout.write(`hostile input: slow case ${slow[slow.length - 1]}\n`);
      }
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      const wrong = complaint(response);
      if (wrong) complaints.push(`${hostileCase.name}: ${wrong}${causesOf(response)}`);
      if (hostileCase.submits && response.status === 202) submitted.push({ name: hostileCase.name, id: (JSON.parse(response.body.toString('utf8')) as Json).id });
      // A fresh connection each time: a pooled keep-alive socket could race the server's idle close.
      const live = await rawRequest(port, { name: 'liveness', method: 'GET', target: '/health/live' }, []).catch((error: Error) => ({ status: error.message }));
      expect({ after: hostileCase.name, live: live.status }).toEqual({ after: hostileCase.name, live: 200 });
    }
    expect(complaints).toEqual([]);

    const headers = Object.fromEntries(defaults);
    const verdicts = new Map<string, number>();
    for (const { name, id } of submitted) {
      const status = await eventually(
        async () => {
          const response = await fetch(`${running.baseUrl}/api/v1/invoices/${id}`, { headers });
          const invoice = response.status === 200 ? await json<Json>(response) : undefined;
          return invoice && FINAL.includes(invoice.status) ? (invoice.status as string) : undefined;
        },
        { timeoutMs: 60_000, intervalMs: 100, describe: `a verdict on ${name}` },
      );
      verdicts.set(status, (verdicts.get(status) ?? 0) + 1);
    }
    process.stdout.write(
      `hostile input: ${cases.length} cases; statuses ${JSON.stringify(Object.fromEntries(statuses))}; ` +
        `${submitted.length} accepted documents judged ${JSON.stringify(Object.fromEntries(verdicts))}; slower than 1 s: ${slow.join(', ') || 'none'}\n`,
    );
  }, 900_000);
});
