/** Loads the official EN 16931 conformance corpus (examples and rule-level unit tests). */
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseTree, readXml, validateInvoice, type RuleSetId, type XmlElement } from '../../src/einvoice';

import { CONFORMANCE_DIR, PEPPOL_DIR } from './paths';

export const CORPUS_DIR = CONFORMANCE_DIR;
const VEFA_NS = 'http://difi.no/xsd/vefa/validator/1.0';

export interface ExampleFile {
  /** Path relative to the corpus, as expected.json names it. */
  name: string;
  file: string;
}

export function exampleFiles(): ExampleFile[] {
  const out: ExampleFile[] = [];
  for (const dir of ['ubl', 'cii', 'bis-billing']) {
    for (const f of readdirSync(path.join(CORPUS_DIR, 'examples', dir)).sort()) {
      if (/\.xml$/i.test(f)) out.push({ name: `examples/${dir}/${f}`, file: path.join(CORPUS_DIR, 'examples', dir, f) });
    }
  }
  return out;
}

export type Expectation = 'success' | 'error' | 'warning';

export interface UnitCase {
  file: string;
  index: number;
  rule: string;
  expect: Expectation;
  description: string;
  document: XmlElement;
}

function kids(el: XmlElement, local: string): XmlElement[] {
  return el.children.filter((c) => c.local === local && c.ns === VEFA_NS);
}

/** Every <test> of every testSet file, with its document subtree. */
export function unitCases(): UnitCase[] {
  const files: string[] = [];
  const ublDir = path.join(CORPUS_DIR, 'ubl-unit', 'Invoice');
  for (const f of readdirSync(ublDir).sort()) files.push(path.join(ublDir, f));
  const ciiDir = path.join(CORPUS_DIR, 'cii-unit');
  for (const f of readdirSync(ciiDir).sort()) files.push(path.join(ciiDir, f));
  return testSetCases(files, CORPUS_DIR);
}

/** The Peppol BIS Billing 3 rule-level unit tests (unit-UBL-PEPPOL, unit-CII-PEPPOL), in the same testSet format. */
export function peppolUnitCases(): UnitCase[] {
  const files: string[] = [];
  for (const dir of ['unit-UBL-PEPPOL', 'unit-CII-PEPPOL']) {
    // Every test file, whatever its extension (one is named '.xm').
    for (const f of readdirSync(path.join(PEPPOL_DIR, dir)).sort()) files.push(path.join(PEPPOL_DIR, dir, f));
  }
  return testSetCases(files, PEPPOL_DIR);
}

function testSetCases(files: readonly string[], base: string): UnitCase[] {
  const out: UnitCase[] = [];
  for (const file of files) {
    const root = readXml(readFileSync(file));
    kids(root, 'test').forEach((test, index) => {
      const assert = kids(test, 'assert')[0];
      const verdict = assert.children.find((c) => c.local === 'success' || c.local === 'error' || c.local === 'warning');
      const document = test.children.find((c) => c.ns !== VEFA_NS);
      if (!verdict || !document) throw new Error(`malformed test ${file}#${index}`);
      out.push({
        file: path.relative(base, file),
        index,
        rule: verdict.text.trim(),
        expect: verdict.local as Expectation,
        description: kids(assert, 'description')[0]?.text.trim().replace(/\s+/g, ' ') ?? '',
        document,
      });
    });
  }
  return out;
}

/** The engine's verdict for one rule on a document fragment, judged by a rule set (EN 16931 by default). */
export function verdictFor(doc: XmlElement, rule: string, ruleSet: RuleSetId = 'en16931'): Expectation {
  const report = validateInvoice(parseTree(doc), { ruleSet });
  if (report.errors.some((e) => e.rule === rule)) return 'error';
  if (report.warnings.some((e) => e.rule === rule)) return 'warning';
  return 'success';
}
