/** A value a statement's `$n` placeholder may take when it is written into the text. */
export type SqlValue = string | number | bigint | boolean | Date | Buffer | null | undefined | Record<string, unknown>;

/**
 * A parameter as an SQL literal of unknown type, the way the extended protocol sends it: the
 * server infers the type from where the placeholder stands, so the statement means the same
 * whether it is bound or inlined. Strings are quoted the way pg's escapeLiteral quotes them
 * (quotes doubled, backslashes doubled in an E'' string), bytes as a hex bytea literal, objects
 * as JSON text.
 */
export function sqlLiteral(value: SqlValue): string {
  if (value === null || value === undefined) return 'NULL';
  if (Buffer.isBuffer(value)) return `'\\x${value.toString('hex')}'`;
  if (value instanceof Date) return `'${value.toISOString()}'`;
  switch (typeof value) {
    case 'string':
      return quoted(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`not a finite number: ${value}`);
      return `'${value}'`;
    case 'bigint':
    case 'boolean':
      return `'${value}'`;
    default:
      if (Array.isArray(value)) throw new TypeError('arrays are not inlined: pass them as JSON');
      return quoted(JSON.stringify(value));
  }
}

/**
 * A parameter as a bound value of the extended protocol: the text the server's input function
 * reads (the same text sqlLiteral quotes, so bound and inlined mean the same), NULL as null, and
 * bytes as they are (sent in binary format to a bytea parameter; see hexText for any other).
 */
export function parameterValue(value: SqlValue): string | Buffer | null {
  if (value === null || value === undefined) return null;
  if (Buffer.isBuffer(value)) return value;
  if (value instanceof Date) return value.toISOString();
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`not a finite number: ${value}`);
      return String(value);
    case 'bigint':
    case 'boolean':
      return String(value);
    default:
      if (Array.isArray(value)) throw new TypeError('arrays are not inlined: pass them as JSON');
      return JSON.stringify(value);
  }
}

/** Bytes as the text of a hex bytea literal, for a parameter that is not bytea (as sqlLiteral writes them). */
export function hexText(bytes: Buffer): string {
  return `\\x${bytes.toString('hex')}`;
}

/**
 * pg's escapeLiteral, with native replaces instead of its character loop: the run results are
 * JSON texts of several KB, and the loop showed in profiles. The E'' form keeps the meaning of a
 * backslash independent of standard_conforming_strings.
 */
function quoted(text: string): string {
  const body = text.replace(/'/g, "''");
  return text.includes('\\') ? ` E'${body.replace(/\\/g, '\\\\')}'` : `'${body}'`;
}

/**
 * The statement with every `$n` replaced by its parameter as a literal. Only for the service's
 * own statement texts, which hold no `$n` inside string literals, comments or dollar quotes.
 */
export function inlineParameters(sql: string, parameters: readonly SqlValue[]): string {
  return sql.replace(/\$(\d+)/g, (_, n: string) => {
    const index = Number(n) - 1;
    if (index < 0 || index >= parameters.length) throw new RangeError(`statement uses $${n} but has ${parameters.length} parameters`);
    return sqlLiteral(parameters[index]);
  });
}
