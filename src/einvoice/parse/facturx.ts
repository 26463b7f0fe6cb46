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

/** `%PDF-` as bytes. */
const PDF_MARKER = [0x25, 0x50, 0x44, 0x46, 0x2d];

export function isPdf(bytes: Uint8Array): boolean {
  // PDF headers may be preceded by junk; the spec allows the marker within the first 1024 bytes.
  // Compared byte by byte in place (no copy of the head, no string made from it).
  const end = Math.min(bytes.length, 1024) - PDF_MARKER.length;
  for (let i = 0; i <= end; i++) {
    if (bytes[i] !== 0x25) continue;
    if (bytes[i + 1] === 0x50 && bytes[i + 2] === 0x44 && bytes[i + 3] === 0x46 && bytes[i + 4] === 0x2d) return true;
  }
  return false;
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
      // zlib's ERR_BUFFER_TOO_LARGE; by code too, since its class may come from another realm (vm, Jest).
      if (e instanceof RangeError || (e as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') throw new LimitExceededError(`embedded file inflates beyond ${maxBytes} bytes`, 0, 0, 'maxAttachmentBytes');
      throw new ParseError('embedded file stream is corrupt', 0, 0, 'PDF_CORRUPT');
    }
  }
  if (data.length > maxBytes) throw new LimitExceededError(`embedded file is larger than ${maxBytes} bytes`, 0, 0, 'maxAttachmentBytes');
  return data;
}

/** The name a file specification dictionary gives its file. */
function fileSpecName(spec: PDFDict): string {
  return textOfPdf(spec.lookup(PDFName.of('UF'))) ?? textOfPdf(spec.lookup(PDFName.of('F'))) ?? '';
}

/** A file specification dictionary to its name and decoded bytes. */
function readFileSpec(spec: PDFDict, maxBytes: number): EmbeddedFile | undefined {
  const ef = spec.lookup(PDFName.of('EF'));
  if (!(ef instanceof PDFDict)) return undefined;
  const stream = ef.lookup(PDFName.of('F')) ?? ef.lookup(PDFName.of('UF'));
  if (!(stream instanceof PDFRawStream)) return undefined;
  return { name: fileSpecName(spec), bytes: decodeStream(stream, maxBytes) };
}

/** Most name tree nodes visited, and most file specifications considered: a real Factur-X has one of each. */
const MAX_NAME_TREE_NODES = 1000;
const MAX_FILE_SPECS = 64;

/** File specifications in document order, each once, bounded in number. */
class FileSpecs {
  readonly list: PDFDict[] = [];
  private readonly seen = new Set<PDFDict>();

  add(spec: PDFDict): void {
    if (this.seen.has(spec)) return;
    if (this.list.length >= MAX_FILE_SPECS) throw new ParseError(`unreadable PDF: more than ${MAX_FILE_SPECS} embedded files`, 0, 0, 'PDF_CORRUPT');
    this.seen.add(spec);
    this.list.push(spec);
  }
}

/**
 * Collect file specs from a name tree (Names pairs and Kids), bounded in depth and in nodes, each
 * node visited once: Kids that point back at their ancestors would otherwise loop or explode.
 */
function collectNameTree(node: PDFDict, out: FileSpecs, depth: number, visited = new Set<PDFDict>()): void {
  if (depth > 16 || visited.has(node)) return;
  if (visited.size >= MAX_NAME_TREE_NODES) throw new ParseError(`unreadable PDF: the embedded files name tree has more than ${MAX_NAME_TREE_NODES} nodes`, 0, 0, 'PDF_CORRUPT');
  visited.add(node);
  const names = node.lookup(PDFName.of('Names'));
  if (names instanceof PDFArray) {
    for (let i = 1; i < names.size(); i += 2) {
      const spec = names.lookup(i);
      if (spec instanceof PDFDict) out.add(spec);
    }
  }
  const kids = node.lookup(PDFName.of('Kids'));
  if (kids instanceof PDFArray) {
    for (let i = 0; i < kids.size(); i++) {
      const kid = kids.lookup(i);
      if (kid instanceof PDFDict) collectNameTree(kid, out, depth + 1, visited);
    }
  }
}

/**
 * Loads a PDF and runs `read` over it. Anything pdf-lib cannot make sense of (garbage after the
 * header, a missing or non-dictionary catalog, objects nested beyond the parser's stack) becomes a
 * ParseError with code PDF_CORRUPT: a broken PDF is the sender's mistake, never an internal error.
 */
async function readPdf<T>(pdfBytes: Uint8Array, read: (specs: PDFDict[]) => T): Promise<T> {
  let pdf: PDFDocument;
  try {
    pdf = await PDFDocument.load(pdfBytes, { ignoreEncryption: true, updateMetadata: false, throwOnInvalidObject: false });
  } catch (e) {
    throw corrupt(e);
  }
  try {
    return read(fileSpecsOf(pdf));
  } catch (e) {
    if (e instanceof ParseError || e instanceof LimitExceededError) throw e;
    throw corrupt(e);
  }
}

/** pdf-lib's own messages name the offending object; they are bounded so a response stays small. */
function corrupt(cause: unknown): ParseError {
  const reason = cause instanceof Error && cause.name === 'RangeError' ? 'objects are nested too deeply' : cause instanceof Error ? cause.message : String(cause);
  return new ParseError(`unreadable PDF: ${reason.slice(0, 200)}`, 0, 0, 'PDF_CORRUPT');
}

/** File specifications of the EmbeddedFiles name tree first, then of the AF array. */
function fileSpecsOf(pdf: PDFDocument): PDFDict[] {
  // With throwOnInvalidObject off, an unparseable trailer leaves pdf-lib without a catalog.
  const catalog: unknown = (pdf as { catalog?: unknown }).catalog;
  if (!(catalog instanceof PDFDict)) throw new ParseError('unreadable PDF: no document catalog', 0, 0, 'PDF_CORRUPT');
  const specs = new FileSpecs();
  const namesDict = catalog.lookup(PDFName.of('Names'));
  if (namesDict instanceof PDFDict) {
    const tree = namesDict.lookup(PDFName.of('EmbeddedFiles'));
    if (tree instanceof PDFDict) collectNameTree(tree, specs, 0);
  }
  const af = catalog.lookup(PDFName.of('AF'));
  if (af instanceof PDFArray) {
    for (let i = 0; i < af.size(); i++) {
      const spec = af.lookup(i);
      if (spec instanceof PDFDict) specs.add(spec);
    }
  }
  return specs.list;
}

/**
 * List the embedded files of a PDF (EmbeddedFiles name tree first, then the AF array).
 * @throws ParseError (PDF_CORRUPT) for an unreadable PDF, LimitExceededError for oversized files.
 */
export async function listEmbeddedFiles(pdfBytes: Uint8Array, maxBytes = 20 * 1024 * 1024): Promise<EmbeddedFile[]> {
  return readPdf(pdfBytes, (specs) => specs.map((spec) => readFileSpec(spec, maxBytes)).filter((f): f is EmbeddedFile => f !== undefined));
}

/** The spec of the invoice: a preferred name first, then any .xml; only that one is inflated. */
function invoiceSpec(specs: PDFDict[]): PDFDict | undefined {
  const named = specs.filter((spec) => spec.lookup(PDFName.of('EF')) instanceof PDFDict).map((spec) => ({ spec, name: fileSpecName(spec).toLowerCase() }));
  for (const preferred of PREFERRED_NAMES) {
    const hit = named.find((n) => n.name === preferred);
    if (hit) return hit.spec;
  }
  return named.find((n) => n.name.endsWith('.xml'))?.spec;
}

/**
 * Extract the invoice XML of a Factur-X / ZUGFeRD PDF.
 * @throws ParseError when the PDF is unreadable (PDF_CORRUPT) or has no embedded XML invoice.
 */
export async function extractFacturXml(pdfBytes: Uint8Array, maxBytes = 20 * 1024 * 1024): Promise<EmbeddedFile> {
  const file = await readPdf(pdfBytes, (specs) => {
    const spec = invoiceSpec(specs);
    return spec ? readFileSpec(spec, maxBytes) : undefined;
  });
  if (file) return file;
  throw new ParseError('the PDF carries no embedded XML invoice (Factur-X / ZUGFeRD)', 0, 0, 'PDF_NO_INVOICE');
}
