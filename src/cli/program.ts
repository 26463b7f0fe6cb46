/**
 * The command-line program (commander): every command documents itself with --help, and
 * parse problems (unknown command or option, missing argument) print a message on stderr
 * and exit 2, like a usage error of any Unix tool.
 */
import { Command, CommanderError } from 'commander';
import { apiKeyCommand, createApiKey } from './apikey-command';
import { lineWriter, type CliStreams, type CommandContext } from './cli-context';
import { runConfigSampleCommand } from './config-command';
import { migrationCommands } from './migrate-command';
import { validateCommand } from './validate-command';

export function buildProgram(context: CommandContext): Command {
  const { streams } = context;
  const program = new Command('npm run cli --')
    .description('Operational commands that share the service code: migrations, API keys, configuration sample, invoice validation.')
    .configureOutput({ writeOut: (s) => streams.stdout.write(s), writeErr: (s) => streams.stderr.write(s) })
    .exitOverride()
    .showHelpAfterError('(add --help for usage)')
    .addHelpText('after', '\nExit codes: 0 success; 2 usage error (unknown command or option, missing argument); see each command for the others.');
  // command() copies the program's output, exit override and error help; prebuilt commands get them from inherit().
  for (const command of migrationCommands(context)) program.addCommand(inherit(command, program));
  const write = lineWriter(streams.stdout);
  program.addCommand(inherit(apiKeyCommand(async (options) => context.setExitCode(await createApiKey(options, write))), program));
  program
    .command('config:sample')
    .description('write a sample YAML configuration file (descriptions, defaults) generated from the configuration classes')
    .argument('[file]', 'target file; "-" prints to stdout', 'config.sample.yaml')
    .action(async (file: string) => context.setExitCode(await runConfigSampleCommand([file], write)));
  program.addCommand(inherit(validateCommand(context), program));
  return program;
}

/** addCommand does not copy settings (command() does): give a prebuilt command the program's. */
function inherit(command: Command, program: Command): Command {
  return command.copyInheritedSettings(program);
}

/** Runs the program on argv (without node and script) and answers the process exit code. */
export async function runCli(argv: string[], streams: CliStreams): Promise<number> {
  let exitCode = 0;
  const program = buildProgram({ streams, setExitCode: (code) => (exitCode = code) });
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    // Help and version exit 0; every other commander stop is a usage error.
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    throw e;
  }
  return exitCode;
}
