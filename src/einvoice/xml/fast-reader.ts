/**
 * The fast reading of readXml (see reader.ts): one pass over the text with charCodeAt and indexOf,
 * for the plain XML that invoices are, building the same tree as the full reading (saxes with its
 * namespace processing) would. It is not a parser of its own: it accepts only a strict subset of
 * XML 1.0 and gives up (throws GIVE_UP) at the first thing outside it, well-formed or not:
 *
 * - names of ASCII letters, digits and `_ - . :` only; elements, attributes in quotes, text, the
 *   five predefined entities and character references that are XML 1.0 characters, comments,
 *   CDATA sections inside the root, processing instructions whose target has no colon and is not
 *   `xml`, and an XML declaration of version 1.0 at the very start;
 * - no DOCTYPE, no other `<!` construct, no duplicate attribute name, no text but white space
 *   outside the root, no `]]>` in text, no character outside XML 1.0's Char, no unpaired surrogate;
 * - namespaces as the full reading resolves them, but no unbound, reserved or malformed prefix, no
 *   empty prefixed declaration, no two attributes with one expanded name;
 * - within the limits (depth, element count, text length).
 *
 * readXml then reads the text again the full way, which decides: the error with its line and
 * column, or the same tree. Positions follow saxes: the line and column of an element are those of
 * the `>` ending its start tag, columns count code points (a surrogate pair is one), and CR LF or a
 * lone CR is one line end; CR LF and CR become LF in text, white space in attribute values a space.
 */
import type { XmlLimits } from './limits';
import { adopt, internalized, localSlot, ReadElement, slotCount } from './tree';

/** Shared by every element without attributes (most of them): one object instead of one per element. */
export const NO_ATTRIBUTES: Readonly<Record<string, string>> = Object.freeze({});

/** Thrown by the fast reading on anything it does not accept. */
export class GiveUp extends Error {}
export const GIVE_UP = new GiveUp('use the full reading');

const XML_NAMESPACE = 'http://www.w3.org/XML/1998/namespace';
const XMLNS_NAMESPACE = 'http://www.w3.org/2000/xmlns/';

const LT = 60; // <
const GT = 62; // >
const AMP = 38; // &
const SLASH = 47; // /
const QUESTION = 63; // ?
const BANG = 33; // !
const EQ = 61; // =
const QUOT = 34; // "
const APOS = 39; // '
const TAB = 9;
const LF = 10;
const CR = 13;
const SPACE = 32;
const RBRACKET = 93; // ]

/** Name characters the fast reading accepts: 1 = may start a name, 2 = may only continue one. */
const NAME = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  if (/[A-Za-z_:]/.test(ch)) NAME[c] = 1;
  else if (/[0-9.-]/.test(ch)) NAME[c] = 2;
}

/** The XML declarations the fast reading accepts (anything else: the full reading decides). */
const XML_DECL =
  /<\?xml[ \t\r\n]+version[ \t\r\n]*=[ \t\r\n]*(?:"1\.0"|'1\.0')(?:[ \t\r\n]+encoding[ \t\r\n]*=[ \t\r\n]*(?:"[A-Za-z][A-Za-z0-9._-]*"|'[A-Za-z][A-Za-z0-9._-]*'))?(?:[ \t\r\n]+standalone[ \t\r\n]*=[ \t\r\n]*(?:"(?:yes|no)"|'(?:yes|no)'))?[ \t\r\n]*\?>/y;

/**
 * A name as read, shared by every occurrence of it: names are few (a few hundred in invoices), so
 * each is sliced and split once, and its namespace is resolved again only when the declarations in
 * scope changed (`version`). A table of a bounded size, shared by all readings; names beyond it
 * are made per occurrence.
 */
interface Name {
  readonly qname: string;
  readonly hash: number;
  /** The part before the colon ('' when none) and after it. */
  readonly prefix: string;
  readonly local: string;
  /** Not a name the namespace rules allow for an element (empty prefix or local part, two colons, prefix xmlns). */
  readonly badElementName: boolean;
  /** A colon, but an empty prefix or local part or a second colon. */
  readonly malformed: boolean;
  /** The namespace the name resolved to in scope version `version`. */
  ns: string;
  version: number;
  /** The slot of the local name (see localSlot; -1: none left). */
  readonly slot: number;
  /** The qname's character codes: compared with the text in place (see occursAt). */
  readonly codes: Uint16Array;
}

const NAME_SLOTS = 4096;
const MAX_NAMES = 2048;
const MAX_PROBES = 8;
const names: Array<Name | undefined> = new Array<Name | undefined>(NAME_SLOTS).fill(undefined);
let namesStored = 0;

/** Namespace URIs as declared, internalized (bounded like the names). */
const uris = new Map<string, string>();
const MAX_URIS = 256;

function internalizedUri(uri: string): string {
  let known = uris.get(uri);
  if (known === undefined) {
    known = internalized(uri);
    if (uris.size < MAX_URIS) uris.set(known, known);
  }
  return known;
}

function newName(text: string, hash: number): Name {
  const qname = internalized(text);
  const colon = qname.indexOf(':');
  const prefix = colon < 0 ? '' : internalized(qname.slice(0, colon));
  const local = colon < 0 ? qname : internalized(qname.slice(colon + 1));
  const malformed = colon >= 0 && (prefix === '' || local === '' || local.includes(':'));
  const codes = new Uint16Array(qname.length);
  for (let k = 0; k < qname.length; k++) codes[k] = qname.charCodeAt(k);
  return { qname, hash, prefix, local, badElementName: malformed || prefix === 'xmlns', malformed, ns: '', version: -1, slot: localSlot(local), codes };
}

/** Scope versions: a new one for every reading and every change of the declarations in scope. */
let scopeVersions = 0;

const isSpace = (c: number): boolean => c === SPACE || c === LF || c === TAB || c === CR;

/** One reading. Positions: `line`, the index where it starts, and the surrogate pairs on it so far. */
class FastReader {
  private i = 0;
  private line = 1;
  private lineStart = 0;
  private pairs = 0;
  /** Where the last name read by name() ends. */
  private nameStop = 0;
  /** The version of the declarations in scope (see Name). */
  private version = ++scopeVersions;
  /** The elements by the slot of their local name (the root's `named`), the slots used, and whether an element had none. */
  private readonly named = new Array<ReadElement[] | undefined>(slotCount());
  private readonly namedSlots: number[] = [];
  private unnamed = false;

  private root: ReadElement | undefined = undefined;
  private closedRoot = false;
  private readonly stack: ReadElement[] = [];
  /** The names of the open elements (`stack`'s): an end tag is compared with its element's. */
  private readonly openNames: Name[] = [];
  private readonly all: ReadElement[] = [];
  /** The elements with attributes, in document order (the rules' attribute lookups read only these). */
  private readonly attributed: ReadElement[] = [];

  /** Prefix -> URI in scope, and what each declaration replaced (undone when its element closes). */
  private readonly scope: Record<string, string | undefined>;
  private readonly undoPrefix: string[] = [];
  private readonly undoUri: Array<string | undefined> = [];
  private readonly undoMark: number[] = [];

  /** The attributes of the tag being read, in document order: the first `attrCount` of each list. */
  private readonly attrNames: Name[] = [];
  private readonly attrValues: string[] = [];
  private attrCount = 0;

  constructor(
    private readonly s: string,
    private readonly limits: XmlLimits,
  ) {
    this.scope = Object.create(null) as Record<string, string | undefined>;
    this.scope.xml = XML_NAMESPACE;
    this.scope.xmlns = XMLNS_NAMESPACE;
  }

  read(): ReadElement {
    const s = this.s;
    const n = s.length;
    let i = 0;
    if (n > 0 && s.charCodeAt(0) === 0xfeff) i = 1;
    if (s.startsWith('<?xml', i)) {
      XML_DECL.lastIndex = i;
      if (!XML_DECL.test(s)) throw GIVE_UP;
      this.checkRange(i, XML_DECL.lastIndex);
      i = XML_DECL.lastIndex;
    }
    this.i = i;
    while (this.i < n) {
      if (this.stack.length > 0) this.textInRoot();
      else this.spaceOutsideRoot();
      if (this.i >= n) break;
      this.markup();
    }
    if (this.root === undefined || this.stack.length > 0) throw GIVE_UP;
    this.root.attributed = this.attributed;
    if (!this.unnamed) {
      this.root.named = this.named;
      this.root.namedSlots = this.namedSlots;
    }
    return this.root;
  }

  /** Validate the characters of [a, b) (XML 1.0 Char, paired surrogates) and follow its line ends; true when it holds a CR. */
  private checkRange(a: number, b: number): boolean {
    const s = this.s;
    let cr = false;
    for (let i = a; i < b; i++) {
      const c = s.charCodeAt(i);
      if (c >= SPACE && c < 0xd800) continue;
      if (c === LF) {
        this.line++;
        this.lineStart = i + 1;
        this.pairs = 0;
      } else if (c === CR) {
        cr = true;
        if (i + 1 < b && s.charCodeAt(i + 1) === LF) i++;
        else if (i + 1 === b && i + 1 < s.length && s.charCodeAt(i + 1) === LF) throw GIVE_UP; // a CR LF split by the range: not expected
        this.line++;
        this.lineStart = i + 1;
        this.pairs = 0;
      } else if (c !== TAB) i = this.special(c, i, b);
    }
    return cr;
  }

  /** A character outside the plain ranges at i (below b): a surrogate pair (returns its last index) or a give-up. */
  private special(c: number, i: number, b: number): number {
    if (c < SPACE) throw GIVE_UP;
    if (c <= 0xdbff) {
      const d = i + 1 < b ? this.s.charCodeAt(i + 1) : 0;
      if (d < 0xdc00 || d > 0xdfff) throw GIVE_UP;
      this.pairs++;
      return i + 1;
    }
    if (c <= 0xdfff || c > 0xfffd) throw GIVE_UP;
    return i;
  }

  /** Column (saxes' count) of index g on the current line. */
  private column(g: number): number {
    return g - this.lineStart + 1 - this.pairs;
  }

  /** White space up to the next `<` outside the root (or the end). */
  private spaceOutsideRoot(): void {
    const s = this.s;
    const n = s.length;
    let i = this.i;
    while (i < n) {
      const c = s.charCodeAt(i);
      if (c === LT) break;
      if (!isSpace(c)) throw GIVE_UP;
      i++;
    }
    this.checkRange(this.i, i);
    this.i = i;
  }

  /** Character data up to the next `<` inside the root, entities resolved, appended to the open element. */
  private textInRoot(): void {
    const s = this.s;
    const n = s.length;
    let i = this.i;
    let start = i;
    let text = '';
    for (;;) {
      while (i < n) {
        const c = s.charCodeAt(i);
        // Indentation first: the most frequent character between tags.
        if (c === SPACE) {
          i++;
          continue;
        }
        if (c === LT || c === AMP) break;
        if (c > GT && c < 0xd800 && c !== RBRACKET) {
          i++;
          continue;
        }
        if (c === GT && i - 2 >= start && s.charCodeAt(i - 1) === RBRACKET && s.charCodeAt(i - 2) === RBRACKET) throw GIVE_UP;
        if (c >= SPACE && c < 0xd800) {
          i++;
          continue;
        }
        if (c === LF) {
          this.line++;
          this.lineStart = i + 1;
          this.pairs = 0;
        } else if (c === CR) {
          // CR LF and a lone CR are one line end, read as LF.
          text += s.slice(start, i) + '\n';
          if (i + 1 < n && s.charCodeAt(i + 1) === LF) i++;
          start = i + 1;
          this.line++;
          this.lineStart = i + 1;
          this.pairs = 0;
        } else if (c !== TAB) i = this.special(c, i, n);
        i++;
      }
      if (i < n && s.charCodeAt(i) === AMP) {
        text += s.slice(start, i);
        const semi = s.indexOf(';', i + 1);
        if (semi < 0 || semi - i > 12) throw GIVE_UP;
        text += entity(s.slice(i + 1, semi));
        i = semi + 1;
        start = i;
        continue;
      }
      break;
    }
    if (start < i) text = text === '' ? s.slice(start, i) : text + s.slice(start, i);
    this.i = i;
    if (text !== '') this.append(text);
    if (i >= n) throw GIVE_UP; // the root is not closed
  }

  private append(t: string): void {
    const top = this.stack[this.stack.length - 1];
    if (top.text.length + t.length > this.limits.maxTextLength) throw GIVE_UP;
    top.text += t;
  }

  /** The markup at `<`: a tag, an end tag, a comment, a CDATA section or a processing instruction. */
  private markup(): void {
    const s = this.s;
    const c = s.charCodeAt(this.i + 1);
    if (c === SLASH) this.endTag();
    else if (c === BANG) {
      if (s.startsWith('<!--', this.i)) this.comment();
      else if (this.stack.length > 0 && s.startsWith('<![CDATA[', this.i)) this.cdata();
      else throw GIVE_UP;
    } else if (c === QUESTION) this.pi();
    else this.startTag();
  }

  /** An ASCII name at i; returns its end (gives up when no name starts at i). */
  private nameEnd(i: number): number {
    const s = this.s;
    const n = s.length;
    if (i >= n) throw GIVE_UP;
    const c = s.charCodeAt(i);
    if (c >= 128 || NAME[c] !== 1) throw GIVE_UP;
    i++;
    while (i < n) {
      const d = s.charCodeAt(i);
      if (d < 128 && NAME[d] !== 0) i++;
      else if (d >= 128) throw GIVE_UP;
      else break;
    }
    return i;
  }

  /** The name at i (its end in `nameStop`), from the table when it was seen before. */
  private name(i: number): Name {
    const s = this.s;
    const n = s.length;
    if (i >= n) throw GIVE_UP;
    const c = s.charCodeAt(i);
    if (c >= 128 || NAME[c] !== 1) throw GIVE_UP;
    let j = i + 1;
    while (j < n) {
      const d = s.charCodeAt(j);
      if (d < 128 && NAME[d] !== 0) j++;
      else if (d >= 128) throw GIVE_UP;
      else break;
    }
    this.nameStop = j;
    const length = j - i;
    // The length and a few characters pick the slot (the probe compares the whole name).
    const hash = (length * 0x9e3779b1) ^ (s.charCodeAt(j - 1) << 16) ^ (s.charCodeAt(j - 2) << 8) ^ (s.charCodeAt(i + (length >> 1)) << 4) ^ s.charCodeAt(i + (length >> 2));
    // A few probes at most, so names made to collide cost no more than new ones.
    let slot = hash & (NAME_SLOTS - 1);
    let free = -1;
    for (let probe = 0; probe < MAX_PROBES; probe++) {
      const known = names[slot];
      if (known === undefined) {
        free = slot;
        break;
      }
      if (known.hash === hash && known.codes.length === length && occursAt(s, i, known.codes)) return known;
      slot = (slot + 1) & (NAME_SLOTS - 1);
    }
    const made = newName(s.slice(i, j), hash);
    if (free >= 0 && namesStored < MAX_NAMES) {
      names[free] = made;
      namesStored++;
    }
    return made;
  }

  /** Skip white space from i, following line ends; returns the next index. */
  private skipSpace(i: number): number {
    const s = this.s;
    const n = s.length;
    const from = i;
    while (i < n && isSpace(s.charCodeAt(i))) i++;
    if (i > from) this.checkRange(from, i);
    return i;
  }

  private startTag(): void {
    if (this.closedRoot) throw GIVE_UP;
    const s = this.s;
    const n = s.length;
    const tag = this.name(this.i + 1);
    let i = this.nameStop;
    const attrNames = this.attrNames;
    for (;;) {
      const before = i;
      i = this.skipSpace(i);
      if (i >= n) throw GIVE_UP;
      const c = s.charCodeAt(i);
      if (c === GT) {
        this.open(tag, i, false);
        this.i = i + 1;
        return;
      }
      if (c === SLASH) {
        if (s.charCodeAt(i + 1) !== GT) throw GIVE_UP;
        this.open(tag, i + 1, true);
        this.i = i + 2;
        return;
      }
      if (i === before) throw GIVE_UP; // no white space before an attribute
      const name = this.name(i);
      i = this.skipSpace(this.nameStop);
      if (s.charCodeAt(i) !== EQ) throw GIVE_UP;
      i = this.skipSpace(i + 1);
      const q = s.charCodeAt(i);
      if (q !== QUOT && q !== APOS) throw GIVE_UP;
      i = this.attributeValue(i + 1, q);
      attrNames[this.attrCount++] = name;
    }
  }

  /** The attribute value from i up to the quote q (into attrValues at attrCount); returns the index after the quote. */
  private attributeValue(i: number, q: number): number {
    const s = this.s;
    const n = s.length;
    let start = i;
    let value = '';
    for (;;) {
      if (i >= n) throw GIVE_UP;
      const c = s.charCodeAt(i);
      if (c === q) break;
      if (c === LT) throw GIVE_UP;
      if (c === AMP) {
        const semi = s.indexOf(';', i + 1);
        if (semi < 0 || semi - i > 12) throw GIVE_UP;
        value += s.slice(start, i) + entity(s.slice(i + 1, semi));
        i = semi + 1;
        start = i;
        continue;
      }
      if (c >= SPACE && c < 0xd800) {
        i++;
        continue;
      }
      if (c === TAB || c === LF || c === CR) {
        // White space in an attribute value is read as a space (CR LF as one).
        value += s.slice(start, i) + ' ';
        if (c !== TAB) {
          if (c === CR && i + 1 < n && s.charCodeAt(i + 1) === LF) i++;
          this.line++;
          this.lineStart = i + 1;
          this.pairs = 0;
        }
        i++;
        start = i;
        continue;
      }
      i = this.special(c, i, n) + 1;
    }
    this.attrValues[this.attrCount] = value === '' ? s.slice(start, i) : value + s.slice(start, i);
    return i + 1;
  }

  private endTag(): void {
    const s = this.s;
    // The name must be the open element's: compared in place, not read.
    const top = this.openNames[this.openNames.length - 1];
    const nameStart = this.i + 2;
    if (top === undefined || !occursAt(s, nameStart, top.codes)) throw GIVE_UP;
    const after = nameStart + top.codes.length;
    const next = s.charCodeAt(after);
    if (next < 128 && NAME[next] !== 0) throw GIVE_UP;
    const i = this.skipSpace(after);
    if (s.charCodeAt(i) !== GT) throw GIVE_UP;
    this.close();
    this.i = i + 1;
  }

  private comment(): void {
    const s = this.s;
    const from = this.i + 4;
    const end = s.indexOf('--', from);
    if (end < 0 || s.charCodeAt(end + 2) !== GT) throw GIVE_UP;
    this.checkRange(from, end);
    this.i = end + 3;
  }

  private cdata(): void {
    const s = this.s;
    const from = this.i + 9;
    const end = s.indexOf(']]>', from);
    if (end < 0) throw GIVE_UP;
    const cr = this.checkRange(from, end);
    if (end > from) {
      const t = s.slice(from, end);
      this.append(cr ? t.replace(/\r\n?/g, '\n') : t);
    }
    this.i = end + 3;
  }

  private pi(): void {
    const s = this.s;
    const targetStart = this.i + 2;
    const i = this.nameEnd(targetStart);
    const target = s.slice(targetStart, i);
    if (target.includes(':') || target.toLowerCase() === 'xml') throw GIVE_UP;
    const c = s.charCodeAt(i);
    if (c === QUESTION) {
      if (s.charCodeAt(i + 1) !== GT) throw GIVE_UP;
      this.i = i + 2;
      return;
    }
    if (!isSpace(c)) throw GIVE_UP;
    const end = s.indexOf('?>', i);
    if (end < 0) throw GIVE_UP;
    this.checkRange(i, end);
    this.i = end + 2;
  }

  /** A start tag whose `>` is at g: resolve its names, build the element (and close it when self-closing). */
  private open(tag: Name, g: number, selfClosing: boolean): void {
    const names = this.attrNames;
    const values = this.attrValues;
    const scope = this.scope;
    const mark = this.undoPrefix.length;
    let attrs = NO_ATTRIBUTES;
    const n = this.attrCount;
    if (n > 0) {
      this.attrCount = 0;
      if (hasDuplicate(names, n)) throw GIVE_UP;
      // Prefixed attributes other than declarations: resolved once all declarations of the tag are in scope.
      let prefixed = 0;
      for (let k = 0; k < n; k++) {
        const name = names[k];
        if (name.prefix === '' && !name.malformed) {
          if (name.qname === 'xmlns') this.declare('', values[k]);
          else {
            if (attrs === NO_ATTRIBUTES) attrs = {};
            (attrs as Record<string, string>)[name.qname] = values[k];
          }
        } else if (name.prefix === 'xmlns') {
          if (name.malformed) throw GIVE_UP;
          this.declare(name.local, values[k]);
        } else {
          prefixed++;
        }
      }
      if (prefixed > 0) attrs = prefixedAttributes(names, values, n, scope, prefixed);
    }

    if (tag.badElementName) throw GIVE_UP;
    if (tag.version !== this.version) {
      const uri = scope[tag.prefix];
      if (tag.prefix === '') tag.ns = uri ?? '';
      else if (uri === undefined || uri === '') throw GIVE_UP;
      else tag.ns = uri;
      tag.version = this.version;
    }
    const stack = this.stack;
    if (this.all.length >= this.limits.maxElements || stack.length >= this.limits.maxDepth) throw GIVE_UP;
    const parent = stack.length > 0 ? stack[stack.length - 1] : undefined;
    const el = new ReadElement(tag.local, tag.qname, tag.ns, attrs, parent, this.line, this.column(g), this.all);
    if (parent !== undefined) adopt(parent, el);
    else this.root = el;
    if (attrs !== NO_ATTRIBUTES) this.attributed.push(el);
    // The elements grouped by local name as they come (document order): one array lookup per element.
    const slot = tag.slot;
    if (slot < 0) this.unnamed = true;
    else {
      const group = this.named[slot];
      if (group === undefined) {
        this.named[slot] = [el];
        this.namedSlots.push(slot);
      } else group.push(el);
    }
    stack.push(el);
    this.openNames.push(tag);
    this.undoMark.push(mark);
    if (selfClosing) this.close();
  }

  private close(): void {
    const stack = this.stack;
    (stack.pop() as ReadElement).end = this.all.length;
    this.openNames.pop();
    const mark = this.undoMark.pop() as number;
    const undoPrefix = this.undoPrefix;
    if (undoPrefix.length > mark) {
      while (undoPrefix.length > mark) this.scope[undoPrefix.pop() as string] = this.undoUri.pop();
      this.version = ++scopeVersions;
    }
    if (stack.length === 0) this.closedRoot = true;
  }

  private declare(prefix: string, value: string): void {
    const uri = internalizedUri(value.trim());
    if (prefix === 'xml' || prefix === 'xmlns' || uri === XML_NAMESPACE || uri === XMLNS_NAMESPACE || (prefix !== '' && uri === '')) throw GIVE_UP;
    this.undoPrefix.push(prefix);
    this.undoUri.push(this.scope[prefix]);
    this.scope[prefix] = uri;
    this.version = ++scopeVersions;
  }
}

/**
 * Whether the characters `codes` occur in `s` at index i: s.startsWith(name, i), compared with the
 * name's codes kept as numbers (names are short; the builtin, and charCodeAt on two strings of
 * different representations, cost ≈ a sixth of the reading, profiled on an invoice).
 */
function occursAt(s: string, i: number, codes: Uint16Array): boolean {
  const length = codes.length;
  if (i + length > s.length) return false;
  for (let k = 0; k < length; k++) if (s.charCodeAt(i + k) !== codes[k]) return false;
  return true;
}

/** The text an entity or character reference stands for (the name between `&` and `;`). */
function entity(name: string): string {
  switch (name) {
    case 'amp':
      return '&';
    case 'lt':
      return '<';
    case 'gt':
      return '>';
    case 'quot':
      return '"';
    case 'apos':
      return "'";
    default:
  }
  let code: number;
  if (/^#[0-9]{1,7}$/.test(name)) code = parseInt(name.slice(1), 10);
  else if (/^#x[0-9a-fA-F]{1,6}$/.test(name)) code = parseInt(name.slice(2), 16);
  else throw GIVE_UP;
  const isChar = code === TAB || code === LF || code === CR || (code >= SPACE && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
  if (!isChar) throw GIVE_UP;
  return String.fromCodePoint(code);
}

/** Whether a tag names one attribute twice (a set beyond a few, so a tag with many attributes stays linear). */
function hasDuplicate(names: readonly Name[], n: number): boolean {
  if (n === 1) return false;
  if (n <= 8) {
    for (let a = 1; a < n; a++) for (let b = 0; b < a; b++) if (names[a].qname === names[b].qname) return true;
    return false;
  }
  const seen = new Set<string>();
  for (let a = 0; a < n; a++) seen.add(names[a].qname);
  return seen.size !== n;
}

/**
 * The attributes of a tag with prefixed attributes, by local name in document order (the last
 * value wins, as in the full reading); gives up on an undeclared prefix, a malformed name or two
 * attributes with the same namespace and local name.
 */
function prefixedAttributes(names: readonly Name[], values: readonly string[], n: number, scope: Record<string, string | undefined>, prefixed: number): Record<string, string> {
  const attrs: Record<string, string> = {};
  const seen = prefixed > 1 ? new Set<string>() : undefined;
  for (let i = 0; i < n; i++) {
    const name = names[i];
    if (name.prefix === '' && !name.malformed) {
      if (name.qname !== 'xmlns') attrs[name.qname] = values[i];
      continue;
    }
    const prefix = name.prefix;
    if (prefix === 'xmlns') continue;
    const local = name.local;
    if (name.malformed) throw GIVE_UP;
    const uri = scope[prefix];
    if (uri === undefined) throw GIVE_UP;
    if (seen !== undefined) {
      const expanded = `{${uri}}${local}`;
      if (seen.has(expanded)) throw GIVE_UP;
      seen.add(expanded);
    }
    attrs[local] = values[i];
  }
  return attrs;
}

/** Read `text` the fast way; throws GIVE_UP on anything outside the accepted subset (see above). */
export function readFast(text: string, limits: XmlLimits): ReadElement {
  return new FastReader(text, limits).read();
}
