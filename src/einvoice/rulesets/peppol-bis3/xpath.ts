/**
 * The few XPath idioms the Peppol Schematron uses, over the engine's element tree: paths from a
 * context element, string values, normalize-space(), number() and xs:decimal casts.
 */
import Decimal from 'decimal.js';
import { docIndex, elementsNamed as elementsNamedIn } from '../../rules/doc-index';
import type { RuleContext } from '../../rules/rule';
import { select } from '../../rules/tree-query';
import type { XmlElement } from '../../xml/tree';

/** Elements reached from `from` by a relative path ('cac:A/cbc:B'); none when `from` is undefined. */
export function all(from: XmlElement | undefined, path: string): readonly XmlElement[] {
  return from === undefined ? [] : select(from, path);
}

/** The first element reached by the path. */
export function first(from: XmlElement | undefined, path: string): XmlElement | undefined {
  return all(from, path)[0];
}

/** Whether the path reaches an element (an XPath path used as a boolean). */
export function has(from: XmlElement | undefined, path: string): boolean {
  return all(from, path).length > 0;
}

/** string(): the text of the element and its descendants. */
export function str(el: XmlElement | undefined): string {
  if (el === undefined) return '';
  if (el.children.length === 0) return el.text;
  let out = el.text;
  for (const k of el.children) out += str(k);
  return out;
}

/** normalize-space() of a string or of an element's string value. */
export function ns(value: string | XmlElement | undefined): string {
  const s = typeof value === 'string' ? value : str(value);
  return s.replace(/[ \t\r\n]+/g, ' ').replace(/^ | $/g, '');
}

/** The string value of the first element the path reaches ('' when none), as `path` in a string context. */
export function text(from: XmlElement | undefined, path: string): string {
  return str(first(from, path));
}

/** XPath 2.0 number(): a double, NaN when the string is not a number. */
export function num(value: string | XmlElement | undefined): number {
  const s = (typeof value === 'string' ? value : str(value)).trim();
  if (/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(s)) return Number(s);
  if (s === 'INF' || s === '+INF') return Infinity;
  if (s === '-INF') return -Infinity;
  return NaN;
}

/** `string(number(x)) != 'NaN'`. */
export const isNumber = (value: string | XmlElement | undefined): boolean => !Number.isNaN(num(value));

/** xs:decimal(x): undefined when the value is not a decimal (the cast would raise). */
export function dec(value: string | XmlElement | undefined): Decimal | undefined {
  const s = (typeof value === 'string' ? value : str(value)).trim();
  return /^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(s) ? new Decimal(s) : undefined;
}

/** Every element of the document in document order (for contexts such as `cbc:EndpointID[...]`, matched anywhere). */
export function everyElement(ctx: RuleContext): readonly XmlElement[] {
  return docIndex(ctx.doc.root).all;
}

/** The element's parent, `n` levels up. */
export function up(el: XmlElement | undefined, n = 1): XmlElement | undefined {
  let cur = el;
  for (let i = 0; i < n && cur !== undefined; i++) cur = cur.parent;
  return cur;
}

/** Whether an element has the qualified name (prefix of NS and local name), e.g. is(el, cbc, 'ID'). */
export function named(el: XmlElement | undefined, nsUri: string, local: string): boolean {
  return el !== undefined && el.local === local && el.ns === nsUri;
}

/**
 * Every element with this local name (any namespace) in document order: the document's elements
 * are grouped by name once (rules/doc-index), so a rule whose Schematron context matches anywhere
 * (`cbc:EndpointID[...]`) looks at those elements only, not at the whole document.
 */
export function elementsNamed(ctx: RuleContext, local: string): readonly XmlElement[] {
  return elementsNamedIn(ctx.doc.root, local);
}
