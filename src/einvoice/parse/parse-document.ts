/** Entry points turning bytes into a ParsedDocument (tree + canonical model). */
import { ParseError } from '../errors';
import type { DocumentType, Invoice, XmlSyntax } from '../model/invoice';
import type { XmlLimits } from '../xml/limits';
import { readXml } from '../xml/reader';
import type { XmlElement } from '../xml/tree';
import { mapCiiDocument } from './cii-document';
import { checkDatatypes, type DatatypeFinding } from './datatypes-xml';
import { detectSyntax } from './detect';
import { extractFacturXml, isPdf } from './facturx';
import { mapUblDocument } from './ubl-document';

export interface ParseOptions {
  /** Safety limits for the XML reader (defaults: 20 MB, depth 64, 200k elements). */
  limits?: Partial<XmlLimits>;
}

export interface ParsedDocument {
  syntax: XmlSyntax;
  documentType: DocumentType;
  /** The canonical EN 16931 model. */
  invoice: Invoice;
  /** The element tree, for syntax-binding rules. */
  root: XmlElement;
  /** Where the XML came from: a plain XML document or a Factur-X/ZUGFeRD PDF attachment. */
  container: 'xml' | 'pdf';
  /** Values outside their XSD datatype (dates, decimals, codes); validation reports them as errors. */
  datatypeFindings: DatatypeFinding[];
}

/** Map an already read element tree (e.g. a fragment taken from a test file). */
export function parseTree(root: XmlElement, container: 'xml' | 'pdf' = 'xml'): ParsedDocument {
  const detected = detectSyntax(root);
  if (detected === undefined) {
    throw new ParseError(
      `unsupported document: root element '${root.local}' in namespace '${root.ns}' is neither UBL Invoice/CreditNote nor CII CrossIndustryInvoice`,
      root.line,
      root.column,
      'UNSUPPORTED_SYNTAX',
    );
  }
  const invoice = detected.syntax === 'UBL' ? mapUblDocument(root, detected.documentType) : mapCiiDocument(root);
  return { syntax: detected.syntax, documentType: invoice.documentType, invoice, root, container, datatypeFindings: checkDatatypes(root, detected.syntax) };
}

/**
 * Parse an XML invoice (UBL Invoice, UBL CreditNote or CII).
 * @throws ParseError (malformed, DOCTYPE, unsupported root, PDF input) or LimitExceededError.
 */
export function parseDocument(input: Buffer | Uint8Array | string, opts: ParseOptions = {}): ParsedDocument {
  if (typeof input !== 'string' && isPdf(input)) {
    throw new ParseError('PDF input needs parseDocumentAsync (Factur-X extraction is asynchronous)', 0, 0, 'PDF_NEEDS_ASYNC');
  }
  return parseTree(readXml(input, opts.limits));
}

/** Like parseDocument, but also accepts Factur-X / ZUGFeRD PDFs. */
export async function parseDocumentAsync(input: Buffer | Uint8Array | string, opts: ParseOptions = {}): Promise<ParsedDocument> {
  if (typeof input !== 'string' && isPdf(input)) {
    const file = await extractFacturXml(input, opts.limits?.maxBytes);
    return parseTree(readXml(file.bytes, opts.limits), 'pdf');
  }
  return parseDocument(input, opts);
}
