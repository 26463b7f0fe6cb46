import { escapeLiteral } from 'pg';
import { hexText, inlineParameters, parameterValue, sqlLiteral } from '../../../../src/framework/database/sql-literal';

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

// The bound form of the same values (TenantDatabase's prepared statements): the text each literal holds.
describe('parameterValue', () => {
  const date = new Date('2026-11-28T16:00:00.123Z');
  it.each<[string, unknown]>([
    ['plain', "it's \\ ☃"],
    ['number', 12.5],
    ['bigint', 12n],
    ['boolean', false],
    ['date', date],
    ['object', { note: "O'Brien \\ co" }],
  ])('is the text the literal of a %s quotes', (_, value) => {
    expect(escapeLiteral(parameterValue(value as never) as string)).toBe(sqlLiteral(value as never));
  });

  it('keeps bytes as bytes (hexText: the literal’s text for a parameter that is not bytea), null as null, and refuses what sqlLiteral refuses', () => {
    const bytes = Buffer.from([0, 0xff, 0x27]);
    expect(parameterValue(bytes)).toBe(bytes);
    expect(sqlLiteral(bytes)).toBe(`'${hexText(bytes)}'`);
    expect([parameterValue(null), parameterValue(undefined)]).toEqual([null, null]);
    expect(() => parameterValue([1, 2] as never)).toThrow(TypeError);
    expect(() => parameterValue(Number.POSITIVE_INFINITY)).toThrow(TypeError);
  });
});
