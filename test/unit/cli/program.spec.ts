import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../../../src/cli/program';
import { captureStreams } from '../../support/capture-streams';
import { GOOD_UBL, put, tempDir, withoutInvoiceNumber } from '../../support/cli-invoices';
import { SRC } from '../../support/paths';

const COMMANDS = ['migration:run', 'migration:revert', 'migration:show', 'migration:generate', 'apikey:create', 'config:sample', 'validate'];

async function cli(...argv: string[]) {
  const streams = captureStreams();
  const code = await runCli(argv, streams);
  return { code, out: streams.out(), err: streams.err() };
}

describe('cli program', () => {
  it('--help lists every command on stdout and exits 0', async () => {
    const r = await cli('--help');
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(r.out).toMatch(/^Usage: npm run cli -- \[options\] \[command\]/);
    for (const name of COMMANDS) expect(r.out).toMatch(new RegExp(`^  ${name}\\b`, 'm'));
  });

  it.each(COMMANDS)('%s --help prints its usage and exits 0 without running it', async (name) => {
    const r = await cli(name, '--help');
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(r.out).toMatch(new RegExp(`^Usage: npm run cli -- ${name}\\b`));
  });

  it('help <command> works like <command> --help', async () => {
    const r = await cli('help', 'validate');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Exit codes: 0 every file valid; 1 at least one invalid; 2 a file could not be read');
  });

  it('documents the options of apikey:create and validate', async () => {
    const apikey = await cli('apikey:create', '--help');
    for (const flag of ['--role <role>', '--tenant <id>', '--expires-in-days <n>', '--name <text>']) expect(apikey.out).toContain(flag);
    expect((await cli('validate', '--help')).out).toContain('--json');
  });

  it.each([
    [['bogus'], /^error: unknown command 'bogus'/],
    [['validate', '--bogus', GOOD_UBL], /^error: unknown option '--bogus'/],
    [['validate'], /^error: missing required argument 'paths'/],
    [['migration:generate', 'lower_case'], /PascalCase/],
    [['migration:run', 'extra'], /^error: too many arguments/],
    [['config:sample', 'a', 'b'], /^error: too many arguments/],
    [['apikey:create'], /^error: at least one --role is required/],
    [['apikey:create', '--role', 'root'], /unknown role root/],
    [['apikey:create', '--role', 'admin', '--expires-in-days', '0'], /--expires-in-days must be an integer from 1 to 3650/],
  ])('%j is a usage error: message on stderr, nothing on stdout, exit 2', async (argv, message) => {
    const r = await cli(...argv);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(message);
  });

  it('without a command prints the help on stderr and exits 2', async () => {
    const r = await cli();
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/^Usage: npm run cli --/);
  });

  it('config:sample - prints the sample through the program', async () => {
    const r = await cli('config:sample', '-');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^# /);
  });
});

describe('cli process', () => {
  const main = join(SRC, 'cli', 'main.ts');
  const run = (...argv: string[]) => spawnSync(process.execPath, ['--import', 'tsx', main, ...argv], { encoding: 'utf8' });

  it('exits 1 on an invalid file with the report on stdout, and 2 with the error on stderr for an unknown option', () => {
    const dir = tempDir();
    const bad = put(dir, 'bad.xml', withoutInvoiceNumber());
    const invalid = run('validate', GOOD_UBL, bad);
    const usage = run('validate', '--strict', bad);
    rmSync(dir, { recursive: true, force: true });

    expect({ status: invalid.status, stderr: invalid.stderr }).toEqual({ status: 1, stderr: '' });
    expect(invalid.stdout).toContain(`${bad}: UBL Invoice by en16931 1.3.16: INVALID (1 error, 0 warnings)\n  error BR-02 [/Invoice] An Invoice shall have an Invoice number (BT-1).\n`);
    expect(invalid.stdout.endsWith('2 files: 1 valid, 1 invalid, 0 unreadable; 1 error, 0 warnings\n')).toBe(true);

    expect({ status: usage.status, stdout: usage.stdout }).toEqual({ status: 2, stdout: '' });
    expect(usage.stderr).toContain("error: unknown option '--strict'");
  });
});
