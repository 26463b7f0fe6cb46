/**
 * Factur-X / ZUGFeRD: the CII XML travels as an embedded file of a PDF/A-3.
 * We look in the catalog's Names/EmbeddedFiles name tree and its AF array,
 * and inflate the file stream with a size cap (no zip bombs).
 */
import { inflateSync } from 'node:zlib';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, PDFString, PDFHexString, type PDFObject } from 'pdf-lib';
import { LimitExceededError, ParseError } from '../errors';

/** Names Factur-X, ZUGFeRD and XRechnung use for the embedded invoice, preferred in this order. */
const PREFERRED_NAMES = ['factur-x.xml', 'zugferd-invoice.xml', 'zugferd_invoice.xml', 'xrechnung.xml', 'order-x.xml'];

export interface EmbeddedFile {
  name: string;
  bytes: Uint8Array;
}

export function isPdf(bytes: Uint8Array): boolean {
  // PDF headers may be preceded by junk; the spec allows the marker within the first 1024 bytes.
  const head = Buffer.from(bytes.subarray(0, Math.min(bytes.length, 1024))).toString('latin1');
  return head.includes('%PDF-');
}

function textOfPdf(obj: PDFObject | undefined): string | undefined {
  if (obj instanceof PDFString || obj instanceof PDFHexString) return obj.decodeText();
  return undefined;
}

function decodeStream(stream: PDFRawStream, maxBytes: number): Uint8Array {
  const filter = stream.dict.lookup(PDFName.of('Filter'));
  const filters: string[] = [];
  if (filter instanceof PDFName) filters.push(filter.asString());
  else if (filter instanceof PDFArray) for (let i = 0; i < filter.size(); i++) filters.push(String(filter.lookup(i)));
  let data: Uint8Array = stream.contents;
  for (const f of filters) {
    if (f !== '/FlateDecode') throw new ParseError(`unsupported PDF stream filter ${f} on the embedded invoice`, 0, 0, 'PDF_UNSUPPORTED');
    try {
      data = inflateSync(data, { maxOutputLength: maxBytes });
    } catch (e) {
      if (e instanceof RangeError) throw new LimitExceededError(`embedded file inflates beyond ${maxBytes} bytes`, 0, 0, 'maxAttachmentBytes');
      throw new ParseError('embedded file stream is corrupt', 0, 0, 'PDF_CORRUPT');
    }
  }
  if (data.length > maxBytes) throw new LimitExceededError(`embedded file is larger than ${maxBytes} bytes`, 0, 0, 'maxAttachmentBytes');
  return data;
}

/** A file specification dictionary to its name and decoded bytes. */
function readFileSpec(spec: PDFDict, maxBytes: number): EmbeddedFile | undefined {
  const name = textOfPdf(spec.lookup(PDFName.of('UF'))) ?? textOfPdf(spec.lookup(PDFName.of('F'))) ?? '';
  const ef = spec.lookup(PDFName.of('EF'));
  if (!(ef instanceof PDFDict)) return undefined;
  const stream = ef.lookup(PDFName.of('F')) ?? ef.lookup(PDFName.of('UF'));
  if (!(stream instanceof PDFRawStream)) return undefined;
  return { name, bytes: decodeStream(stream, maxBytes) };
}

/** Collect file specs from a name tree node (Names pairs and Kids), bounded in depth. */
function collectNameTree(node: PDFDict, out: PDFDict[], depth: number): void {
  if (depth > 16) return;
  const names = node.lookup(PDFName.of('Names'));
  if (names instanceof PDFArray) {
    for (let i = 1; i < names.size(); i += 2) {
      const spec = names.lookup(i);
      if (spec instanceof PDFDict) out.push(spec);
    }
  }
  const kids = node.lookup(PDFName.of('Kids'));
  if (kids instanceof PDFArray) {
    for (let i = 0; i < kids.size(); i++) {
      const kid = kids.lookup(i);
      if (kid instanceof PDFDict) collectNameTree(kid, out, depth + 1);
    }
  }
}

/**
 * List the embedded files of a PDF (EmbeddedFiles name tree first, then the AF array).
 * @throws ParseError (code PDF_CORRUPT) for anything pdf-lib cannot make sense of: garbage after the
 * header, a missing or non-dictionary catalog, objects nested beyond the parser's stack. A broken
 * PDF is the sender's mistake, never an internal error.
 */
export async function listEmbeddedFiles(pdfBytes: Uint8Array, maxBytes = 20 * 1024 * 1024): Promise<EmbeddedFile[]> {
  let pdf: PDFDocument;
  try {
    pdf = await PDFDocument.load(pdfBytes, { ignoreEncryption: true, updateMetadata: false, throwOnInvalidObject: false });
  } catch (e) {
    throw corrupt(e);
  }
  try {
    return collectEmbeddedFiles(pdf, maxBytes);
  } catch (e) {
    if (e instanceof ParseError || e instanceof LimitExceededError) throw e;
    throw corrupt(e);
  }
}

/** pdf-lib's own messages name the offending object; they are bounded so a response stays small. */
function corrupt(cause: unknown): ParseError {
  const reason = cause instanceof RangeError ? 'objects are nested too deeply' : cause instanceof Error ? cause.message : String(cause);
  return new ParseError(`unreadable PDF: ${reason.slice(0, 200)}`, 0, 0, 'PDF_CORRUPT');
}

function collectEmbeddedFiles(pdf: PDFDocument, maxBytes: number): EmbeddedFile[] {
  // With throwOnInvalidObject off, an unparseable trailer leaves pdf-lib without a catalog.
  const catalog: unknown = (pdf as { catalog?: unknown }).catalog;
  if (!(catalog instanceof PDFDict)) throw new ParseError('unreadable PDF: no document catalog', 0, 0, 'PDF_CORRUPT');
  const specs: PDFDict[] = [];
  const namesDict = catalog.lookup(PDFName.of('Names'));
  if (namesDict instanceof PDFDict) {
    const tree = namesDict.lookup(PDFName.of('EmbeddedFiles'));
    if (tree instanceof PDFDict) collectNameTree(tree, specs, 0);
  }
  const af = catalog.lookup(PDFName.of('AF'));
  if (af instanceof PDFArray) {
    for (let i = 0; i < af.size(); i++) {
      const spec = af.lookup(i);
      if (spec instanceof PDFDict && !specs.includes(spec)) specs.push(spec);
    }
  }
  const files: EmbeddedFile[] = [];
  for (const spec of specs) {
    const f = readFileSpec(spec, maxBytes);
    if (f) files.push(f);
  }
  return files;
}

/**
 * Extract the invoice XML of a Factur-X / ZUGFeRD PDF.
 * @throws ParseError when the PDF has no embedded XML invoice.
 */
export async function extractFacturXml(pdfBytes: Uint8Array, maxBytes?: number): Promise<EmbeddedFile> {
  const files = await listEmbeddedFiles(pdfBytes, maxBytes);
  for (const preferred of PREFERRED_NAMES) {
    const hit = files.find((f) => f.name.toLowerCase() === preferred);
    if (hit) return hit;
  }
  const xml = files.find((f) => f.name.toLowerCase().endsWith('.xml'));
  if (xml) return xml;
  throw new ParseError('the PDF carries no embedded XML invoice (Factur-X / ZUGFeRD)', 0, 0, 'PDF_NO_INVOICE');
}
