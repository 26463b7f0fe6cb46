import { types as pgTypes, type Connection, type PoolClient, type Submittable } from 'pg';

/** One execution of a prepared statement: its name, its parameters as wire values, whether its rows are wanted. */
export interface PipelineStep {
  name: string;
  /** Text values, or Buffers sent in binary format (bytea parameters only); null is NULL. */
  values: ReadonlyArray<string | Buffer | null>;
  /** Rows wanted: the portal is described (RowDescription) and its rows parsed; otherwise they are skipped. */
  rows: boolean;
}

/**
 * Executes prepared statements of the connection with the extended protocol, all written in one
 * go: Bind (parameters as values), Describe when rows are wanted, Execute per step, then ONE Sync.
 * Without a Sync in between, PostgreSQL runs the steps in one implicit transaction and commits it
 * at the Sync (one commit, one round trip); if a step fails, the server skips the rest, rolls the
 * whole transaction back at the Sync and the pipeline fails with that step's error. Resolves with
 * each step's rows (an empty array for the steps whose rows were not wanted). A pg Submittable (as
 * pg-cursor is one): pg's Client routes the backend's messages of this query to the handle* methods.
 */
export function runPipeline(client: PoolClient, steps: readonly PipelineStep[]): Promise<unknown[][]> {
  return new Promise((resolve, reject) => {
    // The client's type parsers (pg's defaults unless the client was given its own), as client.query would use.
    const parsers = (client as unknown as { _types?: TypeParsers })._types ?? pgTypes;
    client.query(new Pipeline(steps, parsers, resolve, reject));
  });
}

interface TypeParsers {
  getTypeParser(oid: number, format: 'text' | 'binary'): (value: string) => unknown;
}

/** A RowDescription's field, as pg-protocol parses it. */
interface Field {
  name: string;
  dataTypeID: number;
  format: 'text' | 'binary';
}

class Pipeline implements Submittable {
  private readonly results: unknown[][];
  /** The step whose messages arrive now (each step ends with its CommandComplete). */
  private step = 0;
  /** The current step's columns and their parsers, from its RowDescription. */
  private current: { names: string[]; parse: Array<(value: string) => unknown> } | undefined;
  private settled = false;
  private failure: unknown;

  constructor(
    private readonly steps: readonly PipelineStep[],
    private readonly types: TypeParsers,
    private readonly resolve: (rows: unknown[][]) => void,
    private readonly reject: (error: unknown) => void,
  ) {
    this.results = steps.map(() => []);
  }

  /**
   * Writes the messages. An error returned here (not expected: every value is a string, a Buffer or
   * null) reaches handleError through pg, and the caller ends the connection (it is not a server
   * error), whatever part of the pipeline went out without its Sync.
   */
  submit(connection: Connection): Error | undefined {
    const stream = connection.stream as { cork?: () => void; uncork?: () => void };
    // One write for the whole group (pg's own extended queries cork the same way).
    stream.cork?.();
    try {
      for (const step of this.steps) {
        connection.bind({ statement: step.name, portal: '', values: step.values as (string | Buffer | null)[] }, true);
        if (step.rows) connection.describe({ type: 'P', name: '' }, true);
        connection.execute(null, true); // the unnamed portal, all rows (pg-protocol's prebuilt message)
      }
      connection.sync();
      return undefined;
    } catch (error) {
      return error instanceof Error ? error : new Error(String(error));
    } finally {
      stream.uncork?.();
    }
  }

  handleRowDescription(message: { fields: Field[] }): void {
    this.current = {
      names: message.fields.map((field) => field.name),
      parse: message.fields.map((field) => this.types.getTypeParser(field.dataTypeID, field.format ?? 'text')),
    };
  }

  handleDataRow(message: { fields: Array<string | null> }): void {
    const current = this.current;
    if (current === undefined || this.failure !== undefined) return;
    try {
      const row: Record<string, unknown> = {};
      for (let i = 0; i < message.fields.length; i++) {
        const value = message.fields[i];
        row[current.names[i]] = value === null ? null : current.parse[i](value);
      }
      this.results[this.step].push(row);
    } catch (error) {
      // A value pg cannot parse: the steps still run (and commit) as sent; the callers get the error.
      this.failure = error;
    }
  }

  handleCommandComplete(): void {
    this.current = undefined;
    this.step++;
  }

  handleEmptyQuery(): void {
    this.handleCommandComplete();
  }

  handlePortalSuspended(): void {
    // Not expected (Execute asks for all rows).
  }

  handleCopyInResponse(connection: Connection): void {
    (connection as unknown as { sendCopyFail(message: string): void }).sendCopyFail('COPY is not supported in a pipeline');
  }

  handleCopyData(): void {
    // Not expected.
  }

  /** The server's error (the transaction is rolled back at the Sync) or a lost connection. */
  handleError(error: unknown): void {
    if (this.settled) return;
    this.settled = true;
    this.reject(error);
  }

  handleReadyForQuery(): void {
    if (this.settled) return;
    this.settled = true;
    if (this.failure !== undefined) this.reject(this.failure);
    else this.resolve(this.results);
  }
}
