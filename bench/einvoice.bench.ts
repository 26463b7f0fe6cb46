/**
 * Invoice engine benchmark: parse + validate (`validateDocument(bytes)`) every example document
 * of the conformance corpus, warm, on one thread.
 *
 * Figures: per document the median of many runs (wall clock) and of the CPU time per run
 * (process.cpuUsage over each batch, which a loaded machine inflates less than the wall clock);
 * per group (UBL, CII, UBL + CII, BIS Billing) the median of those per-document medians.
 *
 *   npm run bench:einvoice                       this tree's engine: per-document table, groups, hostile input
 *   npm run bench:einvoice -- --compare REV      old build (git revision REV) and this tree, alternating
 *   npm run bench:einvoice -- --official         also the official validator (XSLT on Saxon-HE), same documents
 *   npm run bench:einvoice:compare               --compare main --official
 *
 * Options: --rounds N (measuring rounds, default 15), --batch-ms N (time per document batch on the
 * slowest build, default 100: with 20 ms batches the faster build's runs were timed well above its
 * thread's CPU time on a shared 2-core VM, docs/performance.md "Session 10"), --warmup N (warm-up
 * rounds, default 4), --rule-set ID (the rule set every document is judged by: en16931 (default,
 * what older builds run), peppol-bis3, xrechnung, auto = by each document's CustomizationID, or
 * all = this tree once per rule set, side by side, one summary line per rule set).
 *
 * Side by side: the old build is `git archive REV src/einvoice` unpacked into a temp dir (with
 * this tree's node_modules linked) and loaded through tsx like this tree's engine. Every round
 * visits every document and runs one batch of each build, the order of the two alternating
 * per document and round, so load from other processes falls on both builds alike. Each build
 * runs in a worker thread of its own (one at a time): its own heap, so one build's garbage never
 * lands in the other's figures, and its own CPU clock (process.threadCpuUsage).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { ParseError, validateDocument } from '../src/einvoice';
import { billionLaughsLines, mutationsOf } from '../test/support/hostile-input';

const ROOT = path.resolve(__dirname, '..');
const CONFORMANCE = path.resolve(ROOT, '..', 'shared', 'conformance', 'en16931');
const CORPUS = path.join(CONFORMANCE, 'examples');
const SAXON_JAR = '/usr/share/java/Saxon-HE.jar';

const args = process.argv.slice(2);
const flag = (name: string): boolean => args.includes(name);
const option = (name: string): string | undefined => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const ROUNDS = Number(option('--rounds') ?? 15);
const BATCH_MS = Number(option('--batch-ms') ?? 100);
const WARMUP_ROUNDS = Number(option('--warmup') ?? 4);
const RULE_SET = option('--rule-set') ?? 'en16931';
const ALL_RULE_SETS = ['en16931', 'peppol-bis3', 'xrechnung'];

type Group = 'ubl' | 'cii' | 'bis-billing';

interface Doc {
  group: Group;
  name: string;
  file: string;
  bytes: Buffer;
  /** Runs per batch, the same for every build. */
  perBatch: number;
}

interface Engine {
  name: string;
  worker: Worker;
  wall: Map<Doc, number[]>;
  cpu: Map<Doc, number[]>;
}

function median(xs: readonly number[]): number {
  const a = [...xs].sort((x, y) => x - y);
  if (a.length === 0) return NaN;
  const mid = a.length >> 1;
  return a.length % 2 === 1 ? a[mid] : (a[mid - 1] + a[mid]) / 2;
}

function percentile(xs: readonly number[], p: number): number {
  const a = [...xs].sort((x, y) => x - y);
  return a[Math.max(0, Math.min(a.length - 1, Math.ceil((p / 100) * a.length) - 1))];
}

function corpus(groups: readonly Group[]): Doc[] {
  const docs: Doc[] = [];
  for (const group of groups) {
    for (const f of readdirSync(path.join(CORPUS, group)).sort()) {
      if (!/\.xml$/i.test(f)) continue;
      const file = path.join(CORPUS, group, f);
      docs.push({ group, name: `${group}/${f}`, file, bytes: readFileSync(file), perBatch: 1 });
    }
  }
  return docs;
}

/**
 * The build whose src/einvoice is at `dir`, in a worker thread: answers "run document i n times"
 * with the wall time of each run and the thread's CPU time per run.
 */
function engine(name: string, dir: string, docs: Doc[], ruleSet: string = RULE_SET): Engine {
  const code = `
    const { parentPort, workerData } = require('node:worker_threads');
    const { readFileSync } = require('node:fs');
    require(workerData.tsx).register();
    const { validateDocument } = require(workerData.engine);
    const docs = workerData.files.map((f) => readFileSync(f));
    const cpu = () => { const u = process.threadCpuUsage ? process.threadCpuUsage() : process.cpuUsage(); return u.user + u.system; };
    parentPort.on('message', ({ doc, runs }) => {
      const wall = [];
      const c0 = cpu();
      for (let i = 0; i < runs; i++) {
        const t0 = process.hrtime.bigint();
        validateDocument(docs[doc], workerData.options);
        wall.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
      parentPort.postMessage({ wall, cpu: (cpu() - c0) / 1000 / runs });
    });`;
  const worker = new Worker(code, {
    eval: true,
    workerData: {
      tsx: require.resolve('tsx/cjs/api'),
      engine: path.join(dir, 'src', 'einvoice'),
      files: docs.map((d) => d.file),
      // Builds from before rule sets ignore the option (they judge by EN 16931).
      options: ruleSet === 'auto' ? {} : { ruleSet },
    },
  });
  worker.unref();
  return { name, worker, wall: new Map(), cpu: new Map() };
}

/**
 * The engine of git revision `rev`: src/einvoice as committed there, unpacked once into a temp dir
 * named after the commit, next to a link to this tree's node_modules (the engine imports only
 * saxes, decimal.js and pdf-lib).
 */
function oldBuild(rev: string, docs: Doc[]): Engine {
  const sha = execFileSync('git', ['rev-parse', '--verify', `${rev}^{commit}`], { cwd: ROOT, encoding: 'utf8' }).trim();
  const dir = path.join(os.tmpdir(), `einvoice-bench-${sha.slice(0, 12)}`);
  if (!existsSync(path.join(dir, 'src', 'einvoice', 'index.ts'))) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const tar = execFileSync('git', ['archive', '--format=tar', sha, 'src/einvoice'], { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 });
    execFileSync('tar', ['-x', '-C', dir], { input: tar });
  }
  // The link to node_modules goes stale when the tree that made it is gone (a removed worktree).
  const modules = path.join(dir, 'node_modules');
  if (!existsSync(modules)) {
    rmSync(modules, { force: true });
    symlinkSync(path.join(ROOT, 'node_modules'), modules, 'dir');
  }
  return engine(`${rev} (${sha.slice(0, 7)})`, dir, docs);
}

/** One batch of document `i` on `e`: wall time of each run, CPU time per run of the batch. */
function batch(e: Engine, docs: Doc[], i: number, runs: number): Promise<{ wall: number[]; cpu: number }> {
  return new Promise((resolve, reject) => {
    e.worker.once('message', resolve);
    e.worker.once('error', reject);
    e.worker.postMessage({ doc: i, runs });
  }).finally(() => e.worker.removeAllListeners('error')) as Promise<{ wall: number[]; cpu: number }>;
}

function record(e: Engine, doc: Doc, r: { wall: number[]; cpu: number }): void {
  e.wall.set(doc, [...(e.wall.get(doc) ?? []), ...r.wall]);
  e.cpu.set(doc, [...(e.cpu.get(doc) ?? []), r.cpu]);
}

/** Warm every build on every document, size the batches, then alternate builds per document and round. */
async function run(engines: Engine[], docs: Doc[]): Promise<void> {
  for (let i = 0; i < docs.length; i++) {
    // First contact, then the cost on the slowest build (fastest of 5 runs).
    let slowest = 0;
    for (const e of engines) {
      await batch(e, docs, i, 1);
      slowest = Math.max(slowest, Math.min(...(await batch(e, docs, i, 5)).wall));
    }
    docs[i].perBatch = Math.max(1, Math.min(2000, Math.round(BATCH_MS / Math.max(slowest, 0.001))));
  }
  for (let r = 0; r < WARMUP_ROUNDS; r++) for (let i = 0; i < docs.length; i++) for (const e of engines) await batch(e, docs, i, docs[i].perBatch);
  for (let r = 0; r < ROUNDS; r++) {
    for (let i = 0; i < docs.length; i++) {
      const order = (r + i) % 2 === 0 ? engines : [...engines].reverse();
      for (const e of order) record(e, docs[i], await batch(e, docs, i, docs[i].perBatch));
    }
  }
}

interface Summary {
  docs: number;
  wall: number;
  cpu: number;
}

function summarize(e: Engine, docs: Doc[]): Summary {
  return { docs: docs.length, wall: median(docs.map((d) => median(e.wall.get(d) ?? []))), cpu: median(docs.map((d) => median(e.cpu.get(d) ?? []))) };
}

interface OfficialDoc {
  syntax: 'UBL' | 'CII';
  path: string;
  runs: number;
  medianMs: number;
  cpuMs: number;
  fatal: number;
  warning: number;
}

interface OfficialResult {
  saxon: string;
  java: string;
  compileMs: number;
  warmupMs: number;
  docs: OfficialDoc[];
}

/**
 * The official validator on the same documents: bench/official/OfficialValidatorBench.java
 * compiled into a temp dir against Debian's Saxon-HE (libsaxonhe-java) and run in one JVM.
 * Undefined (with the reason printed) when Java or Saxon is missing.
 */
function official(docs: Doc[]): OfficialResult | undefined {
  if (!existsSync(SAXON_JAR) || spawnSync('javac', ['-version']).status !== 0) {
    process.stdout.write(`official validator skipped: needs javac and ${SAXON_JAR} (apt-get install default-jdk-headless libsaxonhe-java)\n`);
    return undefined;
  }
  const classes = mkdtempSync(path.join(os.tmpdir(), 'official-bench-'));
  try {
    execFileSync('javac', ['-d', classes, '-cp', SAXON_JAR, path.join(__dirname, 'official', 'OfficialValidatorBench.java')], { stdio: 'inherit' });
    const input = docs.map((d) => `${d.group === 'cii' ? 'CII' : 'UBL'}\t${d.file}`).join('\n');
    // The JVM gets more warm-up rounds than Node: its JIT needs many more runs to settle.
    const out = execFileSync(
      'java',
      ['-cp', `${SAXON_JAR}:${classes}`, 'OfficialValidatorBench', path.join(CONFORMANCE, 'official-xslt'), String(WARMUP_ROUNDS * 5), String(ROUNDS), String(BATCH_MS * 2)],
      { input, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024, stdio: ['pipe', 'pipe', 'inherit'] },
    );
    return JSON.parse(out) as OfficialResult;
  } finally {
    rmSync(classes, { recursive: true, force: true });
  }
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

function hostileLines(docs: Doc[]): string[] {
  const laughs = billionLaughsLines().join('\n');
  const xxeMs = fastestMs(() => refusedOrReported(XXE));
  const laughsMs = fastestMs(() => refusedOrReported(laughs));
  let slowest = { ms: 0, file: '', kind: '' };
  let count = 0;
  docs.forEach((doc, i) => {
    for (const m of mutationsOf(doc.bytes, 0x5eed + i, MUTATIONS_PER_KIND)) {
      const ms = fastestMs(() => refusedOrReported(m.bytes), 3);
      count++;
      if (ms > slowest.ms) slowest = { ms, file: doc.name, kind: m.kind };
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

const pad = (s: string, n: number): string => (s.length >= n ? s.slice(0, n) : s + ' '.repeat(n - s.length));
const ms = (n: number, w = 9): string => (Number.isFinite(n) ? n.toFixed(3) : '-').padStart(w);

async function main(): Promise<void> {
  const compareRev = option('--compare');
  const groups: Group[] = compareRev === undefined ? ['ubl', 'cii', 'bis-billing'] : ['ubl', 'cii'];
  const docs = corpus(groups);
  const perRuleSet = RULE_SET === 'all' && compareRev === undefined;
  const current = engine(perRuleSet ? 'this tree, en16931' : 'this tree', ROOT, docs, perRuleSet ? 'en16931' : RULE_SET);
  const engines = perRuleSet
    ? [current, ...ALL_RULE_SETS.slice(1).map((id) => engine(`this tree, ${id}`, ROOT, docs, id))]
    : compareRev === undefined
      ? [current]
      : [oldBuild(compareRev, docs), current];
  const comparing = compareRev !== undefined;
  const cpus = os.cpus();
  const lines: string[] = [
    `node ${process.version}, ${cpus[0]?.model ?? 'unknown cpu'}, ${cpus.length} cores, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} (single-threaded run)`,
    `${ROUNDS} rounds of ${BATCH_MS} ms batches per document and build after ${WARMUP_ROUNDS} warm-up rounds; wall = median of runs, CPU = median of batches' CPU per run`,
    `rule set: ${perRuleSet ? ALL_RULE_SETS.join(', ') + ' (one build each)' : RULE_SET === 'auto' ? "each document's CustomizationID" : RULE_SET}`,
  ];
  await run(engines, docs);
  for (const e of engines) await e.worker.terminate();
  const officialResult = flag('--official') ? official(docs.filter((d) => d.group !== 'bis-billing')) : undefined;
  const officialByFile = new Map((officialResult?.docs ?? []).map((d) => [d.path, d]));

  // Per-document table.
  const head = engines.map((e, i) => `${`wall ${i}`.padStart(9)} ${`CPU ${i}`.padStart(9)}`).join(' ');
  lines.push('', engines.map((e, i) => `build ${i}: ${e.name}`).join('; ') + (officialResult ? `; official: Saxon-HE ${officialResult.saxon}, Java ${officialResult.java}` : ''));
  lines.push(`${pad('document (ms per document)', 58)} ${'KB'.padStart(7)} ${'runs'.padStart(5)} ${head}${comparing ? '  new/old' : ''}${officialResult ? '  official  off.CPU' : ''}`);
  for (const d of docs) {
    const cells = engines.map((e) => `${ms(median(e.wall.get(d) ?? []))} ${ms(median(e.cpu.get(d) ?? []))}`).join(' ');
    const ratio = comparing ? `   ${(median(engines[1].wall.get(d) ?? []) / median(engines[0].wall.get(d) ?? [])).toFixed(2)}` : '';
    const o = officialByFile.get(d.file);
    const off = officialResult ? ` ${ms(o?.medianMs ?? NaN)} ${ms(o?.cpuMs ?? NaN)}` : '';
    lines.push(`${pad(d.name, 58)} ${(d.bytes.length / 1024).toFixed(1).padStart(7)} ${String((engines[0].wall.get(d) ?? []).length).padStart(5)} ${cells}${ratio}${off}`);
  }

  // Median of per-document medians per group.
  lines.push('', 'median of per-document medians (ms):');
  const sets: Array<[string, Doc[]]> = [
    ['UBL', docs.filter((d) => d.group === 'ubl')],
    ['CII', docs.filter((d) => d.group === 'cii')],
    ['UBL + CII', docs.filter((d) => d.group !== 'bis-billing')],
  ];
  if (groups.includes('bis-billing')) sets.push(['BIS Billing', docs.filter((d) => d.group === 'bis-billing')]);
  for (const [label, set] of sets) {
    const parts = engines.map((e) => {
      const s = summarize(e, set);
      return `${e.name}: wall ${s.wall.toFixed(3)}, CPU ${s.cpu.toFixed(3)}`;
    });
    if (comparing) {
      const [a, b] = engines.map((e) => summarize(e, set));
      parts.push(`new/old wall ${(b.wall / a.wall).toFixed(2)}, CPU ${(b.cpu / a.cpu).toFixed(2)}`);
    }
    if (officialResult) {
      const o = set.map((d) => officialByFile.get(d.file)).filter((x): x is OfficialDoc => x !== undefined);
      parts.push(`official: wall ${median(o.map((x) => x.medianMs)).toFixed(3)}, CPU ${median(o.map((x) => x.cpuMs)).toFixed(3)}`);
    }
    lines.push(`  ${pad(label, 11)} (${String(set.length).padStart(2)} docs)  ${parts.join('  |  ')}`);
  }
  if (officialResult) {
    const flagged = officialResult.docs.filter((d) => d.fatal > 0 || d.warning > 0).map((d) => `${path.basename(d.path)} (${d.fatal} fatal, ${d.warning} warnings)`);
    lines.push(
      `  official validator: stylesheets compiled in ${officialResult.compileMs.toFixed(0)} ms, JVM warmed for ${(officialResult.warmupMs / 1000).toFixed(1)} s; ` +
        (flagged.length === 0 ? 'no fatal error or warning on any document' : `findings on ${flagged.join(', ')}`),
    );
  }
  if (compareRev === undefined) {
    const all = docs.map((d) => median(current.wall.get(d) ?? []));
    lines.push(`  p99 of per-document medians ${percentile(all, 99).toFixed(3)} ms; whole corpus ${docs.length} documents, ${(1000 / (all.reduce((s, x) => s + x, 0) / docs.length)).toFixed(0)} docs/s at median cost`);
    lines.push('', ...hostileLines(docs));
  }
  process.stdout.write(lines.join('\n') + '\n');
}

void main();
