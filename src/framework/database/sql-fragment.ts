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
 *
 * The hot path composes the same few shapes on every invoice, so each composed text is kept (by
 * its step names, fragment texts and parameter counts): the renumbering runs once per shape, and
 * every later call returns the same string, whose hash V8 keeps, so TenantDatabase's lookup of the
 * prepared statement by text does not hash ~2 KB again.
 */
export function withSteps(steps: ReadonlyArray<readonly [name: string, step: SqlFragment]>, final: SqlFragment): SqlFragment {
  const sql = shapes.size < SHAPES_MAX ? composedOnce(steps, final) : compose(steps, final);
  const parameters: SqlValue[] = [];
  for (const [, step] of steps) for (const value of step.parameters) parameters.push(value);
  for (const value of final.parameters) parameters.push(value);
  return { sql, parameters };
}

/**
 * Composed texts by shape: a trie over the shape's parts (step names, fragment texts, parameter
 * counts). The parts are the callers' constant strings, whose hashes V8 keeps, so a lookup hashes
 * nothing long. The service has a handful of shapes; past SHAPES_MAX (a caller composing texts
 * that vary) nothing more is kept.
 */
interface Shape {
  readonly next: Map<string | number, Shape>;
  sql?: string;
}
const root: Shape = { next: new Map() };
const shapes = new Set<Shape>();
const SHAPES_MAX = 64;

function composedOnce(steps: ReadonlyArray<readonly [name: string, step: SqlFragment]>, final: SqlFragment): string {
  let node = root;
  const down = (part: string | number): void => {
    let next = node.next.get(part);
    if (!next) node.next.set(part, (next = { next: new Map() }));
    node = next;
  };
  for (const [name, step] of steps) {
    down(name);
    down(step.sql);
    down(step.parameters.length);
  }
  down(final.sql);
  down(final.parameters.length);
  if (node.sql === undefined) {
    node.sql = compose(steps, final);
    shapes.add(node);
  }
  return node.sql;
}

function compose(steps: ReadonlyArray<readonly [name: string, step: SqlFragment]>, final: SqlFragment): string {
  let offset = 0;
  const place = (part: SqlFragment): string => {
    const at = offset;
    offset += part.parameters.length;
    return part.sql.replace(/\$(\d+)/g, (_, n: string) => {
      const index = Number(n);
      if (index < 1 || index > part.parameters.length) throw new RangeError(`fragment uses $${n} but has ${part.parameters.length} parameters`);
      return `$${index + at}`;
    });
  };
  const ctes = steps.map(([name, step]) => {
    if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new RangeError(`not a CTE name: ${name}`);
    return `${name} AS (${place(step)})`;
  });
  const tail = place(final);
  return ctes.length > 0 ? `WITH ${ctes.join(',\n')}\n${tail}` : tail;
}
