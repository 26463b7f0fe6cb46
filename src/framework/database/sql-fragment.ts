import type { SqlValue } from './sql-literal';

/**
 * A piece of a statement with its own `$1…$n` parameters: how a repository hands the part of a
 * statement it owns (a CTE on its table) to a repository that owns the rest, so a write that spans
 * two folders' tables stays one statement and one round trip, while each table's SQL stays in its
 * owner's repository.
 */
export interface SqlFragment {
  readonly sql: string;
  readonly parameters: readonly SqlValue[];
}

export function fragment(sql: string, parameters: readonly SqlValue[] = []): SqlFragment {
  return { sql, parameters };
}

/**
 * `WITH name AS (…), … <final>` from fragments: each fragment's `$n` are renumbered after the
 * parameters of the fragments before it, so no fragment needs to know where it ends up.
 * Fragments are the service's own statement texts (no `$n` inside literals or comments).
 */
export function withSteps(steps: ReadonlyArray<readonly [name: string, step: SqlFragment]>, final: SqlFragment): SqlFragment {
  const parameters: SqlValue[] = [];
  const place = (part: SqlFragment): string => {
    const offset = parameters.length;
    parameters.push(...part.parameters);
    return part.sql.replace(/\$(\d+)/g, (_, n: string) => {
      const index = Number(n);
      if (index < 1 || index > part.parameters.length) throw new RangeError(`fragment uses $${n} but has ${part.parameters.length} parameters`);
      return `$${index + offset}`;
    });
  };
  const ctes = steps.map(([name, step]) => {
    if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new RangeError(`not a CTE name: ${name}`);
    return `${name} AS (${place(step)})`;
  });
  const tail = place(final);
  return { sql: ctes.length > 0 ? `WITH ${ctes.join(',\n')}\n${tail}` : tail, parameters };
}
