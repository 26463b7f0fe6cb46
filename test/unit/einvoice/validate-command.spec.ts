import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runValidateCommand } from '../../../src/cli/validate-command';
import { CORPUS_DIR } from './support/corpus';

const good = path.join(CORPUS_DIR, 'examples', 'ubl', 'ubl-tc434-example1.xml');

describe('validate command', () => {
  let dir: string;
  let bad: string;
  let malformed: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'einvoice-cli-'));
    bad = path.join(dir, 'bad.xml');
    fs.writeFileSync(bad, fs.readFileSync(good, 'utf8').replace('<cbc:ID>12115118</cbc:ID>', ''));
    malformed = path.join(dir, 'malformed.xml');
    fs.writeFileSync(malformed, '<Invoice>\n<oops></Invoice>');
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('prints one JSON object per file and exits 0 when every file was read', async () => {
    const lines: string[] = [];
    const code = await runValidateCommand([good, bad, '--json'], (l) => lines.push(l));
    expect(code).toBe(0);
    expect(lines).toHaveLength(2);
    const [a, b] = lines.map((l) => JSON.parse(l) as Record<string, unknown> & { valid: boolean; errors: unknown[] });
    expect(a).toEqual({ file: good, valid: true, syntax: 'UBL', documentType: 'Invoice', errors: [], warnings: [] });
    expect(b.valid).toBe(false);
    expect(b.errors).toContainEqual({ rule: 'BR-02', severity: 'fatal', message: expect.any(String), location: '/Invoice' });
  });

  it('reports malformed XML as an invalid verdict and still exits 0', async () => {
    const lines: string[] = [];
    expect(await runValidateCommand(['--json', malformed], (l) => lines.push(l))).toBe(0);
    const broken = JSON.parse(lines[0]) as { valid: boolean; errors: Array<Record<string, unknown>> };
    expect(broken.valid).toBe(false);
    expect(broken.errors[0]).toMatchObject({ rule: 'PARSE', severity: 'fatal', location: 'line 2, column 16' });
  });

  it('exits 1 when a file cannot be read', async () => {
    const lines: string[] = [];
    expect(await runValidateCommand(['--json', path.join(dir, 'missing.xml'), malformed], (l) => lines.push(l))).toBe(1);
    expect((JSON.parse(lines[0]) as { errors: Array<Record<string, unknown>> }).errors[0].rule).toBe('IO');
    expect(lines).toHaveLength(2);
  });

  it('prints a short human-readable line without --json', async () => {
    const lines: string[] = [];
    expect(await runValidateCommand([good, bad], (l) => lines.push(l))).toBe(0);
    expect(lines[0]).toMatch(/^VALID .*ubl-tc434-example1\.xml/);
    expect(lines[1]).toMatch(/^INVALID .*bad\.xml .*BR-02/);
  });

  it('rejects a call without files', async () => {
    const lines: string[] = [];
    expect(await runValidateCommand(['--json'], (l) => lines.push(l))).toBe(2);
    expect(lines[0]).toMatch(/usage/);
  });
});
