/**
 * Safe XML reader on top of saxes. Refuses DTDs (hence external entities and
 * entity expansion: only the 5 predefined entities and character references
 * exist), enforces size/depth/count limits while streaming, and turns every
 * well-formedness problem into a ParseError with line and column.
 */
import { SaxesParser } from 'saxes';
import { LimitExceededError, ParseError } from '../errors';
import { NO_ATTRIBUTES, readFast } from './fast-reader';
import { resolveLimits, type XmlLimits } from './limits';
import { adopt, ReadElement, type XmlElement } from './tree';


/** Thrown inside saxes callbacks to stop parsing at the first problem. */
class Abort extends Error {
  constructor(readonly error: ParseError) {
    super(error.message);
  }
}

// Decoders are stateless between decode() calls without { stream: true }: one each is enough.
const UTF8 = new TextDecoder('utf-8');
const UTF16LE = new TextDecoder('utf-16le');
const UTF16BE = new TextDecoder('utf-16be');

/** Decode bytes honouring a BOM or the encoding in the XML declaration (UTF-8, UTF-16, ISO-8859-1). */
export function decodeXmlBytes(bytes: Uint8Array): string {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return UTF8.decode(bytes.subarray(3));
  }
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return UTF16LE.decode(bytes.subarray(2));
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return UTF16BE.decode(bytes.subarray(2));
  // Only the declaration is ASCII-sniffed; the rest is decoded once.
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 200)).toString('latin1'); // a view, not a copy
  const m = /^<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head);
  const enc = m ? m[1].toLowerCase() : 'utf-8';
  if (enc === 'iso-8859-1' || enc === 'latin1' || enc === 'us-ascii' || enc === 'ascii') {
    return Buffer.from(bytes).toString('latin1');
  }
  if (enc === 'windows-1252' || enc === 'cp1252') return new TextDecoder('windows-1252').decode(bytes);
  return UTF8.decode(bytes);
}

/**
 * Read an XML document into an element tree.
 *
 * Two readings, one result. The fast reading (fast-reader.ts) is one pass with charCodeAt over the
 * plain XML invoices are; it accepts only a strict subset of XML 1.0 and plain namespace use, and
 * gives up at the first thing outside it, well-formed or not. The input is then read again the full
 * way (saxes with its namespace processing), which reports the error or limit with its line and
 * column, or reads the document. So the tree and every error are those of the full reading, and
 * hostile input costs at most two linear passes.
 * @throws ParseError for malformed input, DOCTYPE, or LimitExceededError.
 */
export function readXml(input: string | Uint8Array, limitsIn?: Partial<XmlLimits>): XmlElement {
  const limits = resolveLimits(limitsIn);
  const byteLength = typeof input === 'string' ? Buffer.byteLength(input, 'utf8') : input.length;
  if (byteLength > limits.maxBytes) {
    throw new LimitExceededError(`document is ${byteLength} bytes, limit is ${limits.maxBytes}`, 0, 0, 'maxBytes');
  }
  const text = typeof input === 'string' ? input : decodeXmlBytes(input);
  try {
    return readFast(text, limits);
  } catch {
    // Whatever stopped the fast reading (its give-up, or anything else), the full reading decides:
    // it reports the error with its line and column, or reads the document.
  }
  return readXmlFully(text, limits);
}

/** The full reading: saxes with its namespace processing and positions; the reference for every error. */
export function readXmlFully(text: string, limits: XmlLimits): XmlElement {
  const parser = new SaxesParser({ xmlns: true, position: true });
  let root: ReadElement | undefined;
  const stack: ReadElement[] = [];
  // Every element in document order: the rules' whole-document scans read this list.
  const all: ReadElement[] = [];
  let count = 0;

  const fail = (message: string, code = 'MALFORMED_XML'): never => {
    throw new Abort(new ParseError(message, parser.line, parser.column, code));
  };

  parser.on('error', (err: Error) => {
    // saxes prefixes messages with "line:column: "; keep only the reason.
    const reason = err.message.replace(/^[^:]*:\d+:\d+: /, '');
    fail(`malformed XML: ${reason}`);
  });
  parser.on('doctype', () => {
    fail('DOCTYPE declarations are not allowed (no DTDs, no external or custom entities)', 'DOCTYPE_FORBIDDEN');
  });
  parser.on('opentag', (tag) => {
    count++;
    if (count > limits.maxElements) {
      throw new Abort(new LimitExceededError(`more than ${limits.maxElements} elements`, parser.line, parser.column, 'maxElements'));
    }
    if (stack.length + 1 > limits.maxDepth) {
      throw new Abort(new LimitExceededError(`element nesting deeper than ${limits.maxDepth}`, parser.line, parser.column, 'maxDepth'));
    }
    let attrs = NO_ATTRIBUTES;
    for (const key in tag.attributes) {
      const a = tag.attributes[key];
      if (a.prefix === 'xmlns' || a.name === 'xmlns') continue;
      if (attrs === NO_ATTRIBUTES) attrs = {};
      (attrs as Record<string, string>)[a.local] = a.value;
    }
    const parent = stack.length > 0 ? stack[stack.length - 1] : undefined;
    const el = new ReadElement(tag.local, tag.name, tag.uri ?? '', attrs, parent, parser.line, parser.column, all);
    if (parent !== undefined) adopt(parent, el);
    else root = el;
    stack.push(el);
  });
  parser.on('closetag', () => {
    (stack.pop() as ReadElement).end = all.length;
  });
  const onText = (t: string): void => {
    const top = stack[stack.length - 1];
    if (top === undefined) return;
    if (top.text.length + t.length > limits.maxTextLength) {
      throw new Abort(new LimitExceededError(`text content longer than ${limits.maxTextLength} characters`, parser.line, parser.column, 'maxTextLength'));
    }
    top.text += t;
  };
  parser.on('text', onText);
  parser.on('cdata', onText);

  try {
    parser.write(text);
    parser.close();
  } catch (e) {
    if (e instanceof Abort) throw e.error;
    const msg = e instanceof Error ? e.message : String(e);
    throw new ParseError(`malformed XML: ${msg}`, parser.line, parser.column);
  }
  if (root === undefined) throw new ParseError('no root element', parser.line, parser.column);
  return root;
}
