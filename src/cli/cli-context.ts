/** The streams a command writes to, injected so tests can capture them (process.stdout/stderr in main). */
export interface CliStreams {
  stdout: { write(text: string): unknown };
  /** isTTY decides whether a progress line is drawn. */
  stderr: { write(text: string): unknown; isTTY?: boolean };
}

/** A writer of whole lines to one stream. */
export type WriteLine = (line: string) => void;

export function lineWriter(stream: { write(text: string): unknown }): WriteLine {
  return (line) => {
    stream.write(`${line}\n`);
  };
}

/** What every command needs: where to write and where to leave its exit code. */
export interface CommandContext {
  streams: CliStreams;
  setExitCode(code: number): void;
}
