/**
 * Which rules of a list to call on a document, from what they need present (Rule.presence).
 *
 * Asking every rule whether the document has its paths costs a lookup or more per rule (963 rules
 * for UBL, 680 with a presence). The index goes the other way: each path and attribute a rule
 * needs maps to the rules that need it, and rules needing the same names anywhere share one check,
 * once per rule list; per document the things present (a handful: most rules with a presence warn
 * about what EN 16931 does not use) pick the rules to add to those that always run.
 */
import { internalized, ReadElement, slotOf, type XmlElement } from '../xml/tree';
import { docIndex, elementsNamed, type DocIndex } from './doc-index';
import type { Rule } from './rule';

export interface PresencePlan {
  /** The number of rules in the list. */
  size: number;
  /** Positions (ascending) of the rules without a presence: they always run. */
  always: readonly number[];
  /** Positions (ascending) of the rules with a presence. */
  withPresence: readonly number[];
  /** Positions of the rules that need a path or an attribute. */
  byPath: ReadonlyMap<string, readonly number[]>;
  byAttribute: ReadonlyMap<string, readonly number[]>;
  /** The distinct `anywhere` entries of the rules, each with the positions of the rules that list it. */
  byNames: readonly NamesNeeded[];
}

/** One `anywhere` entry (see RulePresence): how many elements of each local name, which attributes. */
interface NamesNeeded {
  locals: readonly string[];
  /** The slots of `locals` (see localSlot), found on first use: a slot, once given, never changes. */
  slots: Array<number | undefined>;
  counts: readonly number[];
  attributes: readonly string[];
  rules: number[];
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
    const byNames = new Map<string, NamesNeeded>();
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
      for (const names of presence.anywhere ?? []) {
        const key = [...names].sort().join(' ');
        let needed = byNames.get(key);
        if (needed === undefined) {
          const counts = new Map<string, number>();
          for (const name of names) if (!name.startsWith('@')) counts.set(name, (counts.get(name) ?? 0) + 1);
          needed = {
            locals: [...counts.keys()].map(internalized),
            slots: [...counts.keys()].map(() => undefined),
            counts: [...counts.values()],
            attributes: names.filter((name) => name.startsWith('@')).map((name) => name.slice(1)),
            rules: [],
          };
          byNames.set(key, needed);
        }
        if (needed.rules[needed.rules.length - 1] !== i) needed.rules.push(i);
      }
    }
    plan = { size: rules.length, always, withPresence, byPath, byAttribute, byNames: [...byNames.values()] };
    plans.set(rules, plan);
  }
  return plan;
}

/**
 * The positions (ascending, each once) of the rules with a presence that the document whose tree is
 * `root` has; they run with `plan.always`, in list order. Every rule with a presence when the tree
 * cannot be indexed (a model without one: a rule list for models has no rule with a presence).
 */
export function presentRules(plan: PresencePlan, root: () => XmlElement): readonly number[] {
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
  for (const needed of plan.byNames) if (hasNames(tree, index, needed)) for (const i of needed.rules) present.push(i);
  if (present.length === 0) return NONE;
  // Ascending (a handful: insertion sort, no comparator calls), a rule present by two of its paths once.
  if (present.length > 32) present.sort((a, b) => a - b);
  else for (let i = 1; i < present.length; i++) {
    const v = present[i];
    let j = i - 1;
    while (j >= 0 && present[j] > v) {
      present[j + 1] = present[j];
      j--;
    }
    present[j + 1] = v;
  }
  let n = 1;
  for (let i = 1; i < present.length; i++) if (present[i] !== present[n - 1]) present[n++] = present[i];
  present.length = n;
  return present;
}

const NONE: readonly number[] = Object.freeze([]);

function hasNames(root: XmlElement, index: DocIndex, needed: NamesNeeded): boolean {
  for (let a = 0; a < needed.attributes.length; a++) if (!index.firstWithAttribute.has(needed.attributes[a])) return false;
  // A tree the fast reading read lists its elements by slot: looked up by the entry's slots directly.
  const named = root instanceof ReadElement ? root.named : undefined;
  for (let k = 0; k < needed.locals.length; k++) {
    if (named === undefined) {
      if (elementsNamed(root, needed.locals[k]).length < needed.counts[k]) return false;
      continue;
    }
    let slot = needed.slots[k];
    if (slot === undefined) {
      slot = slotOf(needed.locals[k]);
      // No slot yet: no document had an element of that name so far, this one neither.
      if (slot === undefined) return false;
      needed.slots[k] = slot;
    }
    if ((named[slot]?.length ?? 0) < needed.counts[k]) return false;
  }
  return true;
}
