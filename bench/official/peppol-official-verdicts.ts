/**
 * Records the official Peppol validator's verdicts on the differential documents
 * (test/support/peppol-differential.ts) in test/support/fixtures/peppol-official-verdicts.json:
 * the Peppol Schematron compiled to XSLT (../shared/conformance/peppol-bis3/official-xslt) on
 * Saxon-HE. Needs Java and Saxon-HE (`apt-get install -y libsaxonhe-java default-jdk-headless`);
 * CI and Jest only read the file.
 *
 *   npx tsx bench/official/peppol-official-verdicts.ts
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DIFFERENTIAL_CASES } from '../../test/support/peppol-differential';

const ROOT = path.resolve(__dirname, '..', '..');
const XSLT = path.resolve(ROOT, '..', 'shared', 'conformance', 'peppol-bis3', 'official-xslt');
const SAXON = '/usr/share/java/Saxon-HE.jar';
const OUT = path.join(ROOT, 'test', 'support', 'fixtures', 'peppol-official-verdicts.json');

const dir = mkdtempSync(path.join(os.tmpdir(), 'peppol-differential-'));
try {
  const verdicts: Record<string, { fatal: string[]; warning: string[] }> = {};
  for (const syntax of ['UBL', 'CII'] as const) {
    const input = path.join(dir, syntax, 'in');
    const output = path.join(dir, syntax, 'out');
    mkdirSync(input, { recursive: true });
    mkdirSync(output, { recursive: true });
    const cases = DIFFERENTIAL_CASES.filter((c) => c.syntax === syntax);
    for (const c of cases) writeFileSync(path.join(input, `${path.basename(c.name)}.xml`), c.xml);
    // One JVM and one stylesheet compilation for the whole directory.
    execFileSync('java', ['-jar', SAXON, `-s:${input}`, `-xsl:${path.join(XSLT, `PEPPOL-EN16931-${syntax}.xslt`)}`, `-o:${output}`], { stdio: 'inherit' });
    for (const c of cases) {
      const svrl = readFileSync(path.join(output, `${path.basename(c.name)}.xml`), 'utf8');
      const fatal = new Set<string>();
      const warning = new Set<string>();
      for (const m of svrl.matchAll(/<svrl:failed-assert\b([^>]*)>/g)) {
        const id = /\bid="([^"]+)"/.exec(m[1])?.[1];
        const flag = /\bflag="([^"]+)"/.exec(m[1])?.[1];
        if (id === undefined) continue;
        (flag === 'warning' ? warning : fatal).add(id);
      }
      verdicts[c.name] = { fatal: [...fatal].sort(), warning: [...warning].sort() };
    }
    if (readdirSync(output).length !== cases.length) throw new Error(`${syntax}: ${readdirSync(output).length} reports for ${cases.length} documents`);
  }
  writeFileSync(OUT, JSON.stringify(verdicts, null, 1) + '\n');
  process.stdout.write(`wrote ${Object.keys(verdicts).length} official verdicts to ${path.relative(ROOT, OUT)}\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
