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

/** First child with the given local name and namespace. */
export function child(el: XmlElement | undefined, ns: string, local: string): XmlElement | undefined {
  if (el === undefined) return undefined;
  const kids = el.children;
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
  const kids = el.children;
  for (let i = 0; i < kids.length; i++) {
    const k = kids[i];
    if (k.local === local && k.ns === ns) out.push(k);
  }
  return out;
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

/** Locations are derived from the parent's, so each element's path is computed once. */
const pathCache = new WeakMap<XmlElement, string>();

/**
 * XPath-like location of an element, e.g. `/Invoice/cac:InvoiceLine[2]/cac:Item`.
 * Memoised per element; positional predicates only where a name repeats.
 */
export function xpathOf(el: XmlElement): string {
  const hit = pathCache.get(el);
  if (hit !== undefined) return hit;
  const p = el.parent;
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
  const path = (p === undefined ? '' : xpathOf(p)) + '/' + step;
  pathCache.set(el, path);
  return path;
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
