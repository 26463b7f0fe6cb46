import { readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { runCli } from '../../../src/cli/program';
import { validatePaths } from '../../../src/cli/validate-command';
import { readEinvoice } from '../../../src/stages/canonical/read-document';
import { captureStreams } from '../../support/capture-streams';
import { EXAMPLES, facturXPdf, GOOD_CII, GOOD_UBL, put, tempDir, withoutInvoiceNumber } from '../../support/cli-invoices';

async function validate(...args: string[]) {
  const streams = captureStreams();
  const code = await runCli(['validate', ...args], streams);
  return { code, out: streams.out(), err: streams.err(), lines: streams.out().trimEnd().split('\n') };
}

/** Every key of a JSON value, at any depth. */
function keysOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(keysOf);
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => [k, ...keysOf(v)]);
}

describe('validate', () => {
  let dir: string;
  let bad: string;
  let malformed: string;
  beforeAll(() => {
    dir = tempDir();
    bad = put(dir, 'bad.xml', withoutInvoiceNumber());
    malformed = put(dir, 'malformed.xml', '<Invoice>\n<oops></Invoice>');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('exits 0 when every file is valid, with a header per file and a summary line', async () => {
    const r = await validate(GOOD_UBL, GOOD_CII);
    expect(r.code).toBe(0);
    expect(r.lines).toEqual([
      `${GOOD_UBL}: UBL Invoice by en16931 1.3.16: VALID (0 errors, 0 warnings)`,
      `${GOOD_CII}: CII Invoice by en16931 1.3.16: VALID (0 errors, 0 warnings)`,
      '2 files: 2 valid, 0 invalid, 0 unreadable; 0 errors, 0 warnings',
    ]);
    expect(r.err).toBe('');
  });

  it('exits 1 when a file is invalid, printing severity, rule id, location and message per finding', async () => {
    const r = await validate(GOOD_UBL, bad);
    expect(r.code).toBe(1);
    expect(r.lines).toEqual([
      `${GOOD_UBL}: UBL Invoice by en16931 1.3.16: VALID (0 errors, 0 warnings)`,
      `${bad}: UBL Invoice by en16931 1.3.16: INVALID (1 error, 0 warnings)`,
      '  error BR-02 [/Invoice] An Invoice shall have an Invoice number (BT-1).',
      '2 files: 1 valid, 1 invalid, 0 unreadable; 1 error, 0 warnings',
    ]);
  });

  it('judges XML that is not well-formed as invalid (exit 1), with the line and column as location', async () => {
    const r = await validate(malformed);
    expect(r.code).toBe(1);
    expect(r.lines[0]).toBe(`${malformed}: INVALID (1 error, 0 warnings)`);
    expect(r.lines[1]).toMatch(/^ {2}error PARSE \[line 2, column 16\] \S/);
    expect(r.lines[1]).not.toContain('(line 2, column 16)');
    expect(r.lines[2]).toBe('1 file: 0 valid, 1 invalid, 0 unreadable; 1 error, 0 warnings');
  });

  it('judges a corrupt PDF as invalid, not as a read error', async () => {
    const pdf = Buffer.from(await facturXPdf());
    const corrupt = put(dir, 'corrupt.pdf', pdf.subarray(0, Math.floor(pdf.length / 3)));
    const garbage = put(dir, 'garbage.pdf', '%PDF-1.7\n1 0 obj << /Type /Catalog >>\ntrailer garbage');
    const r = await validate(corrupt, garbage);
    expect(r.code).toBe(1);
    expect(r.lines[0]).toBe(`${corrupt}: INVALID (1 error, 0 warnings)`);
    expect(r.lines[1]).toMatch(/^ {2}error PARSE /);
    expect(r.lines[2]).toBe(`${garbage}: INVALID (1 error, 0 warnings)`);
    expect(r.lines[3]).toMatch(/^ {2}error PARSE /);
  });

  it('exits 2 when a file cannot be read, and 2 beats 1 when another file is invalid', async () => {
    const missing = join(dir, 'missing.xml');
    const r = await validate(bad, missing);
    expect(r.code).toBe(2);
    expect(r.lines).toEqual([
      `${bad}: UBL Invoice by en16931 1.3.16: INVALID (1 error, 0 warnings)`,
      '  error BR-02 [/Invoice] An Invoice shall have an Invoice number (BT-1).',
      `${missing}: UNREADABLE`,
      expect.stringMatching(/^ {2}error IO cannot read: ENOENT/),
      '2 files: 0 valid, 1 invalid, 1 unreadable; 1 error, 0 warnings',
    ]);
  });

  it('reports a path that is neither a file nor a directory (a socket) as unreadable (exit 2)', async () => {
    const socketPath = join(dir, 'invoice.xml.sock');
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(socketPath, resolve));
    try {
      const r = await validate(GOOD_UBL, socketPath);
      expect(r.code).toBe(2);
      expect(r.lines.slice(1)).toEqual([
        `${socketPath}: UNREADABLE`,
        '  error IO cannot read: not a regular file or directory',
        '2 files: 1 valid, 0 invalid, 1 unreadable; 0 errors, 0 warnings',
      ]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('recurses into directories: .xml, .pdf and .json files in sorted order, other files ignored', async () => {
    const tree = tempDir();
    try {
      const files = [
        put(tree, 'b/2.xml', readFileSync(GOOD_UBL)),
        put(tree, 'a/z.PDF', await facturXPdf()),
        put(tree, 'a/sub/1.xml', withoutInvoiceNumber()),
        put(tree, 'c.XML', readFileSync(GOOD_CII)),
      ];
      put(tree, 'a/notes.txt', 'not an invoice');
      put(tree, 'b/invoice.xml.bak', 'not an invoice either');
      const r = await validate(tree);
      const headers = r.lines.filter((l) => !l.startsWith('  ')).slice(0, -1);
      expect(headers).toEqual([
        `${join(tree, 'a/sub/1.xml')}: UBL Invoice by en16931 1.3.16: INVALID (1 error, 0 warnings)`,
        `${join(tree, 'a/z.PDF')}: CII Invoice by en16931 1.3.16: VALID (0 errors, 0 warnings)`,
        `${join(tree, 'b/2.xml')}: UBL Invoice by en16931 1.3.16: VALID (0 errors, 0 warnings)`,
        `${join(tree, 'c.XML')}: CII Invoice by en16931 1.3.16: VALID (0 errors, 0 warnings)`,
      ]);
      expect(r.lines.at(-1)).toBe(`${files.length} files: 3 valid, 1 invalid, 0 unreadable; 1 error, 0 warnings`);
      expect(r.code).toBe(1);
    } finally {
      rmSync(tree, { recursive: true, force: true });
    }
  });

  it('validates every official example directory as valid by EN 16931 (exit 0)', async () => {
    // Some of them claim Peppol BIS 3 (CustomizationID), whose rules they predate: judged by EN 16931 here.
    const r = await validate('--rule-set', 'en16931', join(EXAMPLES, 'cii'), join(EXAMPLES, 'ubl'));
    expect(r.code).toBe(0);
    expect(r.lines.at(-1)).toMatch(/^\d+ files: (\d+) valid, 0 invalid, 0 unreadable; 0 errors, 0 warnings$/);
    const [, total, valid] = /^(\d+) files: (\d+) valid/.exec(r.lines.at(-1) ?? '') ?? [];
    expect(Number(total)).toBeGreaterThan(20);
    expect(valid).toBe(total);
  });

  it('judges by the rule set of the CustomizationID, or by --rule-set; an unknown rule set is a usage error', async () => {
    const peppol = join(EXAMPLES, 'bis-billing', 'Invoice-Min_content_with_VAT.xml');
    const byDefault = await validate('--json', peppol);
    expect(byDefault.code).toBe(1);
    const report = JSON.parse(byDefault.lines[0]) as { rule_set: string; rule_set_version: string; errors: Array<{ rule: string; business_term?: string }> };
    expect([report.rule_set, report.rule_set_version]).toEqual(['peppol-bis3', '3.0.19']);
    expect(report.errors.map((e) => e.rule)).toContain('PEPPOL-COMMON-R049');
    const core = await validate('--rule-set', 'en16931', peppol);
    expect([core.code, core.lines[0]]).toEqual([0, `${peppol}: UBL Invoice by en16931 1.3.16: VALID (0 errors, 0 warnings)`]);
    const unknown = await validate('--rule-set', 'bogus', peppol);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('bogus');
  });

  it('refuses to pass a directory with no invoice file in it (exit 2)', async () => {
    const empty = tempDir();
    try {
      put(empty, 'readme.txt', 'nothing to check');
      const r = await validate(empty);
      expect(r.code).toBe(2);
      expect(r.lines[0]).toBe(`${empty}: UNREADABLE`);
      expect(r.lines[1]).toBe('  error IO no .xml, .pdf, .json file in this directory');
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('judges canonical JSON with the business rules: the read-back JSON of a valid invoice is valid, broken JSON is invalid', async () => {
    const { invoice } = await readEinvoice(readFileSync(GOOD_UBL));
    const good = put(dir, 'good.json', JSON.stringify(invoice));
    const broken = put(dir, 'broken.json', '{"invoice_number": "1"}');
    const ok = await validate(good);
    expect(ok.code).toBe(0);
    expect(ok.lines[0]).toBe(`${good}: JSON Invoice by en16931 1.3.16: VALID (0 errors, 0 warnings)`);
    const r = await validate(broken);
    expect(r.code).toBe(1);
    expect(r.lines[0]).toBe(`${broken}: JSON: INVALID (1 error, 0 warnings)`);
    expect(r.lines[1]).toMatch(/^ {2}error \S+ \[[a-z_.]+\] \S/);
    expect(r.lines.at(-1)).toBe('1 file: 0 valid, 1 invalid, 0 unreadable; 1 error, 0 warnings');
  });

  it('--json prints one object per file with snake_case keys and no summary', async () => {
    const r = await validate('--json', GOOD_UBL, bad, join(dir, 'missing.xml'));
    expect(r.code).toBe(2);
    expect(r.lines).toHaveLength(3);
    const [good, invalid, missing] = r.lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(good).toEqual({ file: GOOD_UBL, status: 'valid', valid: true, rule_set: 'en16931', rule_set_version: '1.3.16', syntax: 'UBL', document_type: 'Invoice', errors: [], warnings: [] });
    expect(invalid).toMatchObject({ status: 'invalid', valid: false, document_type: 'Invoice' });
    expect(invalid.errors).toContainEqual({ rule: 'BR-02', severity: 'fatal', message: expect.any(String), location: '/Invoice', business_term: 'BT-1' });
    expect(missing).toMatchObject({ status: 'unreadable', valid: false, errors: [expect.objectContaining({ rule: 'IO' })] });
    for (const key of [good, invalid, missing].flatMap(keysOf)) expect(key).toMatch(/^[a-z]+(_[a-z]+)*$/);
  });

  it('draws a progress line on a terminal stderr for many files, erased at the end; stdout stays clean', async () => {
    const streams = captureStreams({ stderrIsTty: true });
    const code = await validatePaths([GOOD_UBL, bad, GOOD_CII], { progressMinFiles: 3 }, streams);
    expect(code).toBe(1);
    expect(streams.err()).toContain('\r\x1b[2Kvalidating 0/3 files, 0 invalid');
    expect(streams.err()).toContain('\r\x1b[2Kvalidating 3/3 files, 1 invalid');
    expect(streams.err().endsWith('\r\x1b[2K')).toBe(true);
    expect(streams.out()).not.toContain('\r');
    expect(streams.out()).not.toContain('\x1b');
  });

  it('draws no progress line below the threshold or when stderr is not a terminal', async () => {
    const few = captureStreams({ stderrIsTty: true });
    await validatePaths([GOOD_UBL, GOOD_CII], { progressMinFiles: 3 }, few);
    const piped = captureStreams({ stderrIsTty: false });
    await validatePaths([GOOD_UBL, bad, GOOD_CII], { progressMinFiles: 3 }, piped);
    expect([few.err(), piped.err()]).toEqual(['', '']);
  });
});
