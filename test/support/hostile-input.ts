/**
 * Hostile input for the invoice engine: seeded mutations of a document (truncations and bit
 * flips) and a billion-laughs document, shared by the unit tests and the invoice engine
 * benchmark, so both look at the same inputs.
 */

/** mulberry32: tiny deterministic PRNG. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Mutation {
  kind: 'truncation' | 'bit-flips';
  bytes: Buffer;
}

/** `perKind` truncations and `perKind` copies with 1-4 flipped bits, interleaved, from `seed`. */
export function mutationsOf(original: Buffer, seed: number, perKind: number): Mutation[] {
  const rand = prng(seed);
  const out: Mutation[] = [];
  for (let m = 0; m < perKind; m++) {
    out.push({ kind: 'truncation', bytes: original.subarray(0, Math.floor(rand() * original.length)) });
    const flipped = Buffer.from(original);
    const flips = 1 + Math.floor(rand() * 4);
    for (let f = 0; f < flips; f++) flipped[Math.floor(rand() * flipped.length)] ^= 1 << Math.floor(rand() * 8);
    out.push({ kind: 'bit-flips', bytes: flipped });
  }
  return out;
}

/** The lines of a billion-laughs document: nine levels of ten-fold entity expansion, used in the root element. */
export function billionLaughsLines(): string[] {
  const lines = ['<?xml version="1.0"?>', '<!DOCTYPE lolz [', ' <!ENTITY lol "lol">'];
  for (let i = 1; i <= 9; i++) lines.push(` <!ENTITY lol${i} "${`&lol${i === 1 ? '' : i - 1};`.repeat(10)}">`);
  lines.push(']>', '<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2">&lol9;</Invoice>');
  return lines;
}
