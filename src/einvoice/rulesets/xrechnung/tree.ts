/**
 * How the XRechnung rules read a document: on the XML tree, with the paths of the official
 * Schematron (UBL and CII each their own), because several rules judge elements the canonical
 * model does not keep apart (BG-19 in CII, third party payments, sub-invoice lines).
 */
import type { XmlSyntax } from '../../model/invoice';
import { defineRule, type Fire, type Rule, type RuleContext, type Severity } from '../../rules/rule';
import { select } from '../../rules/tree-query';
import { xpathOf, type XmlElement } from '../../xml/tree';

/** XPath normalize-space(). */
export function normalizeSpace(s: string | undefined): string {
  return (s ?? '').replace(/[ \t\n\r]+/g, ' ').trim();
}

/** Elements at a path relative to an element ('cac:A/cbc:B', '//cac:C'). */
export function at(el: XmlElement, path: string): readonly XmlElement[] {
  return select(el, path);
}

/** `path`: some element there. */
export function exists(el: XmlElement, path: string): boolean {
  return select(el, path).length > 0;
}

/** `path[boolean(normalize-space(.))]`: some element there with text other than blanks. */
export function filled(el: XmlElement, path: string): boolean {
  return select(el, path).some((e) => normalizeSpace(e.text) !== '');
}

/** The text of the first element at the path ('' when none), as `string(path[1])`. */
export function textAt(el: XmlElement, path: string): string {
  return select(el, path)[0]?.text ?? '';
}

/** The context elements of a rule: the root for '.', else the elements at the root-relative path. */
export function contexts(root: XmlElement, path: string): readonly XmlElement[] {
  return path === '.' ? [root] : select(root, path);
}

/** One syntax's form of a rule: its context path from the document element and its test. */
export interface Binding {
  /** Root-relative path of the context elements ('.' for the document element), or several (a union). */
  context: string | readonly string[];
  /** Whether the context element satisfies the assertion. */
  test: (el: XmlElement, root: XmlElement) => boolean;
}

/**
 * A rule with its UBL and CII forms: it fires at every context element whose test fails. A
 * syntax without a form is not judged by the rule; a model without a tree is not either (the
 * XRechnung rules read the tree).
 */
export function xrRule(family: string, id: string, severity: Severity, message: string, forms: Partial<Record<XmlSyntax, Binding>>): Rule {
  const rule = defineRule(family, id, severity, message, (ctx: RuleContext, fire: Fire) => {
    const syntax = ctx.inv.syntax;
    if (syntax === 'JSON') return;
    const form = forms[syntax];
    if (form === undefined) return;
    const root = ctx.doc.root;
    for (const path of typeof form.context === 'string' ? [form.context] : form.context)
      for (const el of contexts(root, path)) if (!form.test(el, root)) fire(xpathOf(el));
  });
  return { ...rule, readsTree: true };
}
