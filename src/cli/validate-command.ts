/**
 * `validate <paths...> [--json]`: checks invoices with the engine the validate stage uses and
 * reports like a Unix tool. Exit 0 when every file is valid, 1 when one is invalid, 2 when a
 * file could not be read or judged or on a usage error; 2 beats 1 (a run that did not look at
 * everything must not read as a plain verdict). A document that is not well-formed is a verdict
 * (invalid), not a read error.
 */
import { Command } from 'commander';
import { lineWriter, type CliStreams, type CommandContext } from './cli-context';
import { checkFile } from './validate/check-file';
import { collectTargets, INVOICE_EXTENSIONS } from './validate/collect-files';
import { fileLines, Tally } from './validate/human-report';
import { Progress } from './validate/progress';

export interface ValidateOptions {
  /** One JSON object per file (JSON Lines) instead of the human report. */
  json?: boolean;
  /** Files from which the progress line is drawn on a terminal. */
  progressMinFiles?: number;
}

const EXIT_HELP = `
Directories are searched recursively for ${INVOICE_EXTENSIONS.join(', ')} files (sorted); files named
on the command line are checked whatever their extension. A document that is not well-formed
XML or a corrupt PDF is invalid (rule PARSE), not a read error.

Output: per file a line "path: SYNTAX TYPE: VALID|INVALID (n errors, m warnings)", one line
per finding "  error RULE [location] message", then a summary line. With --json, one object
per file: file, status, valid, syntax, document_type, errors and warnings (rule, severity,
message, location); no summary line.

Exit codes: 0 every file valid; 1 at least one invalid; 2 a file could not be read or
judged, or a usage error (2 beats 1).`;

export function validateCommand(context: CommandContext): Command {
  return new Command('validate')
    .description('check invoices (UBL, CII, Factur-X PDF) against EN 16931 with the engine of the validate stage')
    .argument('<paths...>', 'invoice files or directories')
    .option('--json', 'one JSON object per file (JSON Lines), keys in snake_case')
    .addHelpText('after', EXIT_HELP)
    .action(async (paths: string[], options: { json?: boolean }) =>
      context.setExitCode(await validatePaths(paths, { json: options.json === true }, context.streams)),
    );
}

/** Checks every file under `paths` in order, writing as it goes; answers the exit code. */
export async function validatePaths(paths: readonly string[], options: ValidateOptions, streams: CliStreams): Promise<number> {
  const out = lineWriter(streams.stdout);
  const targets = await collectTargets(paths);
  const tally = new Tally();
  const progress = new Progress(streams.stderr, targets.length, options.progressMinFiles ?? 20);
  progress.update(0, 0);
  for (const target of targets) {
    const result = await checkFile(target);
    tally.add(result);
    progress.clear();
    if (options.json) out(JSON.stringify(result));
    else for (const line of fileLines(result)) out(line);
    progress.update(tally.total, tally.files.invalid);
  }
  progress.clear();
  if (!options.json) out(tally.summary());
  return tally.exitCode;
}
