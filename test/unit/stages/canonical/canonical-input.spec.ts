/**
 * Caller mistakes in the parse and validate modules are InputFaults with safe messages and
 * findings; canonical JSON is judged by the EN 16931 business rules; the canonical model never
 * carries an invalid date or number.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { plainToInstance } from 'class-transformer';
import { InputFault } from '../../../../src/pipeline/catalogue/stage-fault';
import { canonicalFromJson } from '../../../../src/stages/canonical/from-json';
import { canonicalToModel } from '../../../../src/stages/canonical/to-model';
import { validateModel } from '../../../../src/einvoice';
import { EinvoiceXmlModule, EinvoiceXmlSettings } from '../../../../src/stages/parse/einvoice-xml.stage';
import { JsonCanonicalModule } from '../../../../src/stages/parse/json-canonical.stage';
import { En16931Module, En16931Settings } from '../../../../src/stages/validate/en16931.stage';
import type { ParseInput } from '../../../../src/pipeline/contracts';
import type { EngineClient } from '../../../../src/stages/engine/engine-client';
import type { WorkerPool } from '../../../../src/framework/workers';
import { engineOn, startWorkerPool } from '../../../support/worker-pool';
import { EXAMPLES } from '../../../support/paths';

/** The engine-backed modules run their engine calls on a real worker pool, as in the service. */
let pool: WorkerPool;
let engine: EngineClient;
beforeAll(async () => {
  ({ pool } = await startWorkerPool({ workerPoolSize: 1 }));
  engine = engineOn(pool);
  xmlModule = new EinvoiceXmlModule(engine);
});
afterAll(() => pool.stop());

const UBL = readFileSync(join(EXAMPLES, 'ubl', 'ubl-tc434-example1.xml'), 'utf8');
import { noTenantSettings, stageContext as ctx } from '../../../support/stages';
let xmlModule: EinvoiceXmlModule;
const xmlCtx = ctx(plainToInstance(EinvoiceXmlSettings, {}));

async function fault(work: () => Promise<unknown>): Promise<InputFault> {
  try {
    await work();
  } catch (error) {
    if (error instanceof InputFault) return error;
    throw error;
  }
  throw new Error('expected an InputFault');
}

const xml = (document: string): ParseInput => ({ document: Buffer.from(document), contentType: 'application/xml' });
const json = (document: unknown): ParseInput => ({ document: Buffer.from(typeof document === 'string' ? document : JSON.stringify(document)), contentType: 'application/json' });

describe('parse modules: input faults', () => {
  it('a document that is not well-formed is malformed, with the position as location', async () => {
    const f = await fault(() => xmlModule.execute(xml(UBL.replace('</Invoice>', '')), xmlCtx));
    expect(f.kind).toBe('malformed');
    expect(f.findings).toEqual([{ rule: 'MALFORMED_XML', message: f.message, location: expect.stringMatching(/^line \d+, column \d+$/) }]);
    expect(f.message).not.toMatch(/\n\s+at |node_modules|saxes/);
  });

  it('a DOCTYPE (XXE) and a document that is not an invoice are malformed', async () => {
    const xxe = await fault(() => xmlModule.execute(xml('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>'), xmlCtx));
    expect([xxe.kind, xxe.findings[0].rule]).toEqual(['malformed', 'DOCTYPE_FORBIDDEN']);
    const order = await fault(() => xmlModule.execute(xml('<Order xmlns="urn:oasis:names:specification:ubl:schema:xsd:Order-2"/>'), xmlCtx));
    expect([order.kind, order.findings[0].rule, order.findings[0].location]).toEqual(['malformed', 'UNSUPPORTED_SYNTAX', 'line 1, column 69']);
  });

  it('a media type the module does not read is unsupported_input', async () => {
    const jsonOff = await fault(() => xmlModule.execute(json({}), ctx(plainToInstance(EinvoiceXmlSettings, { accept_json: false }))));
    expect(jsonOff.kind).toBe('unsupported_input');
    const xmlToJson = await fault(() => new JsonCanonicalModule().execute(xml(UBL)));
    expect([xmlToJson.kind, xmlToJson.message]).toEqual(['unsupported_input', 'json-canonical reads application/json, not application/xml']);
  });

  it('JSON that is not canonical JSON is malformed with one finding per broken field', async () => {
    const notJson = await fault(() => new JsonCanonicalModule().execute(json('{"number": ')));
    expect([notJson.kind, notJson.message]).toEqual(['malformed', 'the document is not JSON']);
    expect((await fault(() => new JsonCanonicalModule().execute(json([])))).kind).toBe('malformed');

    const broken = await fault(() =>
      new JsonCanonicalModule().execute(
        json({
          number: 7,
          issue_date: '2019-02-30',
          currency: 'E UR',
          totals: { payable: 12.5, tax: '1e400', line_net: '12,50' },
          lines: [{ quantity: '1', net_amount: '10', vat_rate: '25' }, 'line'],
          sellr: {},
          syntax: 'PDF',
        }),
      ),
    );
    expect(broken.kind).toBe('malformed');
    expect(broken.findings.map((f) => [f.rule, f.location])).toEqual([
      ['CANONICAL-SCHEMA', 'sellr'],
      ['CANONICAL-SCHEMA', 'syntax'],
      ['CANONICAL-SCHEMA', 'number'],
      ['CANONICAL-DATATYPE', 'issue_date'],
      ['CANONICAL-DATATYPE', 'totals.line_net'],
      ['CANONICAL-DATATYPE', 'totals.tax'],
      ['CANONICAL-SCHEMA', 'totals.payable'],
      ['CANONICAL-SCHEMA', 'lines[1]'],
    ]);
    expect(broken.message).toBe('the canonical JSON invoice is not valid: sellr: is not a field of the canonical invoice (and 7 more)');
  });

  it('reads identifiers in the older string form as identifiers without scheme', () => {
    const invoice = canonicalFromJson(Buffer.from(JSON.stringify({ seller: { name: 'S', identifiers: ['123', { id: '456', scheme: '0088' }] } })));
    expect(invoice.seller.identifiers).toEqual([
      { id: '123', scheme: null },
      { id: '456', scheme: '0088' },
    ]);
  });
});

describe('XML with invalid datatypes', () => {
  it('parses, reports XSD-DATATYPE through en16931 and leaves the canonical date and amount null', async () => {
    const bad = UBL.replace('<cbc:IssueDate>2015-01-09</cbc:IssueDate>', '<cbc:IssueDate>2019-13-45</cbc:IssueDate>').replace(
      '<cbc:PayableAmount currencyID="EUR">250.33</cbc:PayableAmount>',
      '<cbc:PayableAmount currencyID="EUR">1e400</cbc:PayableAmount>',
    );
    const parsed = await xmlModule.execute(xml(bad), xmlCtx);
    expect(parsed.invoice.issue_date).toBeNull();
    expect(parsed.invoice.totals.payable).toBeNull();
    const report = await new En16931Module(engine, noTenantSettings()).execute({ invoice: parsed.invoice, parsed: parsed.parsed }, ctx(plainToInstance(En16931Settings, {})));
    expect(report.valid).toBe(false);
    expect(report.errors.filter((f) => f.rule === 'XSD-DATATYPE').map((f) => f.location)).toEqual(['/Invoice/cbc:IssueDate', '/Invoice/cac:LegalMonetaryTotal/cbc:PayableAmount']);
  });
});

describe('en16931 on canonical JSON', () => {
  const settings = ctx(plainToInstance(En16931Settings, {}));

  it('runs the business rules and points at canonical fields', async () => {
    const { invoice } = await new JsonCanonicalModule().execute(json({ number: 'INV-1', currency: 'E UR', lines: [{ id: '1', net_amount: '10.001' }] }));
    const report = await new En16931Module(engine, noTenantSettings()).execute({ invoice }, settings);
    expect([report.rule_set, report.syntax_binding, report.valid]).toEqual(['en16931', null, false]);
    const byRule = new Map(report.errors.map((f) => [f.rule, f.location]));
    expect(byRule.get('BR-03')).toBe('$');
    expect(byRule.get('BR-CL-04')).toBe('currency');
    expect(byRule.get('BR-22')).toBe('lines[0]');
    expect(byRule.get('BR-DEC-23')).toBe('lines[0].net_amount');
    expect([...byRule.keys()].filter((r) => /^(UBL|CII)-/.test(r))).toEqual([]);
  });

  it('never evaluates a rule that needs the XML tree', () => {
    const report = validateModel(canonicalToModel(canonicalFromJson(Buffer.from('{}'))));
    expect(report.ruleFailures).toEqual([]);
    expect(report.errors.map((f) => f.rule)).not.toContain('BR-CL-03');
  });

  it('leaves a partially extracted invoice to the fallback (a module fault, not an input fault)', async () => {
    const { invoice } = await new JsonCanonicalModule().execute(json({ number: 'INV-1' }));
    const error = await new En16931Module(engine, noTenantSettings()).execute({ invoice: { ...invoice, partial: true } }, settings).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(InputFault);
  });
});
