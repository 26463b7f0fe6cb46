/**
 * Safe XML reader on top of saxes. Refuses DTDs (hence external entities and
 * entity expansion: only the 5 predefined entities and character references
 * exist), enforces size/depth/count limits while streaming, and turns every
 * well-formedness problem into a ParseError with line and column.
 */
import { SaxesParser } from 'saxes';
import { LimitExceededError, ParseError } from '../errors';
import { resolveLimits, type XmlLimits } from './limits';
import { ReadElement, type XmlElement } from './tree';

/** Shared by every element without attributes (most of them): one object instead of one per element. */
const NO_ATTRIBUTES: Readonly<Record<string, string>> = Object.freeze({});

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
  const head = Buffer.from(bytes.subarray(0, Math.min(bytes.length, 200))).toString('latin1');
  const m = /^<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head);
  const enc = m ? m[1].toLowerCase() : 'utf-8';
  if (enc === 'iso-8859-1' || enc === 'latin1' || enc === 'us-ascii' || enc === 'ascii') {
    return Buffer.from(bytes).toString('latin1');
  }
  if (enc === 'windows-1252' || enc === 'cp1252') return new TextDecoder('windows-1252').decode(bytes);
  return UTF8.decode(bytes);
}

const XML_NAMESPACE = 'http://www.w3.org/XML/1998/namespace';
const XMLNS_NAMESPACE = 'http://www.w3.org/2000/xmlns/';

/** Thrown by the fast reading when the input needs the full reading (any error, or a rare namespace case). */
class UseFullReading extends Error {}
const USE_FULL_READING = new UseFullReading('use the full reading');

/**
 * Read an XML document into an element tree.
 *
 * Two readings, one result. The fast reading runs saxes without its namespace processing (which
 * allocates objects per attribute and per element and resolves each prefix up the element stack)
 * and resolves prefixes itself: a prefix -> URI map undone when an element closes, since
 * declarations are rare and scoped. It accepts only documents whose namespaces are plain (no
 * unbound, malformed or reserved prefix, no undeclared prefix, no duplicate expanded attribute
 * name, no colon in a processing-instruction target) and gives up at the first problem of any
 * kind. The input is then read again the full way (saxes with its namespace checks), which
 * reports the error or limit with its line and column. So the tree and every error are those of
 * the full reading, and hostile input costs at most two linear passes.
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
    // Whatever stopped the fast reading (USE_FULL_READING or saxes' own error), the full reading
    // decides: it reports the error with its line and column, or reads the document.
  }
  return readFull(text, limits);
}

/** The fast reading (see readXml); throws USE_FULL_READING on anything it does not accept. */
function readFast(text: string, limits: XmlLimits): XmlElement {
  const parser = new SaxesParser<{ xmlns: false; position: false }>({ xmlns: false, position: false });
  let root: ReadElement | undefined;
  const stack: ReadElement[] = [];
  const all: ReadElement[] = [];
  // The elements with attributes, in document order (the rules' attribute lookups read only these).
  const attributed: ReadElement[] = [];
  // Prefix -> URI in scope, and what each declaration replaced (undone when its element closes).
  const scope: Record<string, string | undefined> = Object.create(null) as Record<string, string | undefined>;
  scope.xml = XML_NAMESPACE;
  scope.xmlns = XMLNS_NAMESPACE;
  const undoPrefix: string[] = [];
  const undoUri: Array<string | undefined> = [];
  const undoMark: number[] = [];

  const giveUp = (): never => {
    throw USE_FULL_READING;
  };
  const declare = (prefix: string, value: string): void => {
    const uri = value.trim();
    if (prefix === 'xml' || prefix === 'xmlns' || uri === XML_NAMESPACE || uri === XMLNS_NAMESPACE || (prefix !== '' && uri === '')) giveUp();
    undoPrefix.push(prefix);
    undoUri.push(scope[prefix]);
    scope[prefix] = uri;
  };

  // No error handler: without one saxes throws at the first well-formedness error, which readXml
  // answers with the full reading. Each handler is a property saxes adds to the parser by a keyed
  // store, and V8 turns a parser with eight of them into a slow dictionary-mode object (the
  // reading then takes about 2.5 times as long): keep this at seven handlers or fewer.
  parser.on('doctype', giveUp);
  parser.on('processinginstruction', (pi) => {
    if (pi.target.includes(':')) giveUp();
  });
  // The attributes of the tag being read, in document order (from saxes' attribute events: cheaper
  // than enumerating the attribute object saxes builds for each tag).
  const attrNames: string[] = [];
  const attrValues: string[] = [];
  parser.on('attribute', (a) => {
    attrNames.push(a.name);
    attrValues.push(a.value);
  });
  parser.on('opentag', (tag) => {
    const mark = undoPrefix.length;
    let attrs = NO_ATTRIBUTES;
    const n = attrNames.length;
    if (n > 0) {
      // Prefixed attributes other than declarations: resolved once all declarations of the tag are in scope.
      let prefixed = 0;
      for (let i = 0; i < n; i++) {
        const name = attrNames[i];
        const colon = name.indexOf(':');
        if (colon < 0) {
          if (name === 'xmlns') declare('', attrValues[i]);
          else {
            if (attrs === NO_ATTRIBUTES) attrs = {};
            (attrs as Record<string, string>)[name] = attrValues[i];
          }
        } else if (colon === 5 && name.startsWith('xmlns')) {
          const local = name.slice(6);
          if (local === '' || local.includes(':')) giveUp();
          declare(local, attrValues[i]);
        } else {
          prefixed++;
        }
      }
      if (prefixed > 0) attrs = prefixedAttributes(attrNames, attrValues, scope, prefixed, giveUp);
      attrNames.length = 0;
      attrValues.length = 0;
    }

    const qname = tag.name;
    const colon = qname.indexOf(':');
    let local = qname;
    let ns: string;
    if (colon < 0) ns = scope[''] ?? '';
    else {
      const prefix = qname.slice(0, colon);
      local = qname.slice(colon + 1);
      if (prefix === '' || local === '' || local.includes(':') || prefix === 'xmlns') giveUp();
      const uri = scope[prefix];
      if (uri === undefined || uri === '') giveUp();
      ns = uri as string;
    }
    if (all.length >= limits.maxElements || stack.length >= limits.maxDepth) giveUp();
    const parent = stack.length > 0 ? stack[stack.length - 1] : undefined;
    const el = new ReadElement(local, qname, ns, attrs, parent, parser.line, parser.column, all);
    if (parent !== undefined) parent.children.push(el);
    else root = el;
    if (attrs !== NO_ATTRIBUTES) attributed.push(el);
    stack.push(el);
    undoMark.push(mark);
  });
  parser.on('closetag', () => {
    (stack.pop() as ReadElement).end = all.length;
    const mark = undoMark.pop() as number;
    while (undoPrefix.length > mark) scope[undoPrefix.pop() as string] = undoUri.pop();
  });
  const onText = (t: string): void => {
    const top = stack[stack.length - 1];
    if (top === undefined) return;
    if (top.text.length + t.length > limits.maxTextLength) giveUp();
    top.text += t;
  };
  parser.on('text', onText);
  parser.on('cdata', onText);

  parser.write(text);
  parser.close();
  if (root === undefined) giveUp();
  (root as ReadElement).attributed = attributed;
  return root as ReadElement;
}

/**
 * The attributes of a tag with prefixed attributes, by local name in document order (the last
 * value wins, as in the full reading); gives up on an undeclared prefix, a malformed name or two
 * attributes with the same namespace and local name.
 */
function prefixedAttributes(names: string[], values: string[], scope: Record<string, string | undefined>, prefixed: number, giveUp: () => never): Record<string, string> {
  const attrs: Record<string, string> = {};
  const seen: string[] = [];
  for (let i = 0; i < names.length; i++) {
    const name = names[i];
    const colon = name.indexOf(':');
    if (colon < 0) {
      if (name !== 'xmlns') attrs[name] = values[i];
      continue;
    }
    const prefix = name.slice(0, colon);
    if (prefix === 'xmlns') continue;
    const local = name.slice(colon + 1);
    if (prefix === '' || local === '' || local.includes(':')) giveUp();
    const uri = scope[prefix];
    if (uri === undefined) giveUp();
    if (prefixed > 1) {
      const expanded = `{${uri}}${local}`;
      if (seen.includes(expanded)) giveUp();
      seen.push(expanded);
    }
    attrs[local] = values[i];
  }
  return attrs;
}

/** The full reading: saxes with its namespace processing and positions; the reference for every error. */
function readFull(text: string, limits: XmlLimits): XmlElement {
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
    if (parent !== undefined) parent.children.push(el);
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
