import { fragment, inlineParameters, withSteps } from '../../../../src/framework/database';

describe('SQL fragments', () => {
  it('renumber each fragment’s parameters after those before it', () => {
    const statement = withSteps(
      [
        ['a', fragment('INSERT INTO t (x, y) VALUES ($1, $2) RETURNING id', ['x', 2])],
        ['b', fragment('UPDATE u SET z = $1, w = $1 FROM a WHERE u.id = a.id', ['z'])],
      ],
      fragment('SELECT $1::int AS n FROM a, b', [7]),
    );
    expect(statement.sql).toBe('WITH a AS (INSERT INTO t (x, y) VALUES ($1, $2) RETURNING id),\nb AS (UPDATE u SET z = $3, w = $3 FROM a WHERE u.id = a.id)\nSELECT $4::int AS n FROM a, b');
    expect(statement.parameters).toEqual(['x', 2, 'z', 7]);
    // A value that looks like a placeholder stays a value: parameters are inlined once, at the end.
    const tricky = withSteps([['a', fragment('SELECT $1 AS v', ['$2'])]], fragment('SELECT v, $1 FROM a', ['second']));
    expect(inlineParameters(tricky.sql, tricky.parameters)).toBe("WITH a AS (SELECT '$2' AS v)\nSELECT v, 'second' FROM a");
  });

  it('refuse a placeholder without its parameter and a name that is not a CTE name', () => {
    expect(() => withSteps([['a', fragment('SELECT $2', [1])]], fragment('SELECT 1'))).toThrow(RangeError);
    expect(() => withSteps([['a; DROP TABLE t', fragment('SELECT 1')]], fragment('SELECT 1'))).toThrow(RangeError);
  });

  it('compose a shape once: the same text (same string) for every call of that shape, with each call’s own parameters', () => {
    const first = withSteps([['a', fragment('SELECT $1 AS v', [1])]], fragment('SELECT v, $1 FROM a', [2]));
    const second = withSteps([['a', fragment('SELECT $1 AS v', [3])]], fragment('SELECT v, $1 FROM a', [4]));
    expect(second.sql).toBe('WITH a AS (SELECT $1 AS v)\nSELECT v, $2 FROM a');
    expect(second.sql).toBe(first.sql);
    expect(second.parameters).toEqual([3, 4]);
    // Another parameter count is another shape: still refused when a placeholder lacks its value.
    expect(() => withSteps([['a', fragment('SELECT $1 AS v', [])]], fragment('SELECT v, $1 FROM a', [4]))).toThrow(RangeError);
    // Another name is another shape.
    expect(withSteps([['b', fragment('SELECT $1 AS v', [1])]], fragment('SELECT v, $1 FROM b', [2])).sql).toBe('WITH b AS (SELECT $1 AS v)\nSELECT v, $2 FROM b');
  });
});
