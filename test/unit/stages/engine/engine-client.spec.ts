import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AFRelationship, PDFDocument } from 'pdf-lib';
import { LimitExceededError, ParseError, parseDocumentAsync, validateInvoice } from '../../../../src/einvoice';
import { WorkerPoolError, WorkerTaskTimeoutError, type WorkerPool } from '../../../../src/framework/workers';
import type { MetricsService } from '../../../../src/framework/metrics';
import { InputFault } from '../../../../src/pipeline/catalogue/stage-fault';
import { canonicalFromModel } from '../../../../src/stages/canonical/from-model';
import type { EngineClient } from '../../../../src/stages/engine/engine-client';
import * as tasks from '../../../../src/stages/engine/engine-tasks';
import { EinvoiceXmlModule, EinvoiceXmlSettings } from '../../../../src/stages/parse/einvoice-xml.stage';
import { LenientXmlModule } from '../../../../src/stages/parse/lenient-xml.stage';
import { En16931Module, En16931Settings } from '../../../../src/stages/validate/en16931.stage';
import { engineOn, startWorkerPool, workerTaskCount } from '../../../support/worker-pool';
import { EXAMPLES } from '../../../support/paths';

import { noTenantSettings, stageContext as ctx } from '../../../support/stages';
const DOCUMENTS = ['ubl/ubl-tc434-example1.xml', 'cii/CII_example1.xml', 'bis-billing/CreditNote-Max_content.xml'];

async function facturX(xml: Buffer): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  pdf.addPage([595, 842]);
  await pdf.attach(xml, 'factur-x.xml', { mimeType: 'text/xml', afRelationship: AFRelationship.Alternative });
  return Buffer.from(await pdf.save());
}

describe.each([
  ['on worker threads', 0],
  ['in the calling thread for plain XML', 1 << 20],
])('the invoice engine %s', (_where, inlineMaxBytes) => {
  let pool: WorkerPool;
  let engine: EngineClient;

  beforeAll(async () => {
    ({ pool } = await startWorkerPool({ workerPoolSize: 1, workerTaskDeadlineMs: 20000 }));
    engine = engineOn(pool, inlineMaxBytes);
  });
  afterAll(() => pool.stop());

  it('parses and validates exactly as the engine does in-process (XML and Factur-X PDF)', async () => {
    for (const name of DOCUMENTS) {
      const xml = readFileSync(join(EXAMPLES, name));
      for (const document of [xml, await facturX(xml)]) {
        const local = await parseDocumentAsync(document);
        const { invoice, source } = await engine.parse(document);
        expect({ name, invoice }).toEqual({ name, invoice: canonicalFromModel(local.invoice) });
        expect(source.container).toBe(local.container);
        expect(Buffer.from(source.xml).equals(xml)).toBe(true);
        // The bytes travel to the worker as a moved copy: the caller's buffers stay whole.
        const before = Buffer.from(document);
        const report = validateInvoice(local);
        const strip = (f: { rule: string; message: string; location: string; businessTerm?: string }) => ({ rule: f.rule, message: f.message, location: f.location, business_term: f.businessTerm });
        expect(await engine.validate(source)).toEqual({
          valid: report.valid,
          ruleSet: report.ruleSet.id,
          ruleSetVersion: report.ruleSet.version,
          syntax: report.syntax,
          errors: report.errors.map(strip),
          warnings: report.warnings.map(strip),
        });
        expect(document.byteLength).toBe(before.byteLength);
        expect(document.equals(before)).toBe(true);
        expect(Buffer.from(source.xml).equals(xml)).toBe(true);
      }
    }
  });

  it('validate reuses the tree a parse read only for the very same bytes (same length, one code changed: judged on its own)', async () => {
    const a = readFileSync(join(EXAMPLES, 'ubl', 'ubl-tc434-example1.xml'));
    const b = Buffer.from(a.toString('utf8').replace('<cbc:DocumentCurrencyCode>EUR<', '<cbc:DocumentCurrencyCode>EUQ<'));
    expect(b.length).toBe(a.length);
    expect(b.equals(a)).toBe(false);
    const rules = (report: { errors: Array<{ rule: string }> }) => report.errors.map((f) => f.rule).sort();
    const { source } = await engine.parse(a);
    const judgedB = await engine.validate({ xml: b, container: 'xml' });
    expect(rules(judgedB)).toEqual(rules(validateInvoice(await parseDocumentAsync(b))));
    expect(rules(judgedB)).toContain('BR-CL-04');
    const judgedA = await engine.validate(source);
    expect(rules(judgedA)).toEqual(rules(validateInvoice(await parseDocumentAsync(a))));
    expect(rules(judgedA)).not.toContain('BR-CL-04');
  });

  it('report: parse and validate in one trip, as in-process; a junk PDF is a ParseError', async () => {
    const document = readFileSync(join(EXAMPLES, 'cii', 'CII_example1.xml'));
    const local = validateInvoice(await parseDocumentAsync(document));
    const strip = (f: { rule: string; message: string; location: string; businessTerm?: string }) => ({ rule: f.rule, message: f.message, location: f.location, business_term: f.businessTerm });
    expect(await engine.report(document)).toEqual({
      valid: local.valid,
      ruleSet: local.ruleSet.id,
      ruleSetVersion: local.ruleSet.version,
      syntax: 'CII',
      documentType: local.documentType,
      errors: local.errors.map(strip),
      warnings: local.warnings.map(strip),
    });
    const junk = await engine.report(Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(2000, 0x41)])).catch((e: unknown) => e);
    expect(junk).toBeInstanceOf(ParseError);
  });

  it('rebuilds engine errors as their classes, with line, column and code', async () => {
    const malformed = await engine.parse(Buffer.from('<Invoice>\n  <cbc:ID>1</Invoice>')).catch((e: unknown) => e);
    expect(malformed).toBeInstanceOf(ParseError);
    expect(malformed).toMatchObject({ name: 'ParseError', code: 'MALFORMED_XML', line: 2 });
    expect((malformed as Error).message).toMatch(/\(line 2, column \d+\)$/);
    expect((malformed as Error).message.match(/\(line/g)).toHaveLength(1);
    const deep = await engine.parse(Buffer.from('<a>'.repeat(100) + '</a>'.repeat(100))).catch((e: unknown) => e);
    expect(deep).toBeInstanceOf(LimitExceededError);
    expect(deep).toMatchObject({ limit: 'maxDepth', code: 'LIMIT_EXCEEDED' });
    const pdf = await engine.parse(Buffer.from('%PDF-1.7\n1 0 obj broken')).catch((e: unknown) => e);
    expect(pdf).toBeInstanceOf(ParseError);
  });

  it('the stage modules call the engine through the pool', async () => {
    const document = readFileSync(join(EXAMPLES, 'ubl', 'ubl-tc434-example1.xml'));
    const parsed = await new EinvoiceXmlModule(engine).execute({ document, contentType: 'application/xml' }, ctx(new EinvoiceXmlSettings()));
    expect(parsed.invoice).toMatchObject({ syntax: 'UBL', number: '12115118', partial: false });
    const report = await new En16931Module(engine, noTenantSettings()).execute({ invoice: parsed.invoice, parsed: parsed.parsed }, ctx(new En16931Settings()));
    expect(report).toMatchObject({ rule_set: 'en16931', valid: validateInvoice(await parseDocumentAsync(document)).valid });
  });

  it('lenient-xml: partial invoice from broken XML; the regex bomb is a clean "no invoice number" input fault', async () => {
    const lenient = new LenientXmlModule(engine);
    const broken = readFileSync(join(EXAMPLES, 'ubl', 'ubl-tc434-example1.xml'), 'utf8').replace('</Invoice>', '');
    const output = await lenient.execute({ document: Buffer.from(broken), contentType: 'application/xml' }, ctx({}));
    expect(output.invoice).toMatchObject({ number: '12115118', partial: true });
    const bomb = await lenient.execute({ document: Buffer.from('<Invoice>' + '<ID '.repeat(100000)), contentType: 'application/xml' }, ctx({})).catch((e: unknown) => e);
    expect(bomb).toBeInstanceOf(InputFault);
    expect(bomb).toMatchObject({ kind: 'malformed', message: 'no invoice number could be found in the document' });
    const json = await lenient.execute({ document: Buffer.from('{}'), contentType: 'application/json' }, ctx({})).catch((e: unknown) => e);
    expect(json).toMatchObject({ kind: 'unsupported_input' });
  });
});

describe('where the engine reads a document', () => {
  let pool: WorkerPool;
  let metrics: MetricsService;
  const xml = readFileSync(join(EXAMPLES, 'ubl', 'ubl-tc434-example1.xml'));

  beforeAll(async () => {
    ({ pool, metrics } = await startWorkerPool({ workerPoolSize: 1, workerTaskDeadlineMs: 20000 }));
  });
  afterAll(() => pool.stop());

  const counts = async (task: string) => ({ caller: await workerTaskCount(metrics, { task, thread: 'caller' }), worker: await workerTaskCount(metrics, { task, thread: 'worker' }) });
  /** What one call added, in a turn of the event loop of its own (the thread's budget is per turn: WORKER_CALLER_BUDGET_MS). */
  const grew = async (task: string, act: () => Promise<unknown>) => {
    await new Promise((resolve) => setImmediate(resolve));
    const before = await counts(task);
    await act();
    const after = await counts(task);
    return { caller: after.caller - before.caller, worker: after.worker - before.worker };
  };

  it('plain XML up to the cap in the calling thread; larger XML, any PDF and a caller that gave up on a worker thread', async () => {
    const atCap = engineOn(pool, xml.byteLength);
    const belowCap = engineOn(pool, xml.byteLength - 1);
    expect(await grew('parse', () => atCap.parse(xml))).toEqual({ caller: 1, worker: 0 });
    expect(await grew('parse', () => belowCap.parse(xml))).toEqual({ caller: 0, worker: 1 });
    expect(await grew('report', () => atCap.report(xml))).toEqual({ caller: 1, worker: 0 });
    expect(await grew('validate', () => atCap.validate({ xml, container: 'xml' }))).toEqual({ caller: 1, worker: 0 });
    expect(await grew('validate', () => belowCap.validate({ xml, container: 'xml' }))).toEqual({ caller: 0, worker: 1 });
    const pdf = await facturX(xml);
    expect(await grew('parse', () => engineOn(pool, 1 << 20).parse(pdf))).toEqual({ caller: 0, worker: 1 });
    // Lenient extraction reads what the strict reader refused: always on a thread.
    expect(await grew('lenient', () => atCap.lenient(xml, false))).toEqual({ caller: 0, worker: 1 });
    // Given up: the pool refuses it as a timeout, as it would any aborted task.
    const aborted = await atCap.parse(xml, AbortSignal.abort()).catch((e: unknown) => e);
    expect(aborted).toBeInstanceOf(WorkerTaskTimeoutError);
    // 0: every document on a thread.
    expect(await grew('parse', () => engineOn(pool, 0).parse(xml))).toEqual({ caller: 0, worker: 1 });
  });

  it('answers in the calling thread exactly as on a worker thread, engine errors included', async () => {
    const here = engineOn(pool, 1 << 20);
    const there = engineOn(pool, 0);
    for (const name of DOCUMENTS) {
      const document = readFileSync(join(EXAMPLES, name));
      const [a, b] = [await here.parse(document), await there.parse(document)];
      expect(JSON.stringify(a.invoice)).toBe(JSON.stringify(b.invoice));
      expect(JSON.stringify(await here.validate({ ...a.source }))).toBe(JSON.stringify(await there.validate({ ...b.source })));
      expect(JSON.stringify(await here.report(document))).toBe(JSON.stringify(await there.report(document)));
    }
    const malformed = Buffer.from('<Invoice>\n  <cbc:ID>1</Invoice>');
    const [e1, e2] = [await here.parse(malformed).catch((e: unknown) => e), await there.parse(malformed).catch((e: unknown) => e)];
    expect(e1).toBeInstanceOf(ParseError);
    expect({ ...(e1 as object), message: (e1 as Error).message }).toEqual({ ...(e2 as object), message: (e2 as Error).message });
  });

  it('once the thread has spent its budget in this turn of the event loop, further documents go to a worker thread', async () => {
    const { pool: tight, metrics: tightMetrics } = await startWorkerPool({ workerPoolSize: 1, workerTaskDeadlineMs: 20000, workerCallerBudgetMs: 1 });
    try {
      const engine = engineOn(tight, 1 << 20);
      const where = async () => ({ caller: await workerTaskCount(tightMetrics, { task: 'parse', thread: 'caller' }), worker: await workerTaskCount(tightMetrics, { task: 'parse', thread: 'worker' }) });
      // Warm, so that the first read below is a known length of time.
      await engine.parse(xml);
      await new Promise((resolve) => setImmediate(resolve));
      const before = await where();
      // Three documents in one turn: the first in the thread, then its 1 ms is spent.
      await tight.runHere({ filename: 'hold', name: 'hold' }, () => {
        const until = performance.now() + 2;
        while (performance.now() < until);
      }, undefined);
      const inTurn = await Promise.all([engine.parse(xml), engine.parse(xml)]);
      expect(inTurn).toHaveLength(2);
      const after = await where();
      expect({ caller: after.caller - before.caller, worker: after.worker - before.worker }).toEqual({ caller: 0, worker: 2 });
      // The next turn has its budget again.
      await new Promise((resolve) => setImmediate(resolve));
      await engine.parse(xml);
      expect((await where()).caller).toBe(after.caller + 1);
    } finally {
      await tight.stop();
    }
  });

  it('a task function that throws in the calling thread is a pool failure (a module fault), as in a worker thread', async () => {
    const failing = await pool.runHere({ filename: 'engine-tasks', name: 'validateJson' }, tasks.validateJson, { invoice: null as never, includeWarnings: false }).catch((e: unknown) => e);
    expect(failing).toBeInstanceOf(WorkerPoolError);
    expect(await workerTaskCount(metrics, { task: 'validateJson', thread: 'caller', outcome: 'error' })).toBe(1);
  });
});
