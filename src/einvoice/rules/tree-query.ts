/** Minimal path queries over the element tree for syntax-binding rules ('cac:A/cbc:B', '//cac:C', '.../@attr'). */
import { NS } from '../parse/namespaces';
import { candidates, internalized, ReadElement, type XmlElement } from '../xml/tree';
import { elementsNamed } from './doc-index';

const PREFIXES: Record<string, string> = { cac: NS.cac, cbc: NS.cbc, ext: NS.ext, ram: NS.ram, rsm: NS.rsm, udt: NS.udt, qdt: NS.qdt };

interface Step {
  ns: string;
  local: string;
  descendant: boolean;
}

interface Compiled {
  steps: Step[];
  attr?: string;
  /** Whether a step is a `//` step. */
  descendant: boolean;
}

const compiled = new Map<string, Compiled>();

/** `s.replace(/\/+$/, '')` without the regular expression, which backtracks quadratically over a run of slashes not at the end. */
export function withoutTrailingSlashes(s: string): string {
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === 0x2f) end--;
  return end === s.length ? s : s.slice(0, end);
}

function compile(path: string): Compiled {
  const hit = compiled.get(path);
  if (hit) return hit;
  let rest = path;
  let attr: string | undefined;
  const at = rest.lastIndexOf('@');
  if (at >= 0) {
    attr = internalized(rest.slice(at + 1));
    rest = withoutTrailingSlashes(rest.slice(0, at));
  }
  const steps: Step[] = [];
  let descendant = false;
  for (const part of rest.split('/')) {
    if (part === '') {
      descendant = true;
      continue;
    }
    const [prefix, local] = part.split(':');
    // Internalized like the reader's names: comparisons and child-index lookups by identity.
    steps.push({ ns: PREFIXES[prefix] ?? '', local: internalized(local), descendant });
    descendant = false;
  }
  const out = { steps, attr, descendant: steps.some((s) => s.descendant) };
  compiled.set(path, out);
  return out;
}

function collectDescendants(el: XmlElement, step: Step, out: XmlElement[]): void {
  if (el instanceof ReadElement) {
    // The descendants of a read element are a range of its document's element list: those with the
    // step's name, from the document's elements by name (document order), past the element itself.
    const named = elementsNamed(el.order[0], step.local) as readonly ReadElement[];
    let lo = 0;
    let hi = named.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (named[mid].start <= el.start) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < named.length; i++) {
      const k = named[i];
      if (k.start >= el.end) break;
      if (k.ns === step.ns) out.push(k);
    }
    return;
  }
  for (const k of el.children) {
    if (k.local === step.local && k.ns === step.ns) out.push(k);
    collectDescendants(k, step, out);
  }
}

/**
 * Elements reached from `from` by the path (attribute step excluded). From the root of a read
 * document the answer is kept on the root: many rules share a context path (the tree does not
 * change after reading).
 */
export function select(from: XmlElement, path: string): readonly XmlElement[] {
  if (from instanceof ReadElement && from.parent === undefined) {
    const memo = (from.selections ??= new Map<string, readonly XmlElement[]>());
    let hit = memo.get(path);
    if (hit === undefined) {
      hit = evaluate(from, path);
      memo.set(path, hit);
    }
    return hit;
  }
  return evaluate(from, path);
}

function evaluate(from: XmlElement, path: string): XmlElement[] {
  const { steps } = compile(path);
  let current: XmlElement[] = [from];
  for (const step of steps) {
    const next: XmlElement[] = [];
    for (const el of current) {
      if (step.descendant) collectDescendants(el, step, next);
      else for (const k of candidates(el, step.local)) if (k.local === step.local && k.ns === step.ns) next.push(k);
    }
    current = next;
    if (current.length === 0) break;
  }
  return current;
}

/** Elements (or elements carrying the attribute, for '@x' paths) matched by the path. */
export function matches(from: XmlElement, path: string): readonly XmlElement[] {
  const { steps, attr } = compile(path);
  let els: readonly XmlElement[];
  if (steps.length > 0) els = select(from, path);
  else if (path.startsWith('//')) {
    const all: XmlElement[] = [];
    const stack = [from];
    while (stack.length > 0) {
      const e = stack.pop() as XmlElement;
      all.push(e);
      for (const k of e.children) stack.push(k);
    }
    els = all;
  } else els = [from];
  return attr === undefined ? els : els.filter((e) => e.attrs[attr] !== undefined);
}

/**
 * How many elements `select(from, path)` returns, without building the lists: counting stops as
 * soon as it passes `limit` (the cardinality rules only ask whether a count exceeds 1 or 2).
 */
export function countSelected(from: XmlElement, path: string, limit = Infinity): number {
  const { steps, descendant } = compile(path);
  if (descendant) return select(from, path).length;
  return countFrom(from, steps, 0, limit);
}

function countFrom(el: XmlElement, steps: Step[], i: number, limit: number): number {
  if (i === steps.length) return 1;
  const step = steps[i];
  let n = 0;
  const kids = candidates(el, step.local);
  for (let j = 0; j < kids.length; j++) {
    const k = kids[j];
    if (k.local !== step.local || k.ns !== step.ns) continue;
    n += countFrom(k, steps, i + 1, limit - n);
    if (n > limit) break;
  }
  return n;
}
