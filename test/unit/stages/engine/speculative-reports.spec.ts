import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AFRelationship, PDFDocument } from 'pdf-lib';
import { RULE_SET_IDS, type RuleSetId } from '../../../../src/einvoice';
import { type WorkerPool, WorkerTaskTimeoutError } from '../../../../src/framework/workers';
import type { XmlSource } from '../../../../src/pipeline/contracts';
import type { EngineClient } from '../../../../src/stages/engine/engine-client';
import type { ValidateTaskOutput } from '../../../../src/stages/engine/engine-results';
import { SpeculativeReports } from '../../../../src/stages/engine/speculative-reports';
import { EinvoiceXmlModule, EinvoiceXmlSettings } from '../../../../src/stages/parse/einvoice-xml.stage';
import { En16931Module, En16931Settings } from '../../../../src/stages/validate/en16931.stage';
import { XRechnungModule, XRechnungSettings } from '../../../../src/stages/validate/xrechnung.stage';
import { noTenantSettings, stageContext as ctx } from '../../../support/stages';
import { CONFORMANCE_DIR, EXAMPLES } from '../../../support/paths';
import { engineOn, startWorkerPool } from '../../../support/worker-pool';

const XRECHNUNG = join(CONFORMANCE_DIR, '..', 'xrechnung', 'business-cases');
/** en16931 (UBL, CII), peppol-bis3, xrechnung (CII) and xrechnung-extension claims; one with errors (an unknown currency). */
const tc434 = readFileSync(join(EXAMPLES, 'ubl', 'ubl-tc434-example1.xml'));
const DOCUMENTS: Array<[string, Buffer]> = [
  ['ubl-tc434-example1', tc434],
  ['CII_example1', readFileSync(join(EXAMPLES, 'cii', 'CII_example1.xml'))],
  ['Invoice-Max_content (peppol)', readFileSync(join(EXAMPLES, 'bis-billing', 'Invoice-Max_content.xml'))],
  ['01.01a uncefact (xrechnung)', readFileSync(join(XRECHNUNG, 'standard', '01.01a-INVOICE_uncefact.xml'))],
  ['04.01a ubl (xrechnung extension)', readFileSync(join(XRECHNUNG, 'extension', '04.01a-INVOICE_ubl.xml'))],
  ['tc434 with currency EUQ', Buffer.from(tc434.toString('utf8').replace('<cbc:DocumentCurrencyCode>EUR<', '<cbc:DocumentCurrencyCode>EUQ<'))],
];

async function facturX(xml: Buffer): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  pdf.addPage([595, 842]);
  await pdf.attach(xml, 'factur-x.xml', { mimeType: 'text/xml', afRelationship: AFRelationship.Alternative });
  return Buffer.from(await pdf.save());
}

describe('validation reports made in the parse trip', () => {
  let pool: WorkerPool;
  let engine: EngineClient;
  let trips: jest.SpyInstance;
  const validateTrips = () => trips.mock.calls.filter(([task]) => (task as { name: string }).name === 'validate').length;

  beforeAll(async () => {
    ({ pool } = await startWorkerPool({ workerPoolSize: 1, workerTaskDeadlineMs: 20000 }));
    trips = jest.spyOn(pool, 'run');
  });
  beforeEach(() => {
    // Every document to a worker thread: the trips counted are the pool's.
    engine = engineOn(pool, 0);
    trips.mockClear();
  });
  afterAll(() => pool.stop());

  it('answer byte for byte what the validate trip answers, for every rule set, XML and Factur-X, and make no validate trip', async () => {
    let compared = 0;
    for (const [name, xml] of DOCUMENTS) {
      for (const document of [xml, await facturX(xml)]) {
        for (const ruleSet of [undefined, ...RULE_SET_IDS]) {
          // The key's first validate call teaches the client which rule set its validate asks for.
          const key = `${name}/${document.length}/${ruleSet ?? 'claimed'}`;
          await engine.validate((await engine.parse(document, undefined, key)).source, undefined, ruleSet);
          const { source } = await engine.parse(document, undefined, key);
          const before = validateTrips();
          const made = await engine.validate(source, undefined, ruleSet);
          expect({ name, ruleSet, trips: validateTrips() - before }).toEqual({ name, ruleSet, trips: 0 });
          // The same XML as another object: no report for it, the validate trip judges it.
          const tripped = await engine.validate({ ...source }, undefined, ruleSet);
          expect(validateTrips() - before).toBe(1);
          expect({ name, ruleSet, report: JSON.stringify(made) }).toEqual({ name, ruleSet, report: JSON.stringify(tripped) });
          compared++;
        }
      }
    }
    expect(compared).toBe(DOCUMENTS.length * 2 * 5);
  });

  it('a report is used once, for the identical source object and the rule set it was made by; any other makes the trip', async () => {
    const peppol = DOCUMENTS[2][1];
    // Nothing learnt yet: the parse trip makes no report (no guess by the claim), validate makes its trip.
    const first = await engine.parse(peppol, undefined, 't');
    const judged = await engine.validate(first.source, undefined, 'en16931');
    expect(validateTrips()).toBe(1);
    expect(judged.ruleSet).toBe('en16931');
    expect(JSON.stringify(judged)).toBe(JSON.stringify(await engine.validate({ ...first.source }, undefined, 'en16931')));
    expect(validateTrips()).toBe(2);
    // Learnt: en16931 for tenant t's peppol documents.
    const second = await engine.parse(peppol, undefined, 't');
    expect(await engine.validate(second.source, undefined, 'en16931')).toEqual(judged);
    expect(validateTrips()).toBe(2);
    // Used once: the same source again makes the trip (e.g. a retried validate).
    expect(await engine.validate(second.source, undefined, 'en16931')).toEqual(judged);
    expect(validateTrips()).toBe(3);
    // Another rule set than the report's: the trip.
    const third = await engine.parse(peppol, undefined, 't');
    expect((await engine.validate(third.source, undefined, 'peppol-bis3')).ruleSet).toBe('peppol-bis3');
    expect(validateTrips()).toBe(4);
    // A caller that has given up gets the trip's answer (a timeout), not the report.
    const given = await engine.parse(peppol, undefined, 't');
    const aborted = await engine.validate(given.source, AbortSignal.abort(), 'en16931').catch((e: unknown) => e);
    expect(aborted).toBeInstanceOf(WorkerTaskTimeoutError);
    expect(validateTrips()).toBe(5);
    // Another tenant learnt nothing from t: its parse made no report (t's en16931 is not u's choice).
    const other = await engine.parse(peppol, undefined, 'u');
    await engine.validate(other.source, undefined, 'en16931');
    expect(validateTrips()).toBe(6);
  });

  it('the stage modules: a tenant on en16931 (peppol documents) and one on xrechnung (extension documents) need one validate trip each, then none', async () => {
    const parse = new EinvoiceXmlModule(engine);
    const en16931 = new En16931Module(engine, noTenantSettings());
    const xrechnung = new XRechnungModule(engine, noTenantSettings());
    const run = async (tenantId: string, document: Buffer, validate: En16931Module | XRechnungModule) => {
      const parsed = await parse.execute({ document, contentType: 'application/xml' }, { ...ctx(new EinvoiceXmlSettings()), tenantId });
      return validate.execute({ invoice: parsed.invoice, parsed: parsed.parsed }, { ...ctx(validate instanceof En16931Module ? new En16931Settings() : new XRechnungSettings()), tenantId });
    };
    const reports = [];
    for (let i = 0; i < 3; i++) {
      reports.push(await run('a', DOCUMENTS[2][1], en16931));
      reports.push(await run('b', DOCUMENTS[4][1], xrechnung));
    }
    // The first invoice of each tenant teaches its rule set (a trip each); the next ones need none.
    expect(validateTrips()).toBe(2);
    expect(reports.map((r) => r.rule_set)).toEqual(['en16931', 'xrechnung-extension', 'en16931', 'xrechnung-extension', 'en16931', 'xrechnung-extension']);
    expect(reports[2]).toEqual(reports[0]);
    expect(reports[5]).toEqual(reports[1]);
  });
});

describe('SpeculativeReports', () => {
  const source = (): XmlSource => ({ xml: Buffer.from('<Invoice/>'), container: 'xml' });
  const report = (ruleSet: RuleSetId): ValidateTaskOutput => ({ valid: true, ruleSet, ruleSetVersion: '1', syntax: 'UBL', errors: [], warnings: [] });

  it('plans by what the key last asked for, per claimed rule set; stops after 256 reports nobody asked for, until one is asked for', () => {
    const reports = new SpeculativeReports();
    expect(reports.plan('t')).toEqual({});
    const a = source();
    reports.keep('t', a, 'xrechnung', report('xrechnung'));
    expect(reports.take(a, 'xrechnung')).toEqual(report('xrechnung'));
    const b = source();
    reports.keep('t', b, 'peppol-bis3', report('peppol-bis3'));
    expect(reports.take(b, 'en16931')).toBeUndefined();
    expect(reports.plan('t')).toEqual({ xrechnung: 'xrechnung', 'peppol-bis3': 'en16931' });
    expect(reports.plan('u')).toEqual({});
    for (let i = 0; i < 256; i++) reports.keep('t', source(), 'en16931', report('en16931'));
    expect(reports.plan('t')).toBe(false);
    // Parses without a report still let a validate call turn it back on.
    const c = source();
    reports.keep('t', c, 'en16931', undefined);
    expect(reports.take(c, 'en16931')).toBeUndefined();
    expect(reports.plan('t')).toEqual({ xrechnung: 'xrechnung', 'peppol-bis3': 'en16931', en16931: 'en16931' });
  });

  it('a rule set the claim names is what a validate without one asks for', () => {
    const reports = new SpeculativeReports();
    const a = source();
    reports.keep('', a, 'peppol-bis3', report('peppol-bis3'));
    expect(reports.take(a, undefined)).toEqual(report('peppol-bis3'));
    expect(reports.take(a, undefined)).toBeUndefined();
  });
});
