import { jsonDepthExceeds, jsonHasNul, MAX_JSON_DEPTH } from '../../../../src/framework/http';

const bytes = (text: string) => Buffer.from(text, 'utf8');
const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

describe('jsonDepthExceeds', () => {
  it('allows nesting up to the limit and refuses one level more', () => {
    expect(jsonDepthExceeds(bytes(nested(MAX_JSON_DEPTH)))).toBe(false);
    expect(jsonDepthExceeds(bytes(nested(MAX_JSON_DEPTH + 1)))).toBe(true);
    expect(jsonDepthExceeds(bytes('{"a":'.repeat(65) + '1' + '}'.repeat(65)))).toBe(true);
  });

  it('counts objects and arrays alike, and siblings do not add up', () => {
    expect(jsonDepthExceeds(bytes('{"a":[{"b":[1]}]}'), 4)).toBe(false);
    expect(jsonDepthExceeds(bytes('{"a":[{"b":[[1]]}]}'), 4)).toBe(true);
    expect(jsonDepthExceeds(bytes(`[${'[1],'.repeat(10_000)}[1]]`), 2)).toBe(false);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    expect(jsonDepthExceeds(bytes(`{"a":"${'['.repeat(1000)}"}`), 2)).toBe(false);
    expect(jsonDepthExceeds(bytes(`{"a":"\\"${'{'.repeat(1000)}"}`), 2)).toBe(false);
    expect(jsonDepthExceeds(bytes(`{"a":"\\\\","b":${nested(3)}}`), 3)).toBe(true);
  });

  it('scans 100,000 levels in one pass without recursion', () => {
    expect(jsonDepthExceeds(bytes(nested(100_000)))).toBe(true);
    expect(jsonDepthExceeds(bytes('['.repeat(100_000)))).toBe(true);
  });
});

describe('jsonHasNul', () => {
  it('finds \\u0000 inside strings, keys included', () => {
    expect(jsonHasNul(bytes('{"a":"x\\u0000y"}'))).toBe(true);
    expect(jsonHasNul(bytes('{"\\u0000":1}'))).toBe(true);
  });

  it('is not fooled by an escaped backslash followed by u0000, or other escapes', () => {
    expect(jsonHasNul(bytes('{"a":"\\\\u0000"}'))).toBe(false);
    expect(jsonHasNul(bytes('{"a":"\\u0001\\u00e9\\n"}'))).toBe(false);
    expect(jsonHasNul(bytes('{"u0000":"\\"u0000"}'))).toBe(false);
  });
});
