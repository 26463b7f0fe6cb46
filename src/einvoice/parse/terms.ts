/** Small converters from XML elements to model terms, shared by the mappers. */
import { parseDecimal } from '../decimal';
import type { DecimalTerm, Identifier } from '../model/common';
import { xpathOf, type XmlElement } from '../xml/tree';

/** Trimmed text of an element, undefined when the element is absent. */
export function textOf(el: XmlElement | undefined): string | undefined {
  return el === undefined ? undefined : el.text.trim();
}

/** Decimal term of an element (value undefined when not an xs:decimal). */
export function decimalOf(el: XmlElement | undefined, currencyAttr = 'currencyID'): DecimalTerm | undefined {
  if (el === undefined) return undefined;
  const text = el.text;
  const term: DecimalTerm = { text: text.trim(), value: parseDecimal(text), loc: xpathOf(el) };
  const cur = el.attrs[currencyAttr];
  if (cur !== undefined) term.currency = cur.trim();
  return term;
}

/** Identifier with its scheme attribute. */
export function identifierOf(el: XmlElement | undefined, schemeAttr = 'schemeID'): Identifier | undefined {
  if (el === undefined) return undefined;
  const id: Identifier = { value: el.text.trim(), loc: xpathOf(el) };
  const scheme = el.attrs[schemeAttr];
  if (scheme !== undefined) id.scheme = scheme.trim();
  return id;
}

/** xs:boolean reading of an indicator: true/1, false/0, otherwise undefined. */
export function booleanOf(el: XmlElement | undefined): boolean | undefined {
  if (el === undefined) return undefined;
  const t = el.text.trim();
  if (t === 'true' || t === '1') return true;
  if (t === 'false' || t === '0') return false;
  return undefined;
}

/** Collect non-undefined values. */
export function defined<T>(values: Array<T | undefined>): T[] {
  return values.filter((v): v is T => v !== undefined);
}

/** CII date (format 102, yyyymmdd) to ISO yyyy-mm-dd; other text is kept as is. */
export function ciiDate(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  return m ? `${m[1]}-${m[2]}-${m[3]}` : text;
}
