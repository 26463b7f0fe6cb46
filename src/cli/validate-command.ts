/**
 * `validate <paths...> [--json]`: checks invoices with the engine the validate stage uses and
 * reports like a Unix tool. Exit 0 when every file is valid, 1 when one is invalid, 2 when a
 * file could not be read or judged or on a usage error; 2 beats 1 (a run that did not look at
 * everything must not read as a plain verdict). A document that is not well-formed is a verdict
 * (invalid), not a read error.
 */
import { Command, Option } from 'commander';
import { RULE_SET_IDS, type RuleSetId } from '../einvoice';
import { lineWriter, type CliStreams, type CommandContext } from './cli-context';
import { checkFile } from './validate/check-file';
import { collectTargets, INVOICE_EXTENSIONS } from './validate/collect-files';
import { fileLines, Tally } from './validate/human-report';
import { Progress } from './validate/progress';

export interface ValidateOptions {
  /** One JSON object per file (JSON Lines) instead of the human report. */
  json?: boolean;
  /** The rule set to judge by; absent: each document's CustomizationID picks it (en16931 when none). */
  ruleSet?: RuleSetId;
  /** Files from which the progress line is drawn on a terminal. */
  progressMinFiles?: number;
}

const EXIT_HELP = `
Directories are searched recursively for ${INVOICE_EXTENSIONS.join(', ')} files (sorted); files named
on the command line are checked whatever their extension. A document that is not well-formed
XML or a corrupt PDF is invalid (rule PARSE), not a read error.

Rule sets: ${RULE_SET_IDS.join(', ')}. Without --rule-set, each document's specification
identifier (CustomizationID, BT-24) picks its rule set (en16931 when it names none known).

Output: per file a line "path: SYNTAX TYPE by RULE-SET VERSION: VALID|INVALID (n errors, m
warnings)", one line per finding "  error RULE [location] message", then a summary line. With
--json, one object per file: file, status, valid, rule_set, rule_set_version, syntax,
document_type, errors and warnings (rule, severity, message, location, business_term); no
summary line.

Exit codes: 0 every file valid; 1 at least one invalid; 2 a file could not be read or
judged, or a usage error (2 beats 1).`;

export function validateCommand(context: CommandContext): Command {
  return new Command('validate')
    .description('check invoices (UBL, CII, Factur-X PDF) against EN 16931 or a CIUS rule set (Peppol BIS 3, XRechnung) with the engine of the validate stage')
    .argument('<paths...>', 'invoice files or directories')
    .option('--json', 'one JSON object per file (JSON Lines), keys in snake_case')
    .addOption(new Option('--rule-set <id>', 'judge every file by this rule set (default: by its CustomizationID)').choices(RULE_SET_IDS))
    .addHelpText('after', EXIT_HELP)
    .action(async (paths: string[], options: { json?: boolean; ruleSet?: RuleSetId }) =>
      context.setExitCode(await validatePaths(paths, { json: options.json === true, ruleSet: options.ruleSet }, context.streams)),
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
    const result = await checkFile(target, options.ruleSet);
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
