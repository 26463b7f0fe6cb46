/**
 * Hostile-input series. Starts the built service (dist/) in this process, then for each phase
 * keeps submitting hostile documents (regex bomb and its cousins, deep nesting, billion laughs,
 * huge numbers, broken PDFs; two shapes at the in-thread cap) from several connections with ?wait=true, while one more connection
 * asks GET /health/live one request after the other, and one submits ordinary invoices.
 *   phase 1 (strict): the seeded configuration, einvoice-xml first (lenient-xml as its fallback);
 *   phase 2 (lenient): a parse module that always fails first, so lenient-xml reads every document.
 * Prints per phase: liveness p50/p99/max and non-200 answers, hostile invoices finished (final
 * status) and not, ordinary invoices finished with their p50/p99, and the CPU per document.
 *
 *   npm run bench:hostile -- [--duration 15] [--connections 4]
 */
import { cpus } from 'node:os';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Module } from '@nestjs/common';
import { SignJWT } from 'jose';
import { AFRelationship, PDFDocument } from 'pdf-lib';
import { billionLaughsLines } from '../test/support/hostile-input';
import { BENCH_SECRET, createBenchApp, load, option, ROOT } from './support';
import { FINAL_INVOICE_STATUSES } from '../src/domain/invoice-status';

const DURATION = option('--duration', 15);
const CONNECTIONS = option('--connections', 4);
const EXAMPLE = join(ROOT, '..', 'shared', 'conformance', 'en16931', 'examples', 'ubl', 'issue116.xml');
const FINAL = new Set<string>(FINAL_INVOICE_STATUSES);

interface Hostile {
  name: string;
  body: Buffer;
  type: string;
}

async function hostileDocuments(): Promise<Hostile[]> {
  const ubl = readFileSync(EXAMPLE, 'utf8');
  const xml = (name: string, text: string): Hostile => ({ name, body: Buffer.from(text), type: 'application/xml' });
  const pdf = await PDFDocument.create();
  pdf.addPage([595, 842]);
  await pdf.attach(Buffer.from(ubl), 'factur-x.xml', { mimeType: 'text/xml', afRelationship: AFRelationship.Alternative });
  const facturX = Buffer.from(await pdf.save());
  return [
    xml('regex bomb (<ID  x100k)', '<Invoice>' + '<ID '.repeat(100000)),
    xml('regex bomb closed at the end', '<Invoice>' + '<ID '.repeat(100000) + '>'),
    xml('attribute run (300 KB)', '<Invoice><Note ' + 'a="1" '.repeat(50000) + '><cbc:ID>'),
    xml('unclosed tags x100k', '<Invoice>' + '<Open>'.repeat(100000)),
    xml('nested comments', '<Invoice>' + '<!-- <!-- '.repeat(40000)),
    xml('nested CDATA', '<Invoice>' + '<![CDATA[ <![CDATA[ '.repeat(20000)),
    xml('deep nesting x50k', '<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2">' + '<X>'.repeat(50000) + '</X>'.repeat(50000) + '</Invoice>'),
    xml('billion laughs', billionLaughsLines().join('\n')),
    // At the in-thread cap (ENGINE_INLINE_MAX_BYTES, 32 KB): read in the request's own thread, the
    // slowest shapes of bench:worstcase at that size.
    xml('attribute run at the inline cap (32 KB)', '<Invoice><Note ' + Array.from({ length: 3300 }, (_, i) => `a${i}="1"`).join(' ') + '><cbc:ID>'),
    xml('namespace declarations at the inline cap (32 KB)', `<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" ${Array.from({ length: 1390 }, (_, i) => `xmlns:p${i}="urn:x:${i}"`).join(' ')}></Invoice>`),
    xml('huge numbers', ubl.replace(/(<cbc:PayableAmount[^>]*>)[^<]*/, `$1${'9'.repeat(100000)}.${'9'.repeat(100000)}`)),
    { name: 'broken PDF (junk)', body: Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(200000, 0x41)]), type: 'application/pdf' },
    { name: 'truncated Factur-X PDF', body: facturX.subarray(0, facturX.length >> 1), type: 'application/pdf' },
  ];
}

const percentile = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] : NaN);

interface PhaseFigures {
  liveness: number[];
  livenessFailures: number;
  hostileFinished: number;
  hostileUnfinished: number;
  normal: number[];
  cpuMs: number;
}

async function phase(base: string, headers: Record<string, string>, documents: Hostile[]): Promise<PhaseFigures> {
  const end = Date.now() + DURATION * 1000;
  const figures: PhaseFigures = { liveness: [], livenessFailures: 0, hostileFinished: 0, hostileUnfinished: 0, normal: [], cpuMs: 0 };
  const template = readFileSync(EXAMPLE, 'utf8');
  const stamp = Date.now().toString(36);
  let next = 0;
  const submit = async (body: Buffer, type: string) => {
    const response = await fetch(`${base}/api/v1/invoices?wait=true`, { method: 'POST', headers: { ...headers, 'content-type': type }, body });
    const detail = (await response.json()) as { status?: string };
    return response.status === 200 && FINAL.has(detail.status ?? '');
  };
  const hostile = async () => {
    while (Date.now() < end) {
      const document = documents[next++ % documents.length];
      if (await submit(document.body, document.type)) figures.hostileFinished++;
      else figures.hostileUnfinished++;
    }
  };
  const liveness = async () => {
    while (Date.now() < end) {
      const started = performance.now();
      const response = await fetch(`${base}/health/live`);
      await response.arrayBuffer();
      figures.liveness.push(performance.now() - started);
      if (response.status !== 200) figures.livenessFailures++;
    }
  };
  const normal = async () => {
    for (let n = 0; Date.now() < end; n++) {
      const started = performance.now();
      const body = Buffer.from(template.replace('<cbc:ID>2018210</cbc:ID>', `<cbc:ID>H-${stamp}-${n}</cbc:ID>`));
      if (await submit(body, 'application/xml')) figures.normal.push(performance.now() - started);
    }
  };
  const cpu = process.cpuUsage();
  await Promise.all([liveness(), normal(), ...Array.from({ length: CONNECTIONS }, hostile)]);
  const { user, system } = process.cpuUsage(cpu);
  figures.cpuMs = (user + system) / 1000;
  figures.liveness.sort((a, b) => a - b);
  figures.normal.sort((a, b) => a - b);
  return figures;
}

function lines(name: string, f: PhaseFigures): string[] {
  const ms = (v: number) => `${v.toFixed(1)} ms`;
  const documents = f.hostileFinished + f.hostileUnfinished + f.normal.length;
  return [
    `${name}:`,
    `  /health/live   ${f.liveness.length} answers, p50 ${ms(percentile(f.liveness, 0.5))}, p99 ${ms(percentile(f.liveness, 0.99))}, max ${ms(f.liveness[f.liveness.length - 1] ?? NaN)}, non-200 ${f.livenessFailures}`,
    `  hostile        ${f.hostileFinished} finished (final status), ${f.hostileUnfinished} not`,
    `  ordinary       ${f.normal.length} finished, p50 ${ms(percentile(f.normal, 0.5))}, p99 ${ms(percentile(f.normal, 0.99))}`,
    `  CPU            ${(f.cpuMs / Math.max(documents, 1)).toFixed(1)} ms per document (this process, worker threads included)`,
  ];
}

async function main(): Promise<void> {
  const { StageModule } = load<typeof import('../src/pipeline/catalogue/stage-module.decorator')>('pipeline/catalogue/stage-module.decorator');
  /** Always fails (a module fault), so the parse stage falls back to lenient-xml. */
  class FailingParse {
    async execute(): Promise<unknown> {
      throw new Error('strict parser unavailable (bench)');
    }
  }
  StageModule({ id: 'bench-failing-parse', name: 'Bench failing parse', version: '1.0.0', stage: 'parse', contract: { name: 'parse', version: '1.0.0' } })(FailingParse);
  class BenchModules {}
  Module({ providers: [FailingParse] })(BenchModules);

  // One operator activates the bench's configuration directly (no four-eyes change request).
  const app = await createBenchApp({ CHANGE_APPROVALS_REQUIRED: 0 }, { imports: [BenchModules] });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
  const token = await new SignJWT({ roles: ['admin'] }).setProtectedHeader({ alg: 'HS256' }).setSubject('bench').setExpirationTime('1h').sign(new TextEncoder().encode(BENCH_SECRET));
  const headers = { authorization: `Bearer ${token}`, 'x-tenant-id': 'default' };
  const documents = await hostileDocuments();

  const strict = await phase(base, headers, documents);
  const api = async (path: string, body?: unknown) => {
    const response = await fetch(`${base}/api/v1${path}`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body ?? {}) });
    return (await response.json()) as { config_id: string; state?: string };
  };
  const selections = [
    { stage_id: 'parse', module_id: 'bench-failing-parse' },
    { stage_id: 'validate', module_id: 'en16931' },
    { stage_id: 'duplicate-check', module_id: 'fingerprint' },
  ];
  const { config_id: configId } = await api('/configurations', { summary: 'hostile bench: lenient-xml reads everything', selections });
  await api(`/configurations/${configId}/validate`);
  const activated = await api(`/configurations/${configId}/activate`);
  if (activated.state !== 'activated') throw new Error(`bench configuration not activated: ${JSON.stringify(activated)}`);
  const lenient = await phase(base, headers, documents);
  const metrics = await (await fetch(`${base}/metrics`)).text();
  await app.close();

  const sum = (name: string) =>
    metrics
      .split('\n')
      .filter((l) => l.startsWith(name))
      .reduce((s, l) => s + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
  process.stdout.write(
    [
      `machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}, database ${process.env.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : 'embedded PGlite'}`,
      `${documents.length} hostile documents (${documents.map((d) => d.name).join('; ')}), ${CONNECTIONS} hostile connections + 1 ordinary + 1 liveness, ${DURATION} s per phase`,
      ...lines('phase 1, strict parse first', strict),
      ...lines('phase 2, lenient-xml reads every document', lenient),
      `worker tasks: ${sum('worker_task_duration_seconds_count')}, timeouts ${sum('worker_task_timeouts_total')}, threads terminated ${sum('worker_threads_terminated_total')}`,
      '',
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
