/**
 * Robustness: truncated, byte-flipped and element-pruned versions of every
 * example yield either a ParseError or a report - never another exception.
 * A hang would fail on Jest's timeout; how long the worst mutation takes is
 * measured by `npm run bench:einvoice`, not asserted here. Seeded, so reproducible.
 */
import { readFileSync } from 'node:fs';
import { ParseError, parseDocument, parseTree, validateDocument, validateInvoice, type XmlElement } from '../../../src/einvoice';
import { exampleFiles } from '../../support/corpus';
import { mutationsOf } from '../../support/hostile-input';

type Outcome = 'report' | 'parse-error';

function outcome(bytes: Buffer): Outcome {
  try {
    const report = validateDocument(bytes);
    expect(typeof report.valid).toBe('boolean');
    expect(report.ruleFailures).toEqual([]);
    return 'report';
  } catch (e) {
    if (!(e instanceof ParseError)) throw e;
    return 'parse-error';
  }
}

const examples = exampleFiles();
const MUTATIONS_PER_KIND = 12;

describe('mutation safety', () => {
  it.each(examples.map((e, i) => [e.name, e.file, i] as const))('truncations and byte flips of %s give a ParseError or a report', (_name, file, i) => {
    const truncations = new Set<Outcome>();
    for (const m of mutationsOf(readFileSync(file), 0x5eed + i, MUTATIONS_PER_KIND)) {
      const kind = outcome(m.bytes);
      if (m.kind === 'truncation') truncations.add(kind);
    }
    expect(truncations.has('parse-error')).toBe(true); // truncations must be detected
  });

  it.each(examples.map((e) => [e.name, e.file] as const))('%s with any single element removed still gives a report', (_name, file) => {
    const doc = parseDocument(readFileSync(file));
    const all: XmlElement[] = [];
    const stack = [...doc.root.children];
    while (stack.length > 0) {
      const el = stack.pop() as XmlElement;
      all.push(el);
      stack.push(...el.children);
    }
    let invalidated = 0;
    for (const el of all) {
      const siblings = (el.parent as XmlElement).children;
      const at = siblings.indexOf(el);
      siblings.splice(at, 1);
      try {
        const report = validateInvoice(parseTree(doc.root));
        expect(report.ruleFailures).toEqual([]);
        if (!report.valid || report.warnings.length > 0) invalidated++;
      } finally {
        siblings.splice(at, 0, el);
      }
    }
    expect(all.length).toBeGreaterThan(10);
    // Removing mandatory elements must be noticed somewhere.
    expect(invalidated).toBeGreaterThan(0);
  });
});
