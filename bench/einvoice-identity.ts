/**
 * Differential check of two engine builds: the old build (git revision REV, default main) and this
 * tree's must produce the same element tree (names, namespaces, attributes, text, line/column), the
 * same model, the same datatype findings and the same report (rule ids, severities, messages,
 * locations), or the same error (class, code, message, line, column), on every input:
 *
 * - every document of every ubl-unit / cii-unit test (a subtree of the test file, read by each build),
 *   each UBL one also converted to a CreditNote,
 * - every example document, as bytes,
 * - seeded mutations (truncations and bit flips) of every example and of every unit-test file,
 * - the billion-laughs document and a few namespace edge cases.
 *
 *   npx tsx bench/einvoice-identity.ts [--compare REV] [--mutations N]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { invoiceToCreditNote } from '../test/support/credit-note';
import { billionLaughsLines, mutationsOf } from '../test/support/hostile-input';
import * as current from '../src/einvoice';

type Engine = typeof current;
type Tree = current.XmlElement;

const ROOT = path.resolve(__dirname, '..');
const CONFORMANCE = path.resolve(ROOT, '..', 'shared', 'conformance', 'en16931');
const VEFA_NS = 'http://www.ubl.org/schema/vefa/validation/';

const args = process.argv.slice(2);
const option = (name: string): string | undefined => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const REV = option('--compare') ?? 'main';
const PER_KIND = Number(option('--mutations') ?? 12);

function oldEngine(rev: string): Engine {
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
  return require(path.join(dir, 'src', 'einvoice')) as Engine;
}

/** A tree as plain data (no parent links, no engine-internal fields). */
function plainTree(el: Tree): unknown {
  return { local: el.local, qname: el.qname, ns: el.ns, attrs: { ...el.attrs }, text: el.text, line: el.line, column: el.column, children: el.children.map(plainTree) };
}

/** Decimals (and anything else with toJSON) as their JSON form. */
function plain(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (_k, v: unknown) => (typeof v === 'function' ? `[fn ${(v as () => unknown).length}]` : v))) as unknown;
}

function failure(e: unknown): unknown {
  if (e instanceof Error) {
    const x = e as Error & { line?: number; column?: number; code?: string };
    return { error: x.constructor.name, message: x.message, line: x.line, column: x.column, code: x.code };
  }
  return { error: String(e) };
}

/** Everything a build says about one tree. */
function outcomeOfTree(engine: Engine, root: Tree): unknown {
  try {
    const parsed = engine.parseTree(root);
    const report = engine.validateInvoice(parsed);
    return plain({ syntax: parsed.syntax, documentType: parsed.documentType, invoice: parsed.invoice, datatypeFindings: parsed.datatypeFindings, report });
  } catch (e) {
    return failure(e);
  }
}

function outcomeOfBytes(engine: Engine, bytes: Buffer): unknown {
  let root: Tree;
  try {
    root = engine.readXml(bytes);
  } catch (e) {
    return { read: failure(e) };
  }
  let viaDocument: unknown;
  try {
    viaDocument = plain(engine.validateDocument(bytes));
  } catch (e) {
    viaDocument = failure(e);
  }
  return { tree: plainTree(root), outcome: outcomeOfTree(engine, root), viaDocument };
}

const kids = (el: Tree, local: string): Tree[] => el.children.filter((c) => c.local === local && c.ns === VEFA_NS);

/** The document of every test of a unit-test file, as read by `engine`. */
function unitDocuments(engine: Engine, bytes: Buffer): Tree[] {
  const root = engine.readXml(bytes);
  return kids(root, 'test').map((test) => test.children.find((c) => c.ns !== VEFA_NS) as Tree);
}

function main(): void {
  const old = oldEngine(REV);
  let inputs = 0;
  const differences: string[] = [];
  const compare = (name: string, a: unknown, b: unknown): void => {
    inputs++;
    if (!isDeepStrictEqual(a, b)) differences.push(name);
  };

  const unitFiles: string[] = [];
  for (const f of readdirSync(path.join(CONFORMANCE, 'ubl-unit', 'Invoice')).sort()) unitFiles.push(path.join(CONFORMANCE, 'ubl-unit', 'Invoice', f));
  for (const f of readdirSync(path.join(CONFORMANCE, 'cii-unit')).sort()) unitFiles.push(path.join(CONFORMANCE, 'cii-unit', f));
  const exampleFiles: string[] = [];
  for (const entry of readdirSync(path.join(CONFORMANCE, 'examples'), { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const dir = path.join(CONFORMANCE, 'examples', entry.name);
    for (const f of readdirSync(dir).sort()) if (/\.xml$/i.test(f)) exampleFiles.push(path.join(dir, f));
  }
  exampleFiles.sort();

  let seed = 1;
  for (const file of unitFiles) {
    const bytes = readFileSync(file);
    const a = unitDocuments(old, bytes);
    const b = unitDocuments(current, bytes);
    compare(`${file} (tests)`, a.length, b.length);
    a.forEach((docA, i) => {
      const docB = b[i];
      compare(`${file}#${i + 1} tree`, plainTree(docA), plainTree(docB));
      compare(`${file}#${i + 1}`, outcomeOfTree(old, docA), outcomeOfTree(current, docB));
      if (file.includes('ubl-unit')) compare(`${file}#${i + 1} as CreditNote`, outcomeOfTree(old, invoiceToCreditNote(docA)), outcomeOfTree(current, invoiceToCreditNote(docB)));
    });
    for (const [m, mut] of mutationsOf(bytes, seed++, 2).entries()) compare(`${file} ${mut.kind} #${m}`, outcomeOfBytes(old, mut.bytes), outcomeOfBytes(current, mut.bytes));
  }
  for (const file of exampleFiles) {
    const bytes = readFileSync(file);
    compare(file, outcomeOfBytes(old, bytes), outcomeOfBytes(current, bytes));
    const crlf = Buffer.from(bytes.toString('utf8').replace(/\n/g, '\r\n'));
    compare(`${file} (CRLF)`, outcomeOfBytes(old, crlf), outcomeOfBytes(current, crlf));
    const tabs = Buffer.from(bytes.toString('utf8').replace(/ {2}/g, '\t'));
    compare(`${file} (tabs)`, outcomeOfBytes(old, tabs), outcomeOfBytes(current, tabs));
    for (const [m, mut] of mutationsOf(bytes, seed++, PER_KIND).entries()) compare(`${file} ${mut.kind} #${m}`, outcomeOfBytes(old, mut.bytes), outcomeOfBytes(current, mut.bytes));
  }
  const edgeCases: Record<string, string> = {
    'billion laughs': billionLaughsLines().join('\n'),
    'unbound element prefix': '<a:Invoice xmlns="urn:x"><b/></a:Invoice>',
    'unbound attribute prefix': '<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"><x q:y="1"/></Invoice>',
    'prefix scoped to a subtree': '<r xmlns:p="urn:p"><p:a/><b xmlns:p="urn:q"><p:a p:x="1"/></b><p:a/></r>',
    'default namespace undeclared': '<r xmlns="urn:a"><s xmlns=""><t/></s></r>',
    'xml prefix': '<r xml:lang="en" xmlns:xml="http://www.w3.org/XML/1998/namespace"/>',
    'xmlns prefix bound': '<r xmlns:xmlns="urn:x"/>',
    'empty prefix binding': '<r xmlns:p=""/>',
    'duplicate expanded attribute': '<r xmlns:a="urn:a" xmlns:b="urn:a"><s a:x="1" b:x="2"/></r>',
    'duplicate attribute': '<r x="1" x="2"/>',
    'colon in local name': '<a:b:c xmlns:a="urn:a"/>',
    'attribute entities': '<r a="&lt;&amp;&#x41;&#66;&quot;"/>',
    'text entities and cdata': '<r>a&lt;b<![CDATA[ <x> ]]>&#x1F600;</r>',
    'nothing after prolog': '<?xml version="1.0"?>',
    'two roots': '<r/><s/>',
    'line ends, brackets, non-ASCII': '<r>\r\n<a>x\r\ny\rz</a>\t<b>é😀]x]]y]] >&amp;z\u007f</b><ü:x xmlns:ü="urn:u" ü:é="1">t</ü:x><c><!-- c --><?pi d?>q</c>\n</r>',
    'names across lines': '<r\n  a = "1"\r\n\tb="2\n3"\n>t</r\n>',
    'xml 1.1': '<?xml version="1.1"?><r>a\u0085b\u2028c<é/></r>',
  };
  for (const [name, text] of Object.entries(edgeCases)) {
    const bytes = Buffer.from(text);
    compare(name, outcomeOfBytes(old, bytes), outcomeOfBytes(current, bytes));
    compare(`${name} (string)`, outcomeOfBytes(old, text as unknown as Buffer), outcomeOfBytes(current, text as unknown as Buffer));
  }

  console.log(`${inputs} comparisons, ${differences.length} different${differences.length > 0 ? ':' : ''}`);
  for (const d of differences.slice(0, 50)) console.log(`  ${d}`);
  process.exitCode = differences.length > 0 ? 1 : 0;
}

main();
