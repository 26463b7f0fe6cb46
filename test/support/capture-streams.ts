/** Streams that record what a command writes, for runCli / validatePaths. */
import type { CliStreams } from '../../src/cli/cli-context';

export interface Captured extends CliStreams {
  out(): string;
  err(): string;
}

export function captureStreams(opts: { stderrIsTty?: boolean } = {}): Captured {
  let out = '';
  let err = '';
  return {
    stdout: { write: (text: string) => (out += text) },
    stderr: { write: (text: string) => (err += text), isTTY: opts.stderrIsTty },
    out: () => out,
    err: () => err,
  };
}
