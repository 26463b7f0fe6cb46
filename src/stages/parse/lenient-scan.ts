/**
 * One forward pass over a possibly broken XML document that records, per local name, where its
 * start and end tags are and the text right after each start tag. Every search moves forward
 * only and remembers its last answer (`forward`), so the whole scan is linear in the input size
 * whatever the input: unclosed tags, runs of `<ID `, endless attributes or comments never make a
 * search start over from the same place.
 */

export interface ScannedElement {
  /** Position of the tag among all start and end tags. */
  ordinal: number;
  /** Trimmed text between the start tag and the next `<` ('' when nothing or no `<` follows). */
  text: string;
}

export interface ScannedElements {
  /** Start tags (not self-closing) by lower-case local name, in document order. */
  texts: Map<string, ScannedElement[]>;
  /** Ordinal of the first start tag of each lower-case local name. */
  firstOpen: Map<string, number>;
  /** Ordinals of the end tags of each lower-case local name, in document order. */
  closes: Map<string, number[]>;
  /** Local names (exact case) that have a start tag. */
  opened: Set<string>;
}

/**
 * `find(from)` is `xml.indexOf(token, from)` for non-decreasing `from`: an answer still ahead is
 * reused, and "not found" stays not found, so the text is read at most once per token.
 */
function forward(xml: string, token: string): (from: number) => number {
  let at = -2;
  return (from) => {
    if (at === -1 || at >= from) return at;
    at = xml.indexOf(token, from);
    return at;
  };
}

/** Markup that is skipped whole: its opening, and what closes it. */
const SKIPPED: ReadonlyArray<[string, string]> = [
  ['<!--', '-->'],
  ['<![CDATA[', ']]>'],
  ['<?', '?>'],
  ['<!', '>'],
];

/** Whitespace, `/`, `<` and `>` end a tag name. */
function endsName(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d || code === 0x2f || code === 0x3c || code === 0x3e;
}

function append<V>(map: Map<string, V[]>, key: string, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** `names`: the lower-case local names to record (every name when omitted); other tags are only counted. */
export function scanElements(xml: string, names?: ReadonlySet<string>): ScannedElements {
  const result: ScannedElements = { texts: new Map(), firstOpen: new Map(), closes: new Map(), opened: new Set() };
  const nextLt = forward(xml, '<');
  const nextGt = forward(xml, '>');
  const closers = new Map(SKIPPED.map(([, close]) => [close, forward(xml, close)]));
  let ordinal = 0;
  let i = nextLt(0);
  scan: while (i !== -1) {
    const marker = xml.charCodeAt(i + 1);
    for (const [open, close] of marker === 0x21 || marker === 0x3f ? SKIPPED : []) {
      if (!xml.startsWith(open, i)) continue;
      const end = closers.get(close)!(i + open.length);
      if (end === -1) break scan; // unterminated: the rest of the document is inside it
      i = nextLt(end + close.length);
      continue scan;
    }
    const closing = marker === 0x2f;
    const nameStart = i + (closing ? 2 : 1);
    let nameEnd = nameStart;
    while (nameEnd < xml.length && !endsName(xml.charCodeAt(nameEnd))) nameEnd++;
    const end = nextGt(nameEnd);
    if (end === -1) break; // no tag can be completed any more
    const following = nextLt(nameEnd);
    if (nameEnd === nameStart || (following !== -1 && following < end)) {
      i = following; // not a name, or another tag starts before this one ends: not a tag
      continue;
    }
    ordinal++;
    const name = xml.slice(nameStart, nameEnd);
    const local = name.slice(name.lastIndexOf(':') + 1);
    const key = local.toLowerCase();
    if (names && !names.has(key)) {
      i = following;
      continue;
    }
    if (closing) append(result.closes, key, ordinal);
    else if (xml.charCodeAt(end - 1) !== 0x2f) {
      result.opened.add(local);
      if (!result.firstOpen.has(key)) result.firstOpen.set(key, ordinal);
      append(result.texts, key, { ordinal, text: following === -1 ? '' : xml.slice(end + 1, following).trim() });
    }
    i = following;
  }
  return result;
}
