/**
 * Records the official verdicts on the documents of test/support/official-cases.ts in
 * test/support/fixtures/official-verdicts.json: every SVRL failed assert (rule id and flag) of the
 * official stylesheets of the case's rule set (EN 16931 for en16931; EN 16931 and XRechnung for
 * the XRechnung rule sets), run on Saxon-HE through bench/official/OfficialVerdicts.java.
 *
 * For the extension scenario the EN 16931 rules its BR-DEX rules replace (XRECHNUNG_EXTENSION_RELAXED)
 * are left out, as the XRechnung extension validation does.
 *
 * Needs javac/java and Debian's libsaxonhe-java (apt-get install -y libsaxonhe-java
 * default-jdk-headless). Run after changing the cases: npx tsx bench/official/record-verdicts.ts
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { XRECHNUNG_EXTENSION_RELAXED } from '../../src/einvoice/rulesets/xrechnung';
import { buildCase, OFFICIAL_CASES, officialStylesheets, SHARED_CONFORMANCE } from '../../test/support/official-cases';

const SAXON_JAR = '/usr/share/java/Saxon-HE.jar';
const ROOT = path.resolve(__dirname, '..', '..');
const OUT = path.join(ROOT, 'test', 'support', 'fixtures', 'official-verdicts.json');

export interface RecordedVerdict {
  ruleSet: string;
  stylesheets: string[];
  /** [rule id, flag] of every failed assert, sorted, without repeats. */
  failed: Array<[string, string]>;
}

function main(): void {
  const work = mkdtempSync(path.join(os.tmpdir(), 'official-verdicts-'));
  try {
    execFileSync('javac', ['-d', work, '-cp', SAXON_JAR, path.join(ROOT, 'bench', 'official', 'OfficialVerdicts.java')], { stdio: 'inherit' });
    const lines: string[] = [];
    const files = new Map<string, string>();
    const sheets = new Map<string, string[]>();
    OFFICIAL_CASES.forEach((c, i) => {
      const text = buildCase(c);
      const file = path.join(work, `case-${i}.xml`);
      writeFileSync(file, text);
      files.set(file, c.name);
      const syntax = text.includes('CrossIndustryInvoice') ? 'CII' : 'UBL';
      const used = officialStylesheets(c.ruleSet, syntax);
      sheets.set(c.name, used);
      for (const s of used) lines.push(`${path.join(SHARED_CONFORMANCE, s)}\t${file}`);
    });
    const out = execFileSync('java', ['-cp', `${SAXON_JAR}:${work}`, 'OfficialVerdicts'], { input: lines.join('\n') + '\n', maxBuffer: 1 << 28 }).toString();
    const failed = new Map<string, Set<string>>();
    for (const line of out.split('\n')) {
      const [file, id, flag] = line.split('\t');
      const name = files.get(file);
      if (name === undefined || id === 'END') continue;
      const set = failed.get(name) ?? new Set<string>();
      set.add(`${id}\t${flag}`);
      failed.set(name, set);
    }
    const verdicts: Record<string, RecordedVerdict> = {};
    for (const c of OFFICIAL_CASES) {
      const relaxed = c.ruleSet === 'xrechnung-extension' ? XRECHNUNG_EXTENSION_RELAXED : new Set<string>();
      const pairs = [...(failed.get(c.name) ?? [])]
        .map((p) => p.split('\t') as [string, string])
        .filter(([id]) => !relaxed.has(id))
        .sort((a, b) => (a[0] === b[0] ? a[1].localeCompare(b[1]) : a[0].localeCompare(b[0])));
      verdicts[c.name] = { ruleSet: c.ruleSet, stylesheets: sheets.get(c.name) ?? [], failed: pairs };
    }
    writeFileSync(OUT, JSON.stringify(verdicts, null, 1) + '\n');
    process.stdout.write(`${OFFICIAL_CASES.length} cases recorded in ${path.relative(ROOT, OUT)}\n`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main();
