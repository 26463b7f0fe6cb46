/**
 * Robustness: truncated, byte-flipped and element-pruned versions of every
 * example yield either a ParseError or a report - never another exception,
 * never a hang - and each run stays under 100 ms (fastest of up to three tries). Seeded, so reproducible.
 */
import { readFileSync } from 'node:fs';
import { ParseError, parseDocument, parseTree, validateDocument, validateInvoice, type XmlElement } from '../../../src/einvoice';
import { exampleFiles } from './support/corpus';
import { fastestMs } from './support/timing';

/** mulberry32: tiny deterministic PRNG. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Outcome = 'report' | 'parse-error';

const BOUND_MS = 100;

function outcome(bytes: Buffer): { kind: Outcome; ms: number } {
  let kind: Outcome = 'report';
  const ms = fastestMs(() => {
    try {
      const report = validateDocument(bytes);
      expect(typeof report.valid).toBe('boolean');
      expect(report.ruleFailures).toEqual([]);
      kind = 'report';
    } catch (e) {
      if (!(e instanceof ParseError)) throw e;
      kind = 'parse-error';
    }
  }, BOUND_MS);
  return { kind, ms };
}

const examples = exampleFiles();
const MUTATIONS_PER_KIND = 12;

describe('mutation safety', () => {
  it.each(examples.map((e, i) => [e.name, e.file, i] as const))('truncations and byte flips of %s give a ParseError or a report', (_name, file, i) => {
    const original = readFileSync(file);
    const rand = prng(0x5eed + i);
    const kinds = new Set<Outcome>();
    let slowest = 0;
    for (let m = 0; m < MUTATIONS_PER_KIND; m++) {
      const cut = Math.floor(rand() * original.length);
      const t = outcome(original.subarray(0, cut));
      kinds.add(t.kind);
      slowest = Math.max(slowest, t.ms);

      const flipped = Buffer.from(original);
      const flips = 1 + Math.floor(rand() * 4);
      for (let f = 0; f < flips; f++) flipped[Math.floor(rand() * flipped.length)] ^= 1 << Math.floor(rand() * 8);
      const b = outcome(flipped);
      kinds.add(b.kind);
      slowest = Math.max(slowest, b.ms);
    }
    expect(kinds.has('parse-error')).toBe(true); // truncations must be detected
    expect(slowest).toBeLessThan(BOUND_MS);
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
    let slowest = 0;
    let invalidated = 0;
    for (const el of all) {
      const siblings = (el.parent as XmlElement).children;
      const at = siblings.indexOf(el);
      siblings.splice(at, 1);
      try {
        let report: ReturnType<typeof validateInvoice> | undefined;
        slowest = Math.max(slowest, fastestMs(() => (report = validateInvoice(parseTree(doc.root))), BOUND_MS));
        if (!report) throw new Error('validateInvoice did not run');
        expect(report.ruleFailures).toEqual([]);
        if (!report.valid || report.warnings.length > 0) invalidated++;
      } finally {
        siblings.splice(at, 0, el);
      }
    }
    expect(all.length).toBeGreaterThan(10);
    // Removing mandatory elements must be noticed somewhere.
    expect(invalidated).toBeGreaterThan(0);
    expect(slowest).toBeLessThan(BOUND_MS);
  });
});
