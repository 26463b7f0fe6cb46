/**
 * Judges one file with the engine's public API (parseDocumentAsync + validateInvoice, what
 * validateDocumentAsync does: UBL, CII, Factur-X PDF).
 * A document the engine cannot parse (not well-formed, corrupt PDF, over a size limit) is a
 * verdict, invalid with a PARSE finding; a file that cannot be read is `unreadable`; a document
 * this command cannot judge (an engine fault) is `unchecked`. Canonical JSON is read and judged
 * like the en16931 module does (business rules; no syntax binding). Only valid and
 * invalid are verdicts: the other two make `validate` exit 2.
 */
import { open } from 'node:fs/promises';
import { DEFAULT_XML_LIMITS, LimitExceededError, ParseError, parseDocumentAsync, validateInvoice, type Finding, type ParsedDocument, type RuleSetId } from '../../einvoice';
import { InputFault } from '../../pipeline/catalogue/stage-fault';
import type { CanonicalInvoice } from '../../domain/canonical-invoice';
import { readCanonicalJson } from '../../stages/canonical/read-document';
import { validateCanonical } from '../../stages/validate/validate-canonical';
import { messageOf, reason, type Target } from './collect-files';

export type FileStatus = 'valid' | 'invalid' | 'unreadable' | 'unchecked';

export type ReportedFinding = Pick<Finding, 'rule' | 'severity' | 'message' | 'location'> & { business_term?: string };

/** One file's outcome; the keys are those of the --json output (snake_case). */
export interface FileResult {
  file: string;
  status: FileStatus;
  valid: boolean;
  /** The rule set that judged the document and its version; null when none did (unreadable, unchecked, not parsed). */
  rule_set: string | null;
  rule_set_version: string | null;
  syntax: string | null;
  document_type: string | null;
  errors: ReportedFinding[];
  warnings: ReportedFinding[];
}

/** Largest file read into memory: the engine's input limit, so a bigger file is refused without reading it. */
const MAX_FILE_BYTES = DEFAULT_XML_LIMITS.maxBytes;

/** `ruleSet` absent: the one the document's CustomizationID claims (en16931 when none). */
export async function checkFile(target: Target, ruleSet?: RuleSetId): Promise<FileResult> {
  const { path } = target;
  if (target.unreadable !== undefined) return failed(path, 'unreadable', 'IO', target.unreadable, '');
  let bytes: Buffer;
  try {
    bytes = await readBounded(path);
  } catch (e) {
    if (e instanceof ParseError) return parseFailure(path, e);
    return failed(path, 'unreadable', 'IO', reason(e), '');
  }
  if (looksLikeJson(bytes)) return checkCanonicalJson(path, bytes, ruleSet);
  let parsed: ParsedDocument;
  try {
    parsed = await parseDocumentAsync(bytes);
  } catch (e) {
    if (e instanceof ParseError) return parseFailure(path, e);
    // pdf-lib can stumble over a corrupt PDF with a TypeError: the PDF is unreadable, a verdict.
    if (isPdf(bytes)) return failed(path, 'invalid', 'PARSE', `unreadable PDF: ${messageOf(e)}`, '');
    return failed(path, 'unchecked', 'INTERNAL', `the parser failed: ${messageOf(e)}`, '');
  }
  try {
    const report = validateInvoice(parsed, { ruleSet });
    return {
      file: path,
      status: report.valid ? 'valid' : 'invalid',
      valid: report.valid,
      rule_set: report.ruleSet.id,
      rule_set_version: report.ruleSet.version,
      syntax: report.syntax,
      document_type: report.documentType,
      errors: report.errors.map(strip),
      warnings: report.warnings.map(strip),
    };
  } catch (e) {
    return failed(path, 'unchecked', 'INTERNAL', `the validator failed: ${messageOf(e)}`, '');
  }
}

/** Canonical JSON: read as the parse stage reads it, judged by the same business rules as en16931. */
function checkCanonicalJson(path: string, bytes: Buffer, ruleSet: RuleSetId | undefined): FileResult {
  let invoice: CanonicalInvoice;
  try {
    invoice = readCanonicalJson(bytes).invoice;
  } catch (e) {
    if (!(e instanceof InputFault)) return failed(path, 'unchecked', 'INTERNAL', `the reader failed: ${messageOf(e)}`, '');
    const findings = e.findings.length > 0 ? e.findings : [{ rule: 'PARSE', message: e.message, location: '' }];
    return { ...failed(path, 'invalid', 'PARSE', e.message, ''), syntax: 'JSON', errors: findings.map((f) => ({ rule: f.rule, severity: 'fatal', message: f.message, location: f.location ?? '' })) };
  }
  const report = validateCanonical(invoice, undefined, true, ruleSet);
  const finding =
    (severity: Finding['severity']) =>
    (f: { rule: string; message: string; location?: string; business_term?: string }): ReportedFinding =>
      f.business_term === undefined ? { rule: f.rule, severity, message: f.message, location: f.location ?? '' } : { rule: f.rule, severity, message: f.message, location: f.location ?? '', business_term: f.business_term };
  return {
    file: path,
    status: report.valid ? 'valid' : 'invalid',
    valid: report.valid,
    rule_set: report.rule_set,
    rule_set_version: report.rule_set_version ?? null,
    syntax: 'JSON',
    document_type: invoice.document_type ?? null,
    errors: report.errors.map(finding('fatal')),
    warnings: report.warnings.map(finding('warning')),
  };
}

async function readBounded(path: string): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    if (size > MAX_FILE_BYTES) throw new LimitExceededError(`document is larger than ${MAX_FILE_BYTES} bytes`, 0, 0, 'maxBytes');
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

/** Canonical JSON starts with an object or array (after an optional BOM and white space); XML and PDF never do. */
function looksLikeJson(bytes: Buffer): boolean {
  const text = bytes.subarray(0, 64).toString('utf8').replace(/^\uFEFF/, '').trimStart();
  return text.startsWith('{') || text.startsWith('[');
}

function isPdf(bytes: Buffer): boolean {
  return bytes.subarray(0, 1024).includes('%PDF-');
}

/** The position goes to the location; ParseError also appends it to its message. */
function parseFailure(path: string, e: ParseError): FileResult {
  if (e.line <= 0) return failed(path, 'invalid', 'PARSE', e.message, '');
  const location = `line ${e.line}, column ${e.column}`;
  return failed(path, 'invalid', 'PARSE', e.message.replace(` (${location})`, ''), location);
}

function failed(path: string, status: FileStatus, rule: string, message: string, location: string): FileResult {
  return { file: path, status, valid: false, rule_set: null, rule_set_version: null, syntax: null, document_type: null, errors: [{ rule, severity: 'fatal', message, location }], warnings: [] };
}

function strip(f: Finding): ReportedFinding {
  return f.businessTerm === undefined
    ? { rule: f.rule, severity: f.severity, message: f.message, location: f.location }
    : { rule: f.rule, severity: f.severity, message: f.message, location: f.location, business_term: f.businessTerm };
}
