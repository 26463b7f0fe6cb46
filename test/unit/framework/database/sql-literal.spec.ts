import { escapeLiteral } from 'pg';
import { inlineParameters, sqlLiteral } from '../../../../src/framework/database/sql-literal';

// The round trip through PostgreSQL is in test/integration/tenancy/tenant-database.spec.ts;
// here the quoting is held to pg's own escapeLiteral, character for character.
describe('sqlLiteral', () => {
  it.each(['plain', "it's", 'back\\slash', "both \\ and ' quote", "''", '\\\\', '$1 ☃ 😀', '', 'E\'x\'', '\n\t\r'])(
    'quotes %j exactly as pg.escapeLiteral does',
    (text) => {
      expect(sqlLiteral(text)).toBe(escapeLiteral(text));
    },
  );

  it('quotes JSON text of objects the same way', () => {
    const value = { note: "O'Brien \\ co", amount: '12.50' };
    expect(sqlLiteral(value)).toBe(escapeLiteral(JSON.stringify(value)));
  });

  it('writes bytes as hex bytea, and refuses arrays and non-finite numbers', () => {
    expect(sqlLiteral(Buffer.from([0, 0xff, 0x27]))).toBe("'\\x00ff27'");
    expect(() => sqlLiteral([1, 2] as never)).toThrow(TypeError);
    expect(() => sqlLiteral(Number.NaN)).toThrow(TypeError);
  });

  it('inlines every occurrence of $n and refuses a missing one', () => {
    expect(inlineParameters('SELECT $1, $2, $1', ["a'b", null])).toBe("SELECT 'a''b', NULL, 'a''b'");
    expect(() => inlineParameters('SELECT $3', [1, 2])).toThrow(RangeError);
  });
});
