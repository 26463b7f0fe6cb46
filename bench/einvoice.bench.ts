/**
 * Invoice engine benchmark: parse + validate every example document of the
 * conformance corpus on one core; prints median / p99 per document and
 * documents per second. Then hostile input: how long an XXE and a billion-laughs
 * document take to be refused, and the slowest truncated or bit-flipped example
 * (the seeded mutations of test/unit/einvoice/mutation.spec.ts).
 * Run with `npm run bench:einvoice`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ParseError, validateDocument } from '../src/einvoice';
import { billionLaughsLines, mutationsOf } from '../test/support/hostile-input';

const CORPUS = path.resolve(__dirname, '..', '..', 'shared', 'conformance', 'en16931', 'examples');
const TARGET_MS = 200; // measuring time per document
const MIN_RUNS = 30;

interface Row {
  file: string;
  kb: number;
  runs: number;
  median: number;
  p99: number;
  perSecond: number;
}

function percentile(sorted: number[], p: number): number {
  const idx = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, idx)];
}

function measure(file: string): Row {
  const bytes = readFileSync(file);
  // Warm up the JIT so the figures describe steady state.
  for (let i = 0; i < 200 && i * bytes.length < 50_000_000; i++) validateDocument(bytes);
  const samples: number[] = [];
  const start = process.hrtime.bigint();
  while (samples.length < MIN_RUNS || Number(process.hrtime.bigint() - start) / 1e6 < TARGET_MS) {
    const t0 = process.hrtime.bigint();
    validateDocument(bytes);
    samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
    if (samples.length >= 20000) break;
  }
  samples.sort((a, b) => a - b);
  const median = percentile(samples, 50);
  return { file: path.relative(CORPUS, file), kb: bytes.length / 1024, runs: samples.length, median, p99: percentile(samples, 99), perSecond: 1000 / median };
}

/** Fastest of `runs` wall-clock runs of `work`, in ms: the cost of the input, not of a GC pause. */
function fastestMs(work: () => void, runs = 5): number {
  let fastest = Infinity;
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    work();
    fastest = Math.min(fastest, Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return fastest;
}

/** Runs `validateDocument`, expecting either a report or a ParseError (anything else is a bug). */
function refusedOrReported(bytes: Buffer | string): void {
  try {
    validateDocument(bytes);
  } catch (e) {
    if (!(e instanceof ParseError)) throw e;
  }
}

const XXE = `<?xml version="1.0"?>
<!DOCTYPE Invoice [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
         xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"><cbc:ID>&xxe;</cbc:ID></Invoice>`;

/** Same seeds and count as mutation.spec.ts, so the inputs are the ones the test checks. */
const MUTATIONS_PER_KIND = 12;
const REFUSAL_TARGET_MS = 50;
const MUTATION_TARGET_MS = 100;

function hostileLines(files: string[]): string[] {
  const laughs = billionLaughsLines().join('\n');
  const xxeMs = fastestMs(() => refusedOrReported(XXE));
  const laughsMs = fastestMs(() => refusedOrReported(laughs));
  let slowest = { ms: 0, file: '', kind: '' };
  let count = 0;
  files.forEach((file, i) => {
    for (const m of mutationsOf(readFileSync(file), 0x5eed + i, MUTATIONS_PER_KIND)) {
      const ms = fastestMs(() => refusedOrReported(m.bytes), 3);
      count++;
      if (ms > slowest.ms) slowest = { ms, file: path.relative(CORPUS, file), kind: m.kind };
    }
  });
  const verdict = (ms: number, target: number): string => (ms < target ? `under ${target} ms: met` : `over ${target} ms: NOT met`);
  return [
    'hostile input (fastest of 5 runs; fastest of 3 per mutation):',
    `  XXE refused in ${xxeMs.toFixed(3)} ms (${verdict(xxeMs, REFUSAL_TARGET_MS)})`,
    `  billion laughs refused in ${laughsMs.toFixed(3)} ms (${verdict(laughsMs, REFUSAL_TARGET_MS)})`,
    `  ${count} truncations and bit flips of the examples: slowest ${slowest.ms.toFixed(3)} ms, ${slowest.kind} of ${slowest.file} (${verdict(slowest.ms, MUTATION_TARGET_MS)})`,
  ];
}

function main(): void {
  const files: string[] = [];
  for (const dir of ['ubl', 'cii', 'bis-billing']) {
    for (const f of readdirSync(path.join(CORPUS, dir)).sort()) if (/\.xml$/i.test(f)) files.push(path.join(CORPUS, dir, f));
  }
  const rows = files.map(measure);
  const pad = (s: string, n: number): string => (s.length >= n ? s.slice(0, n) : s + ' '.repeat(n - s.length));
  const num = (n: number, d: number, w: number): string => n.toFixed(d).padStart(w);
  const lines: string[] = [];
  lines.push(`node ${process.version}, ${os.cpus()[0]?.model ?? 'unknown cpu'}, ${os.cpus().length} cores (single-threaded run)`);
  lines.push(`${pad('document', 58)} ${'KB'.padStart(8)} ${'runs'.padStart(6)} ${'median ms'.padStart(10)} ${'p99 ms'.padStart(9)} ${'docs/s'.padStart(9)}`);
  for (const r of rows) lines.push(`${pad(r.file, 58)} ${num(r.kb, 1, 8)} ${String(r.runs).padStart(6)} ${num(r.median, 3, 10)} ${num(r.p99, 3, 9)} ${num(r.perSecond, 0, 9)}`);
  const small = rows.filter((r) => r.kb <= 12);
  const medians = small.map((r) => r.median).sort((a, b) => a - b);
  const totalKb = rows.reduce((s, r) => s + r.kb, 0);
  const totalMs = rows.reduce((s, r) => s + r.median, 0);
  lines.push('');
  lines.push(`documents <= 12 KB: ${small.length}, median of medians ${num(percentile(medians, 50), 3, 0)} ms (target: 10 KB under 1 ms)`);
  lines.push(`whole corpus: ${rows.length} documents, ${num(totalKb, 0, 0)} KB, ${num(rows.length / (totalMs / 1000), 0, 0)} docs/s at median cost`);
  lines.push('', ...hostileLines(files));
  process.stdout.write(lines.join('\n') + '\n');
}

main();
