/**
 * Per-document lookups built once and shared by the tree-walking syntax rules,
 * so twenty attribute rules cost one traversal instead of twenty.
 */
import { NS } from '../parse/namespaces';
import type { XmlElement } from '../xml/tree';

const PREFIX_BY_NS = new Map<string, string>(Object.entries(NS).map(([prefix, uri]) => [uri, prefix]));

export interface DocIndex {
  /** Every element in document order. */
  all: XmlElement[];
  /** First element (document order) carrying each attribute name. */
  firstWithAttribute: Map<string, XmlElement>;
  /**
   * First element for each root-relative name path with canonical prefixes,
   * e.g. 'cac:InvoicePeriod/cbc:StartTime', plus 'path/@attr' entries.
   */
  firstByPath: Map<string, XmlElement>;
}

const cache = new WeakMap<XmlElement, DocIndex>();

export function docIndex(root: XmlElement): DocIndex {
  const hit = cache.get(root);
  if (hit) return hit;
  const all: XmlElement[] = [];
  const firstWithAttribute = new Map<string, XmlElement>();
  const firstByPath = new Map<string, XmlElement>();
  const stack: Array<[XmlElement, string]> = [[root, '']];
  while (stack.length > 0) {
    const [el, path] = stack.pop() as [XmlElement, string];
    all.push(el);
    for (const a in el.attrs) {
      if (!firstWithAttribute.has(a)) firstWithAttribute.set(a, el);
      const key = `${path}/@${a}`;
      if (path !== '' && !firstByPath.has(key)) firstByPath.set(key, el);
    }
    if (path !== '' && !firstByPath.has(path)) firstByPath.set(path, el);
    for (let i = el.children.length - 1; i >= 0; i--) {
      const k = el.children[i];
      const step = `${PREFIX_BY_NS.get(k.ns) ?? k.ns}:${k.local}`;
      stack.push([k, path === '' ? step : `${path}/${step}`]);
    }
  }
  const index = { all, firstWithAttribute, firstByPath };
  cache.set(root, index);
  return index;
}
