/**
 * Faster scanning for the reader's fast reading (see reader.ts): saxes reads every character
 * through one method call (`getCode`) that also keeps line and column. Names and character data
 * are almost all plain ASCII, so this scans runs of plain characters in a tight loop, keeps line
 * and column the same way, and hands over to saxes' own code for the character that ends the run
 * (and for everything that is not plain: CR, '&', ']', control characters, non-ASCII in names,
 * surrogates). The parser's state after a run is what saxes would have reached character by
 * character, so the tree (names, text, line and column) is the same.
 *
 * This reaches into saxes internals (pinned at exactly 6.0.0 in package.json), so it is applied
 * only when they look as expected (`fastScanAvailable`), only to the fast reading, and the reader
 * reads every input that fails in any way again with an unmodified parser, which reports the
 * error. The differential check (bench/einvoice-identity.ts) compares trees and errors with the
 * reader of an older build.
 */
import { SaxesParser } from 'saxes';

/** The saxes 6.0.0 fields the scans read and advance. */
interface SaxesInternals {
  chunk: string;
  chunkPosition: number;
  i: number;
  prevI: number;
  line: number;
  column: number;
  positionAtNewLine: number;
  name: string;
  text: string;
  forbiddenState: number;
  captureNameChars(): number;
  handleTextInRoot(): void;
}

/** saxes' FORBIDDEN_START: no ']' seen just before (the ']]>' check in character data). */
const FORBIDDEN_START = 0;
const LF = 0x0a;

/** ASCII characters that continue an XML name: letters, digits, '-', '.', '_', ':'. */
const ASCII_NAME_CHAR = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  ASCII_NAME_CHAR[c] = /[A-Za-z0-9._:-]/.test(ch) ? 1 : 0;
}

/**
 * Characters of character data that need nothing but a column step: printable ASCII other than
 * '<', '&' and ']', and TAB (LF is handled in the loop: it starts a new line).
 */
const PLAIN_TEXT_CHAR = new Uint8Array(128);
for (let c = 0; c < 128; c++) PLAIN_TEXT_CHAR[c] = (c >= 0x20 && c !== 0x3c && c !== 0x26 && c !== 0x5d && c !== 0x7f) || c === 0x09 ? 1 : 0;

const proto = SaxesParser.prototype as unknown as SaxesInternals;
const originalCaptureNameChars = proto.captureNameChars;
const originalHandleTextInRoot = proto.handleTextInRoot;

/** Whether saxes has the internals this module relies on (it does in 6.0.0). */
export const fastScanAvailable = typeof originalCaptureNameChars === 'function' && typeof originalHandleTextInRoot === 'function' && probe();

function captureNameChars(this: SaxesInternals): number {
  const chunk = this.chunk;
  const start = this.i;
  let j = start;
  const end = chunk.length;
  while (j < end) {
    const c = chunk.charCodeAt(j);
    if (c >= 128 || ASCII_NAME_CHAR[c] === 0) break;
    j++;
  }
  if (j > start) {
    this.name += chunk.slice(start, j);
    this.column += j - start;
    this.prevI = j - 1;
    this.i = j;
  }
  return originalCaptureNameChars.call(this);
}

function handleTextInRoot(this: SaxesInternals): void {
  if (this.forbiddenState === FORBIDDEN_START) {
    const chunk = this.chunk;
    const start = this.i;
    const end = chunk.length;
    let j = start;
    let line = this.line;
    let column = this.column;
    let atNewLine = this.positionAtNewLine;
    while (j < end) {
      const c = chunk.charCodeAt(j);
      if (c < 128 && PLAIN_TEXT_CHAR[c] === 1) {
        column++;
      } else if (c === LF) {
        line++;
        column = 0;
        atNewLine = this.chunkPosition + j + 1;
      } else break;
      j++;
    }
    if (j > start) {
      this.text += chunk.slice(start, j);
      this.line = line;
      this.column = column;
      this.positionAtNewLine = atNewLine;
      this.prevI = j - 1;
      this.i = j;
    }
  }
  originalHandleTextInRoot.call(this);
}

/** Install the scans on one parser (an own property each, so other parsers are not affected). */
export function useFastScan(parser: SaxesParser<{ xmlns: false; position: false }>): void {
  const p = parser as unknown as SaxesInternals;
  p.captureNameChars = captureNameChars;
  p.handleTextInRoot = handleTextInRoot;
}

/**
 * A sample read with and without the scans must give the same events and positions; otherwise
 * the saxes internals are not what this module expects and the scans stay off.
 */
function probe(): boolean {
  const sample = '<?xml version="1.0"?>\n<a:r xmlns:a="urn:x" b="1">\n  <a:s>t\tx &amp; y ]] > z</a:s>\r\n  <a:t c="2"/><![CDATA[q]]>\n</a:r>\n';
  const events = (fast: boolean): string => {
    const parser = new SaxesParser<{ xmlns: false; position: false }>({ xmlns: false, position: false });
    if (fast) useFastScan(parser);
    const out: string[] = [];
    parser.on('opentag', (t) => out.push(`<${t.name} ${JSON.stringify(t.attributes)} ${parser.line}:${parser.column}:${parser.columnIndex}`));
    parser.on('text', (t) => out.push(`${JSON.stringify(t)} ${parser.line}:${parser.column}`));
    parser.on('closetag', (t) => out.push(`</${t.name} ${parser.line}:${parser.column}`));
    parser.on('cdata', (t) => out.push(`[${t}]`));
    try {
      parser.write(sample).close();
    } catch (e) {
      out.push(`error ${String(e)}`);
    }
    return out.join('\n');
  };
  try {
    return events(true) === events(false);
  } catch {
    return false;
  }
}
