/**
 * A small immutable-by-convention element tree: just what the mappers and
 * syntax rules need (namespace URI, local name, attributes, text, position).
 */
export interface XmlElement {
  /** Local name without prefix, e.g. 'InvoiceLine'. */
  readonly local: string;
  /** Qualified name as written in the document, e.g. 'cac:InvoiceLine'; used for locations. */
  readonly qname: string;
  /** Namespace URI ('' when none). */
  readonly ns: string;
  /** Attributes by local name (namespaced attributes other than xmlns are kept by local name too). */
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: XmlElement[];
  /** Concatenated direct text content (CDATA included). */
  text: string;
  readonly parent: XmlElement | undefined;
  /** 1-based source position of the start tag. */
  readonly line: number;
  readonly column: number;
}

/**
 * The elements readXml builds: one class, so every element has the same shape, and room for what
 * is computed once per element (its location) or per document (the elements in document order).
 * Trees built by hand (plain objects) work everywhere too, only without these shortcuts.
 */
export class ReadElement implements XmlElement {
  /** Shared and frozen while there are none (most elements are leaves): add them with adopt(). */
  children: XmlElement[] = NO_KIDS;
  text = '';
  /** Position of this element in `order`; its descendants follow up to `end` (exclusive). */
  readonly start: number;
  end: number;
  /** Memoised xpathOf. */
  path: string | undefined = undefined;
  /** Per-document lookups of the rules (rules/doc-index), kept on the root they describe. */
  index: unknown = undefined;
  /** Memoised last step of xpathOf (qname with its position among same-named siblings). */
  step: string | undefined = undefined;
  /** The children by local name, built on first use for elements with many children (see candidates). */
  byLocal: Map<string, XmlElement[]> | undefined = undefined;
  /** On the root of a document read by the fast reading: the elements with attributes, in document order. */
  attributed: XmlElement[] | undefined = undefined;
  /**
   * On the root of a document read by the fast reading: its elements by local name, indexed by the
   * name's slot (see localSlot), each list in document order; `namedSlots` lists the slots used.
   */
  named: Array<ReadElement[] | undefined> | undefined = undefined;
  namedSlots: number[] | undefined = undefined;
  /** Memoised root-relative selections of the rules (rules/tree-query select), kept on the root. */
  selections: Map<string, readonly XmlElement[]> | undefined = undefined;

  constructor(
    readonly local: string,
    readonly qname: string,
    readonly ns: string,
    readonly attrs: Readonly<Record<string, string>>,
    readonly parent: ReadElement | undefined,
    readonly line: number,
    readonly column: number,
    /** Every element of the document in document order (shared by all its elements). */
    readonly order: ReadElement[],
  ) {
    this.start = order.length;
    this.end = order.length + 1;
    order.push(this);
  }
}

/**
 * The same string as a property key, i.e. internalized by V8: the mappers and rules compare names
 * and namespaces with string literals, and two internalized strings compare by identity instead of
 * character by character. Done once per distinct name or namespace, not per element.
 */
export function internalized(s: string): string {
  const key: Record<string, true> = {};
  key[s] = true;
  return Object.keys(key)[0] ?? s;
}

/** Local names as small numbers (slots), shared by every document: the fast reading groups elements by them. */
const SLOT_OF = new Map<string, number>();
const SLOT_NAMES: string[] = [];
const MAX_SLOTS = 4096;

/** The slot of a local name, given one on first sight; -1 once the slots are used up. */
export function localSlot(local: string): number {
  let slot = SLOT_OF.get(local);
  if (slot === undefined) {
    if (SLOT_NAMES.length >= MAX_SLOTS) return -1;
    slot = SLOT_NAMES.length;
    SLOT_NAMES.push(local);
    SLOT_OF.set(local, slot);
  }
  return slot;
}

/** The slot of a local name if it has one (no element of a document has a name without one). */
export const slotOf = (local: string): number | undefined => SLOT_OF.get(local);

/** The local name of a slot. */
export const slotName = (slot: number): string => SLOT_NAMES[slot];

/** How many slots there are. */
export const slotCount = (): number => SLOT_NAMES.length;

/** The children of a read element without any (frozen: a tree is not changed after reading). */
const NO_KIDS: XmlElement[] = Object.freeze([]) as unknown as XmlElement[];

/** Add a child to a read element (the reader's only way to grow the tree). */
export function adopt(parent: ReadElement, el: ReadElement): void {
  if (parent.children === NO_KIDS) parent.children = [el];
  else parent.children.push(el);
}

/** The element and all its descendants in document order. */
export function inDocumentOrder(el: XmlElement): XmlElement[] {
  if (el instanceof ReadElement) return el.start === 0 && el.end === el.order.length ? el.order : el.order.slice(el.start, el.end);
  const out: XmlElement[] = [];
  walk(el, (e) => out.push(e));
  return out;
}

/** Children beyond which a lookup by name goes through a per-element index instead of a scan. */
const INDEXED_CHILDREN = 8;

/**
 * The children that may be named `local`: all of them, or for a read element with many children
 * only those with that local name (from its index). Callers still compare the namespace (and, for
 * the full list, the local name).
 */
export function candidates(el: XmlElement, local: string): readonly XmlElement[] {
  const kids = el.children;
  if (kids.length <= INDEXED_CHILDREN || !(el instanceof ReadElement)) return kids;
  let index = el.byLocal;
  if (index === undefined) {
    index = new Map();
    for (let i = 0; i < kids.length; i++) {
      const k = kids[i];
      const list = index.get(k.local);
      if (list === undefined) index.set(k.local, [k]);
      else list.push(k);
    }
    el.byLocal = index;
  }
  return index.get(local) ?? NO_CHILDREN;
}

const NO_CHILDREN: readonly XmlElement[] = Object.freeze([]);

/** First child with the given local name and namespace. */
export function child(el: XmlElement | undefined, ns: string, local: string): XmlElement | undefined {
  if (el === undefined) return undefined;
  const kids = candidates(el, local);
  for (let i = 0; i < kids.length; i++) {
    const k = kids[i];
    if (k.local === local && k.ns === ns) return k;
  }
  return undefined;
}

/** All children with the given local name and namespace. */
export function childrenNamed(el: XmlElement | undefined, ns: string, local: string): XmlElement[] {
  if (el === undefined) return [];
  const out: XmlElement[] = [];
  const kids = candidates(el, local);
  for (let i = 0; i < kids.length; i++) {
    const k = kids[i];
    if (k.local === local && k.ns === ns) out.push(k);
  }
  return out;
}

/** How many children have the given local name and namespace. */
export function countChildren(el: XmlElement, ns: string, local: string): number {
  let n = 0;
  const kids = candidates(el, local);
  for (let i = 0; i < kids.length; i++) {
    const k = kids[i];
    if (k.local === local && k.ns === ns) n++;
  }
  return n;
}

/** Follow a chain of [ns, local] steps, taking the first match at each step. */
export function descend(el: XmlElement | undefined, steps: ReadonlyArray<readonly [string, string]>): XmlElement | undefined {
  let cur = el;
  for (const [ns, local] of steps) {
    if (cur === undefined) return undefined;
    cur = child(cur, ns, local);
  }
  return cur;
}

/** Locations of hand-built elements (ReadElement keeps its own). */
const pathCache = new WeakMap<XmlElement, string>();

/**
 * XPath-like location of an element, e.g. `/Invoice/cac:InvoiceLine[2]/cac:Item`.
 * Memoised per element; positional predicates only where a name repeats.
 */
export function xpathOf(el: XmlElement): string {
  if (el instanceof ReadElement) {
    if (el.path === undefined) el.path = computePath(el);
    return el.path;
  }
  const hit = pathCache.get(el);
  if (hit !== undefined) return hit;
  const path = computePath(el);
  pathCache.set(el, path);
  return path;
}

/** Siblings beyond which the steps of all children are computed in one pass (keeps xpathOf linear). */
const MANY_SIBLINGS = 16;

function computePath(el: XmlElement): string {
  const p = el.parent;
  if (el instanceof ReadElement && p !== undefined && p.children.length > MANY_SIBLINGS) {
    if (el.step === undefined) numberChildren(p);
    return xpathOf(p) + '/' + el.step;
  }
  let step = el.qname;
  if (p !== undefined) {
    let index = 0;
    let count = 0;
    for (const sib of p.children) {
      if (sib.local === el.local && sib.ns === el.ns) {
        count++;
        if (sib === el) index = count;
      }
    }
    if (count > 1) step += `[${index}]`;
  }
  return (p === undefined ? '' : xpathOf(p)) + '/' + step;
}

/**
 * The last location step of every child of `p`: each group of same-named children is numbered
 * once, found through the child index (so no key strings are built per child). The children that
 * share a local name are split by namespace in one pass: many siblings with one local name in
 * many namespaces (`<p1:E xmlns:p1=…/><p2:E xmlns:p2=…/>…`) stay linear.
 */
function numberChildren(p: XmlElement): void {
  for (const k of p.children) {
    if (!(k instanceof ReadElement) || k.step !== undefined) continue;
    // Every child named k.local, by namespace, in document order.
    const byNs = new Map<string, XmlElement[]>();
    for (const s of candidates(p, k.local)) {
      if (s.local !== k.local) continue;
      const group = byNs.get(s.ns);
      if (group === undefined) byNs.set(s.ns, [s]);
      else group.push(s);
    }
    for (const group of byNs.values()) {
      let index = 0;
      for (const s of group) {
        if (!(s instanceof ReadElement)) continue;
        index++;
        s.step = group.length > 1 ? `${s.qname}[${index}]` : s.qname;
      }
    }
  }
}

/** Depth-first walk over the element and all its descendants. */
export function walk(el: XmlElement, visit: (e: XmlElement) => void): void {
  const stack: XmlElement[] = [el];
  while (stack.length > 0) {
    const cur = stack.pop() as XmlElement;
    visit(cur);
    for (let i = cur.children.length - 1; i >= 0; i--) stack.push(cur.children[i]);
  }
}
