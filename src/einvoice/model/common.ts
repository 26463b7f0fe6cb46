/**
 * Building blocks shared by all EN 16931 business groups. Every group keeps
 * the XPath-like location of its source element so rule findings can point
 * at it; every field is optional so rules can run on fragments.
 */
import type Decimal from 'decimal.js';

/** A decimal business term (amount, quantity, rate) with its source text. */
export interface DecimalTerm {
  /** Parsed value; undefined when the text is not an xs:decimal. */
  value?: Decimal;
  /** Source text as written (the BR-DEC rules count its fraction digits). */
  text: string;
  /** currencyID attribute for amounts. */
  currency?: string;
  /** Location of the element holding the value. */
  loc: string;
}

/** An identifier with optional scheme identifier (e.g. BT-29 with BT-29-1). */
export interface Identifier {
  value: string;
  /** schemeID / listID attribute when present. */
  scheme?: string;
  loc: string;
}

/** Something that came from a located source element. */
export interface Located {
  /** XPath-like location of the source element, e.g. `/Invoice/cac:InvoiceLine[2]`. */
  loc: string;
}

/** Lazily resolved location, so locations cost nothing unless reported. */
export type LocationRef = string | (() => string);

/** VAT category as written on a line, a document allowance/charge or a breakdown. */
export interface VatCategory extends Located {
  /** VAT category code (BT-95 / BT-102 / BT-118 / BT-151), whitespace-normalised. */
  code?: string;
  /** VAT rate (BT-96 / BT-103 / BT-119 / BT-152). */
  rate?: DecimalTerm;
  /** Tax scheme identifier (UBL TaxScheme/ID, CII TypeCode); the rules only consider 'VAT'. */
  taxScheme?: string;
  /** VAT exemption reason text (BT-120), only meaningful in the breakdown. */
  exemptionReason?: string;
  /** VAT exemption reason code (BT-121). */
  exemptionReasonCode?: string;
  /** Number of exemption reason texts present (syntax cardinality rules). */
  exemptionReasonCount?: number;
  /**
   * CII only, and only when they differ from `code`: the raw texts of every CategoryCode child, as
   * the official CII rules compare them (`ram:CategoryCode = 'S'`, no normalize-space).
   */
  codeTexts?: string[];
  /** CII only, when it differs from `taxScheme`: the raw TypeCode text (`upper-case(ram:TypeCode) = 'VAT'`). */
  taxSchemeText?: string;
}

/** Whether a category belongs to the VAT scheme, as the Schematron filters `[TaxScheme/ID = 'VAT']`. */
export function isVatScheme(cat: VatCategory | undefined): boolean {
  if (cat === undefined) return false;
  const scheme = cat.taxScheme;
  // The usual 'VAT' without a string made; anything else normalised as before.
  return scheme !== undefined && (scheme === 'VAT' || scheme.trim().toUpperCase() === 'VAT');
}
