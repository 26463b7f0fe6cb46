import 'reflect-metadata';
import { runCli } from './program';

/** `npm run cli -- <command> [args]` (or `node dist/cli/main.js`); `--help` lists the commands. */
runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr }).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
