// The CommonJS module object itself, so jest can spy on its functions.
import fs = require('node:fs');
import * as os from 'node:os';
import * as path from 'node:path';
import { LimitExceededError, ParseError, parseDocument, readXml, validateDocument } from '../../../src/einvoice';
import { billionLaughsLines } from '../../support/hostile-input';

function parseErrorOf(fn: () => unknown): ParseError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ParseError) return e;
    throw new Error(`expected ParseError, got ${String(e)}`, { cause: e });
  }
  throw new Error('expected ParseError, nothing was thrown');
}

describe('safe XML reader', () => {
  it('builds a tree with namespaces, attributes, text and positions', () => {
    const root = readXml('<a xmlns="urn:x" xmlns:p="urn:p">\n  <p:b id="1">t &amp; &#x41;&lt;</p:b>\n</a>');
    expect(root.local).toBe('a');
    expect(root.ns).toBe('urn:x');
    const b = root.children[0];
    expect(b.qname).toBe('p:b');
    expect(b.ns).toBe('urn:p');
    expect(b.attrs).toEqual({ id: '1' });
    expect(b.text).toBe('t & A<');
    expect(b.line).toBe(2);
    expect(b.parent).toBe(root);
  });

  it('reports malformed XML as ParseError with line and column', () => {
    const err = parseErrorOf(() => readXml('<a>\n  <b>text</c>\n</a>'));
    expect(err.code).toBe('MALFORMED_XML');
    expect(err.line).toBe(2);
    expect(err.column).toBe(13); // the `>` closing the mismatched end tag
    expect(err.message).toMatch(/line 2, column 13/);
  });

  it('reports an unclosed document at its end', () => {
    const err = parseErrorOf(() => readXml('<a>\n<b>\n'));
    expect(err.line).toBe(3);
    expect(err.column).toBeGreaterThanOrEqual(0);
  });

  it('reports an undefined entity instead of expanding it', () => {
    const err = parseErrorOf(() => readXml('<a>&custom;</a>'));
    expect(err.message).toMatch(/entity/);
    expect(err.line).toBe(1);
  });

  it('decodes UTF-8 with BOM, UTF-16 and ISO-8859-1 declarations', () => {
    const utf8 = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('<a>é</a>', 'utf8')]);
    expect(readXml(utf8).text).toBe('é');
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<a>ü</a>', 'utf16le')]);
    expect(readXml(utf16).text).toBe('ü');
    const latin1 = Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><a>\u00e5</a>', 'latin1');
    expect(readXml(latin1).text).toBe('å');
  });

  it('refuses any DOCTYPE', () => {
    const err = parseErrorOf(() => readXml('<!DOCTYPE a><a/>'));
    expect(err.code).toBe('DOCTYPE_FORBIDDEN');
    expect(err.line).toBe(1);
  });

  describe('limits', () => {
    it('bounds the nesting depth', () => {
      const deep = '<a>'.repeat(70) + '</a>'.repeat(70);
      const err = parseErrorOf(() => readXml(deep));
      expect(err).toBeInstanceOf(LimitExceededError);
      expect((err as LimitExceededError).limit).toBe('maxDepth');
      expect(() => readXml(deep, { maxDepth: 100 })).not.toThrow();
    });

    it('bounds the element count', () => {
      const many = '<a>' + '<b/>'.repeat(50) + '</a>';
      const err = parseErrorOf(() => readXml(many, { maxElements: 20 }));
      expect((err as LimitExceededError).limit).toBe('maxElements');
      expect(readXml(many).children).toHaveLength(50);
    });

    it('bounds the input size before parsing', () => {
      const err = parseErrorOf(() => readXml('<a>' + 'x'.repeat(2000) + '</a>', { maxBytes: 1000 }));
      expect((err as LimitExceededError).limit).toBe('maxBytes');
    });

    it('bounds the text length of one element', () => {
      const err = parseErrorOf(() => readXml('<a>' + 'x'.repeat(5000) + '</a>', { maxTextLength: 1000 }));
      expect((err as LimitExceededError).limit).toBe('maxTextLength');
    });
  });
});

describe('hostile documents', () => {
  const secret = `TOP-SECRET-${process.pid}-${Date.now()}`;
  let dir: string;
  let secretFile: string;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'einvoice-xxe-'));
    secretFile = path.join(dir, 'secret.txt');
    fs.writeFileSync(secretFile, secret);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  function spyOnFileReads(): jest.SpyInstance[] {
    return [
      jest.spyOn(fs, 'readFileSync'),
      jest.spyOn(fs, 'openSync'),
      jest.spyOn(fs, 'readSync'),
      jest.spyOn(fs, 'readFile'),
      jest.spyOn(fs, 'open'),
      jest.spyOn(fs.promises, 'readFile'),
      jest.spyOn(fs.promises, 'open'),
    ];
  }

  // "Quickly" is shown by where the refusal happens: at the DOCTYPE, before the root element,
  // so no entity is ever resolved or expanded. The time it takes is measured by bench:einvoice.
  it('refuses an external entity (XXE) at its DOCTYPE, without reading the file or leaking it', () => {
    const xxe = `<?xml version="1.0"?>
<!DOCTYPE Invoice [ <!ENTITY xxe SYSTEM "file://${secretFile}"> ]>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
         xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
  <cbc:ID>&xxe;</cbc:ID>
</Invoice>`;
    const spies = spyOnFileReads();
    const err = parseErrorOf(() => validateDocument(xxe));
    try {
      for (const s of spies) expect(s).not.toHaveBeenCalled();
    } finally {
      for (const s of spies) s.mockRestore();
    }
    expect(err.code).toBe('DOCTYPE_FORBIDDEN');
    expect(err.line).toBe(2);
    expect(err.message).toMatch(/DOCTYPE/);
    expect(JSON.stringify({ ...err, message: err.message, stack: err.stack })).not.toContain(secret);
  });

  it('refuses a billion-laughs document at the end of its DOCTYPE, before anything is expanded', () => {
    const lol = billionLaughsLines();
    const spies = spyOnFileReads();
    const err = parseErrorOf(() => parseDocument(lol.join('\n')));
    try {
      for (const s of spies) expect(s).not.toHaveBeenCalled();
    } finally {
      for (const s of spies) s.mockRestore();
    }
    expect(err.code).toBe('DOCTYPE_FORBIDDEN');
    expect(err.line).toBe(lol.indexOf(']>') + 1); // the root element, which uses &lol9;, is never reached
    expect(err.message).not.toMatch(/lollol/);
  });

  it('refuses entity references even without a DOCTYPE', () => {
    const err = parseErrorOf(() => parseDocument('<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2">&lol9;</Invoice>'));
    expect(err.code).toBe('MALFORMED_XML');
  });
});
