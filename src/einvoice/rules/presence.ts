/**
 * Which rules of a list to call on a document, from what they need present (Rule.presence).
 *
 * Asking every rule whether the document has its paths costs a lookup or more per rule (963 rules
 * for UBL, 680 with a presence). The index goes the other way: each path, attribute and element
 * name a rule needs maps to the rules that need it, once per rule list; per document the things
 * present (a handful: the rules with a presence warn about what EN 16931 does not use) pick the
 * rules to add to those that always run.
 */
import type { XmlElement } from '../xml/tree';
import { docIndex, hasElementNamed, type DocIndex } from './doc-index';
import type { Rule } from './rule';

export interface PresencePlan {
  /** The number of rules in the list. */
  size: number;
  /** Positions (ascending) of the rules without a presence: they always run. */
  always: readonly number[];
  /** Positions (ascending) of the rules with a presence. */
  withPresence: Int32Array;
  /** Positions of the rules that need a path, an attribute or an element (local name). */
  byPath: ReadonlyMap<string, readonly number[]>;
  byAttribute: ReadonlyMap<string, readonly number[]>;
  byElement: ReadonlyArray<readonly [string, readonly number[]]>;
}

const plans = new WeakMap<readonly Rule[], PresencePlan>();

/** The plan of a rule list, made once per list (the rule sets' lists live as long as the process). */
export function presencePlan(rules: readonly Rule[]): PresencePlan {
  let plan = plans.get(rules);
  if (plan === undefined) {
    const always: number[] = [];
    const withPresence: number[] = [];
    const byPath = new Map<string, number[]>();
    const byAttribute = new Map<string, number[]>();
    const byElement = new Map<string, number[]>();
    const add = (map: Map<string, number[]>, key: string, i: number): void => {
      const list = map.get(key);
      if (list === undefined) map.set(key, [i]);
      else if (list[list.length - 1] !== i) list.push(i);
    };
    for (let i = 0; i < rules.length; i++) {
      const presence = rules[i].presence;
      if (presence === undefined) {
        always.push(i);
        continue;
      }
      withPresence.push(i);
      for (const path of presence.paths ?? []) add(byPath, path, i);
      for (const attribute of presence.attributes ?? []) add(byAttribute, attribute, i);
      for (const local of presence.elements ?? []) add(byElement, local, i);
    }
    plan = { size: rules.length, always, withPresence: Int32Array.from(withPresence), byPath, byAttribute, byElement: [...byElement] };
    plans.set(rules, plan);
  }
  return plan;
}

/**
 * The positions (ascending, each once) of the rules with a presence that the document whose tree is
 * `root` has; they run with `plan.always`, in list order. Every rule with a presence when the tree
 * cannot be indexed (a model without one: a rule list for models has no rule with a presence).
 */
export function presentRules(plan: PresencePlan, root: () => XmlElement): Int32Array {
  if (plan.always.length === plan.size) return NONE;
  let index: DocIndex;
  let tree: XmlElement;
  try {
    tree = root();
    index = docIndex(tree);
  } catch {
    return plan.withPresence;
  }
  const present: number[] = [];
  if (plan.byPath.size > 0) {
    for (const path of index.firstByPath.keys()) {
      const rules = plan.byPath.get(path);
      if (rules !== undefined) for (const i of rules) present.push(i);
    }
  }
  if (plan.byAttribute.size > 0) {
    for (const attribute of index.firstWithAttribute.keys()) {
      const rules = plan.byAttribute.get(attribute);
      if (rules !== undefined) for (const i of rules) present.push(i);
    }
  }
  for (const [local, rules] of plan.byElement) if (hasElementNamed(tree, local)) for (const i of rules) present.push(i);
  if (present.length === 0) return NONE;
  const sorted = Int32Array.from(present).sort();
  // A rule present by two of its paths once.
  let n = 1;
  for (let i = 1; i < sorted.length; i++) if (sorted[i] !== sorted[n - 1]) sorted[n++] = sorted[i];
  return sorted.subarray(0, n);
}

const NONE = new Int32Array(0);
