/**
 * Per-document lookups built once and shared by the tree-walking syntax rules,
 * so twenty attribute rules cost one traversal instead of twenty.
 *
 * Root-relative paths are answered from a trie of the paths the rules registered when they were
 * defined (registerPath): building the index follows only the branches of the tree that lie on a
 * registered path, instead of naming every element of the document.
 *
 * Elements by local name (descendant steps, names anywhere) come from the lists the fast reading
 * made while reading; other trees are scanned once.
 */
import { NS } from '../parse/namespaces';
import { inDocumentOrder, internalized, ReadElement, slotCount, slotName, slotOf, type XmlElement } from '../xml/tree';

const NS_BY_PREFIX: Readonly<Record<string, string>> = NS;

export interface DocIndex {
  /** Every element in document order. */
  all: XmlElement[];
  /** First element (document order) carrying each attribute name. */
  firstWithAttribute: Map<string, XmlElement>;
  /**
   * First element (document order) for each registered root-relative name path with canonical
   * prefixes, e.g. 'cac:InvoicePeriod/cbc:StartTime', or 'path/@attr' for the first element at
   * the path that carries the attribute.
   */
  firstByPath: Map<string, XmlElement>;
  /** The elements that carry attributes, in document order (every element for a hand-built tree). */
  attributed: readonly XmlElement[];
  /** Memoised elementsEndingWith lists (each in document order). */
  bySuffix: Map<string, ReadonlyArray<readonly XmlElement[]>>;
  /** The elements by local name, each list in document order (built on first use: see elementsNamed). */
  byLocal: Map<string, XmlElement[]> | undefined;
}

interface PathNode {
  /** The path from the root to here, as registered. */
  path: string;
  /** Child steps by local name (internalized, as the reader's names are), then namespace. */
  next: Map<string, PathStep[]>;
  /** Whether there are child steps (`next` is not empty). */
  inner: boolean;
  /** Attribute steps registered below this path: attribute names and their keys ('path/@name'). */
  attrNames: string[];
  attrKeys: string[];
  /** Whether the path itself was registered (not only as a prefix of a longer one). */
  wanted: boolean;
}

interface PathStep {
  ns: string;
  node: PathNode;
}

const newNode = (path: string): PathNode => ({ path, next: new Map(), inner: false, attrNames: [], attrKeys: [], wanted: false });
const TRIE = newNode('');
const registered = new Set<string>();

/** Make `firstByPath` answer `path` ('cac:A/cbc:B' or 'cac:A/cbc:B/@attr', prefixes of NS). */
export function registerPath(path: string): void {
  if (registered.has(path)) return;
  registered.add(path);
  const at = path.lastIndexOf('/@');
  const elementPath = at >= 0 ? path.slice(0, at) : path;
  let node = TRIE;
  let sofar = '';
  for (const step of elementPath.split('/')) {
    const colon = step.indexOf(':');
    const ns = colon < 0 ? '' : (NS_BY_PREFIX[step.slice(0, colon)] ?? '');
    const local = internalized(step.slice(colon + 1));
    sofar = sofar === '' ? step : `${sofar}/${step}`;
    const options = node.next.get(local) ?? [];
    let found = options.find((o) => o.ns === ns)?.node;
    if (found === undefined) {
      found = newNode(sofar);
      options.push({ ns, node: found });
      node.next.set(local, options);
      node.inner = true;
    }
    node = found;
  }
  if (at >= 0) {
    node.attrNames.push(path.slice(at + 2));
    node.attrKeys.push(path);
  } else node.wanted = true;
}

/**
 * Indexes of hand-built trees. A tree read by readXml keeps its index on its root instead: a
 * WeakMap entry per document keeps the young tree alive through minor collections.
 */
const cache = new WeakMap<XmlElement, DocIndex>();

export function docIndex(root: XmlElement): DocIndex {
  const hit = root instanceof ReadElement ? (root.index as DocIndex | undefined) : cache.get(root);
  if (hit) return hit;
  const all = inDocumentOrder(root);
  const firstWithAttribute = new Map<string, XmlElement>();
  // A read root lists its elements with attributes; only those can contribute.
  const attributed = root instanceof ReadElement && root.attributed !== undefined ? root.attributed : all;
  for (const el of attributed) for (const a in el.attrs) if (!firstWithAttribute.has(a)) firstWithAttribute.set(a, el);
  const firstByPath = new Map<string, XmlElement>();
  // Depth first in document order along the registered paths only.
  const els: XmlElement[] = [root];
  const nodes: PathNode[] = [TRIE];
  while (els.length > 0) {
    const el = els.pop() as XmlElement;
    const node = nodes.pop() as PathNode;
    if (node.wanted && !firstByPath.has(node.path)) firstByPath.set(node.path, el);
    const attrNames = node.attrNames;
    for (let a = 0; a < attrNames.length; a++) {
      if (el.attrs[attrNames[a]] !== undefined && !firstByPath.has(node.attrKeys[a])) firstByPath.set(node.attrKeys[a], el);
    }
    if (!node.inner) continue;
    const next = node.next;
    const kids = el.children;
    for (let i = kids.length - 1; i >= 0; i--) {
      const k = kids[i];
      const options = next.get(k.local);
      if (options === undefined) continue;
      for (let o = 0; o < options.length; o++) {
        if (options[o].ns !== k.ns) continue;
        els.push(k);
        nodes.push(options[o].node);
      }
    }
  }
  const index: DocIndex = { all, firstWithAttribute, firstByPath, attributed, bySuffix: new Map(), byLocal: undefined };
  if (root instanceof ReadElement) root.index = index;
  else cache.set(root, index);
  return index;
}

const NONE: readonly XmlElement[] = Object.freeze([]);

/**
 * The elements with this local name (any namespace) in document order: from the lists the fast
 * reading made while reading (by the name's slot), or from one scan of the elements per document.
 */
export function elementsNamed(root: XmlElement, local: string): readonly XmlElement[] {
  if (root instanceof ReadElement && root.named !== undefined) {
    const slot = slotOf(local);
    return (slot === undefined ? undefined : root.named[slot]) ?? NONE;
  }
  return byLocal(docIndex(root)).get(local) ?? NONE;
}

/** The elements by local name, each list in document order, of a tree the fast reading did not read. */
function byLocal(index: DocIndex): Map<string, XmlElement[]> {
  if (index.byLocal !== undefined) return index.byLocal;
  const map = new Map<string, XmlElement[]>();
  for (const el of index.all) {
    const list = map.get(el.local);
    if (list === undefined) map.set(el.local, [el]);
    else list.push(el);
  }
  index.byLocal = map;
  return map;
}

/** Read elements of one document in document order. */
function inOrder(els: readonly ReadElement[]): ReadElement[] {
  const starts = new Int32Array(els.length);
  for (let i = 0; i < els.length; i++) starts[i] = els[i].start;
  starts.sort();
  const order = els[0].order;
  return Array.from(starts, (start) => order[start]);
}

/** Per suffix: the slots whose local name ends with it, among the first `checked` slots. */
const SUFFIX_SLOTS = new Map<string, { checked: number; slots: number[] }>();

/**
 * The slots (see localSlot) whose local name ends with `suffix`, ascending: the names are tested once
 * each, as slots are given, instead of every name of every document.
 */
function slotsEndingWith(suffix: string): readonly number[] {
  let entry = SUFFIX_SLOTS.get(suffix);
  if (entry === undefined) {
    entry = { checked: 0, slots: [] };
    SUFFIX_SLOTS.set(suffix, entry);
  }
  const count = slotCount();
  for (let slot = entry.checked; slot < count; slot++) if (slotName(slot).endsWith(suffix)) entry.slots.push(slot);
  entry.checked = count;
  return entry.slots;
}

/**
 * The elements whose local name ends with `suffix` (e.g. every amount or binary object) that pass
 * `keep`, in document order. The elements by suffix are found once per document and suffix, as
 * lists in document order each (one per name); only the elements kept are put in order.
 */
export function elementsEndingWith(root: XmlElement, suffix: string, keep: (el: XmlElement) => boolean): XmlElement[] {
  const index = docIndex(root);
  let lists = index.bySuffix.get(suffix);
  if (lists === undefined) {
    if (root instanceof ReadElement && root.named !== undefined && root.namedSlots !== undefined) {
      const found: Array<readonly XmlElement[]> = [];
      // The names with the suffix, from all slots given so far (not every name of the document tested again).
      const named = root.named;
      for (const slot of slotsEndingWith(suffix)) {
        const list = named[slot];
        if (list !== undefined) found.push(list);
      }
      lists = found;
    } else {
      const found: XmlElement[] = [];
      for (const el of index.all) if (el.local.endsWith(suffix)) found.push(el);
      lists = [found];
    }
    index.bySuffix.set(suffix, lists);
  }
  const kept: XmlElement[] = [];
  for (const list of lists) for (const el of list) if (keep(el)) kept.push(el);
  return lists.length > 1 && kept.length > 1 ? inOrder(kept as ReadElement[]) : kept;
}
