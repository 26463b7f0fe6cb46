/**
 * Canonical JSON is a first-class input: an XML invoice read to canonical JSON (exactly as the
 * parse stage stores it) and submitted back as JSON gets the same en16931 verdict as the XML,
 * i.e. the same `valid` flag and the same business rules fired. Syntax-binding rules (UBL-*,
 * CII-*) and BR-CL-03 (currencyID attributes) concern the XML serialisation and are not part of
 * a JSON verdict, so they are left out of the comparison.
 */
import { readFileSync } from 'node:fs';
import { plainToInstance } from 'class-transformer';
import { EinvoiceXmlModule, EinvoiceXmlSettings } from '../../../../src/stages/parse/einvoice-xml.stage';
import { JsonCanonicalModule } from '../../../../src/stages/parse/json-canonical.stage';
import { En16931Module, En16931Settings } from '../../../../src/stages/validate/en16931.stage';
import type { ValidationOutput } from '../../../../src/pipeline/contracts';
import { parseDocumentAsync, parseTree, ParseError } from '../../../../src/einvoice';
import { canonicalFromJson } from '../../../../src/stages/canonical/from-json';
import { canonicalFromModel } from '../../../../src/stages/canonical/from-model';
import { exampleFiles, unitCases } from '../../../support/corpus';
import { mutationsOf } from '../../../support/hostile-input';
import type { EngineClient } from '../../../../src/stages/engine/engine-client';
import type { WorkerPool } from '../../../../src/framework/workers';
import { engineOn, startWorkerPool } from '../../../support/worker-pool';

/** The engine-backed modules run their engine calls on a real worker pool, as in the service. */
let pool: WorkerPool;
let engine: EngineClient;
beforeAll(async () => {
  ({ pool } = await startWorkerPool({ workerPoolSize: 1 }));
  engine = engineOn(pool);
});
afterAll(() => pool.stop());

import { noTenantSettings, stageContext as ctx } from '../../../support/stages';
const parseCtx = ctx(plainToInstance(EinvoiceXmlSettings, {}));
const validateCtx = ctx(plainToInstance(En16931Settings, {}));

const SYNTAX_RULE = /^(UBL|CII)-|^BR-CL-03$/;
const ids = (findings: ValidationOutput['errors']): string[] => [...new Set(findings.map((f) => f.rule).filter((r) => !SYNTAX_RULE.test(r)))].sort();
const businessRules = (report: ValidationOutput): string[] => [...ids(report.errors), ...ids(report.warnings)];
const verdict = (report: ValidationOutput) => ({ valid: report.valid, errors: ids(report.errors), warnings: ids(report.warnings) });

/** Mutations that break business rules, so the comparison also covers invalid invoices. */
const MUTATIONS: Array<[string, (xml: string) => string]> = [
  ['as is', (xml) => xml],
  // BT-115 no longer matches the totals (BR-CO-16).
  ['amount due changed', (xml) => xml.replace(/(<(?:cbc:PayableAmount|ram:DuePayableAmount)\b[^>]*>)\s*([-\d.]+)/, (_, tag: string, n: string) => `${tag}${n}9`)],
  // An unknown country code (BR-CL-14) on the first address.
  ['country code unknown', (xml) => xml.replace(/(<(?:cbc:IdentificationCode|ram:CountryID)\b[^>]*>)[^<]*/, '$1XX')],
  // The first line loses its net amount (BR-24, BR-CO-10 ...).
  ['line net amount removed', (xml) => xml.replace(/<(cbc:LineExtensionAmount|ram:LineTotalAmount)\b[^>]*>[^<]*<\/\1>/g, (m, _t, offset: number, all: string) => (offset > all.search(/<(cac:InvoiceLine|cac:CreditNoteLine|ram:IncludedSupplyChainTradeLineItem)\b/) ? '' : m))],
];

async function verdicts(xml: string): Promise<{ xml: ValidationOutput; json: ValidationOutput; stored: string }> {
  const parsed = await new EinvoiceXmlModule(engine).execute({ document: Buffer.from(xml), contentType: 'application/xml' }, parseCtx);
  const stored = JSON.stringify(parsed.invoice);
  const fromJson = await new JsonCanonicalModule().execute({ document: Buffer.from(stored), contentType: 'application/json' });
  const en16931 = new En16931Module(engine, noTenantSettings());
  return {
    xml: await en16931.execute({ invoice: parsed.invoice, parsed: parsed.parsed }, validateCtx),
    json: await en16931.execute({ invoice: fromJson.invoice }, validateCtx),
    stored,
  };
}

describe('canonical JSON read back from XML gets the XML verdict', () => {
  const cases = exampleFiles().flatMap((e) => MUTATIONS.map(([mutation, mutate]) => [e.name, mutation, e.file, mutate] as const));

  it.each(cases)('%s (%s)', async (_name, mutation, file, mutate) => {
    const xml = mutate(readFileSync(file, 'utf8'));
    const { xml: fromXml, json: fromJson, stored } = await verdicts(xml);
    expect(fromJson.rule_set).toBe('en16931');
    expect(fromJson.syntax_binding).toBeNull();
    expect(fromXml.syntax_binding).toMatch(/^(UBL|CII)$/);
    expect(verdict(fromJson)).toEqual(verdict(fromXml));
    if (mutation === 'as is') expect(fromXml.valid).toBe(true);
    else expect(businessRules(fromXml).length).toBeGreaterThan(0);
    // The JSON findings point at canonical fields the caller can find in what it sent.
    for (const f of fromJson.errors) expect(f.location === '$' || /^[a-z_]+(\[\d+\])?(\.[a-z_0-9]+(\[\d+\])?)*$/.test(f.location ?? '')).toBe(true);
    expect(JSON.parse(stored)).toMatchObject({ syntax: fromXml.syntax_binding });
  });
});

describe('whatever the parse stage stores reads back as canonical JSON', () => {
  // The reader refuses invalid dates and numbers, so this also shows the stored canonical invoice
  // never carries one, even from deliberately broken documents.
  it('for every official unit-test fragment', () => {
    const cases = unitCases();
    expect(cases.length).toBeGreaterThan(900);
    for (const c of cases) {
      const stored = JSON.stringify(canonicalFromModel(parseTree(c.document).invoice));
      expect(() => canonicalFromJson(Buffer.from(stored))).not.toThrow();
    }
  });

  it('for the seeded bit flips of every example that still parse', async () => {
    let parsed = 0;
    let outsideDatatype = 0;
    for (const e of exampleFiles()) {
      for (const m of mutationsOf(readFileSync(e.file), 15, 8).filter((x) => x.kind === 'bit-flips')) {
        let stored: string;
        try {
          // In this thread, as the parse stage's worker task reads it (engine-tasks.ts).
          const document = await parseDocumentAsync(m.bytes);
          if (document.datatypeFindings.length > 0) outsideDatatype++;
          stored = JSON.stringify(canonicalFromModel(document.invoice));
        } catch (error) {
          // A document the engine refuses is a ParseError (the parse stage's input fault), never anything else.
          expect(error).toBeInstanceOf(ParseError);
          continue;
        }
        parsed++;
        expect(() => canonicalFromJson(Buffer.from(stored))).not.toThrow();
      }
    }
    expect(parsed).toBeGreaterThan(60);
    expect(outsideDatatype).toBeGreaterThan(0);
  });
});
