import 'reflect-metadata';
import { runApiKeyCommand } from './apikey-command';
import { runConfigSampleCommand } from './config-command';
import { runMigrateCommand } from './migrate-command';
import { runValidateCommand } from './validate-command';

type Write = (line: string) => void;
type Command = (args: string[], write: Write) => Promise<number>;

const COMMANDS: Record<string, { summary: string; run: Command }> = {
  'migration:run': { summary: 'apply pending migrations', run: (a, w) => runMigrateCommand('migration:run', a, w) },
  'migration:revert': { summary: 'revert the last migration', run: (a, w) => runMigrateCommand('migration:revert', a, w) },
  'migration:show': { summary: 'exit 1 when migrations are pending', run: (a, w) => runMigrateCommand('migration:show', a, w) },
  'apikey:create': {
    summary: 'apikey:create --role <role> [--role ...] [--tenant <id>] [--expires-in-days <n>] [--name <text>]: print a new API key once',
    run: runApiKeyCommand,
  },
  'config:sample': {
    summary: 'config:sample [file]: write a sample YAML configuration file (descriptions, defaults) from the classes',
    run: runConfigSampleCommand,
  },
  validate: {
    summary: 'validate <files...> [--json]: EN 16931 report per file, with the code of the validate stage',
    run: runValidateCommand,
  },
  'migration:generate': {
    summary: 'migration:generate <Name>: write the SQL that aligns the schema with the entities',
    run: (a, w) => runMigrateCommand('migration:generate', a, w),
  },
};

/** `npm run cli -- <command> [args]`: operational commands that share the service's code. */
async function main(argv: string[]): Promise<number> {
  const write: Write = (line) => process.stdout.write(`${line}\n`);
  const [name, ...args] = argv;
  const command = name ? COMMANDS[name] : undefined;
  if (!command) {
    write('usage: npm run cli -- <command> [args]\n');
    for (const [key, { summary }] of Object.entries(COMMANDS)) write(`  ${key.padEnd(20)} ${summary}`);
    return name ? 2 : 0;
  }
  return command.run(args, write);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
