/**
 * Invoice engine: parse UBL 2.1 Invoice / CreditNote, UN/CEFACT CII
 * D16B and Factur-X / ZUGFeRD PDFs into one canonical model, and validate it
 * against the EN 16931 business rules (BR-*, BR-CO-*, BR-DEC-*, VAT category
 * rules, BR-CL-* code lists) and UBL syntax-binding rules.
 *
 * Public API:
 * - `parseDocument(bytes, opts?)`: XML to ParsedDocument; throws ParseError
 *   (with line/column) or LimitExceededError. Refuses DTDs.
 * - `parseDocumentAsync(bytes, opts?)`: same, also accepts Factur-X PDFs.
 * - `validateInvoice(parsed)`: ValidationReport, never throws. Values outside their XSD
 *   datatype (checked while parsing) are reported as XSD-DATATYPE errors.
 * - `validateModel(invoice)`: the business rules on a model without an XML tree.
 * - `validateDocument(bytes, opts?)` / `validateDocumentAsync(bytes, opts?)`:
 *   parse + validate; parse problems surface as ParseError.
 *
 * Rule sets (`rulesets/`): `en16931`, `peppol-bis3`, `xrechnung`, `xrechnung-extension`. Pass
 * `{ ruleSet }` to choose; by default the document's CustomizationID (BT-24) picks one (en16931
 * when it names none the engine knows).
 *
 * A report is `{ valid, ruleSet: { id, version }, syntax, documentType, errors, warnings,
 * ruleFailures }`; `valid` means no fatal rule fired. Findings are
 * `{ rule, severity, message, location, businessTerm }` with an XPath-like location and the
 * BT-/BG- the rule names (undefined when it names none).
 */
export { ParseError, LimitExceededError } from './errors';
export { DEFAULT_XML_LIMITS, type XmlLimits } from './xml/limits';
export { parseDecimal } from './decimal';
export { parseDocument, parseDocumentAsync, parseTree, type ParseOptions, type ParsedDocument } from './parse/parse-document';
export { detectSyntax, type DetectedSyntax } from './parse/detect';
export { extractFacturXml, listEmbeddedFiles, type EmbeddedFile } from './parse/facturx';
export { readXml } from './xml/reader';
export { DATATYPE_RULE, type DatatypeFinding } from './parse/datatypes-xml';
export { isCodeToken, isDecimalText, isIsoDate, MAX_DECIMAL_DIGITS } from './datatypes';
export type { XmlElement } from './xml/tree';
export { validateInvoice, validateModel, validateDocument, validateDocumentAsync, type ValidationReport, type ValidateOptions } from './validate';
export { ALL_RULES, RULES_BY_ID } from './rules/registry';
export type { Finding, Rule, Severity } from './rules/rule';
export * from './rulesets';
export * from './model';
