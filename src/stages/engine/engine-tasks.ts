/**
 * The invoice engine's tasks: each export is one task over untrusted bytes. They run on the
 * WorkerPool's threads (engine.worker.ts), where a deadline can terminate them, and small
 * plain-XML documents in the calling thread (EngineClient, WorkerPool.runHere), where the
 * engine's linear worst case and the size cap bound them. Expected engine errors come back as
 * data (EngineResult); anything else throws.
 */
import {
  extractFacturXml,
  type Finding,
  LimitExceededError,
  ParseError,
  type ParsedDocument,
  parseTree,
  readXml,
  type RuleSetId,
  ruleSetForCustomization,
  validateInvoice,
  type ValidationReport,
} from '../../einvoice';
import { isPdf } from '../../einvoice/parse/facturx';
import { canonicalFromModel } from '../canonical/from-model';
import { lenientExtract } from '../parse/lenient-extract';
import type {
  EngineErrorData,
  EngineResult,
  LenientTaskInput,
  LenientTaskOutput,
  ParseTaskInput,
  ParseTaskOutput,
  ReportTaskInput,
  ReportTaskOutput,
  SpeculationPlan,
  ValidateJsonTaskInput,
  ValidateJsonTaskOutput,
  ValidateTaskInput,
  ValidateTaskOutput,
} from './engine-results';
import { validateCanonical } from '../validate/validate-canonical';

function engineError(error: unknown): EngineResult<never> {
  if (!(error instanceof ParseError)) throw error;
  const suffix = ` (line ${error.line}, column ${error.column})`;
  const message = error.line > 0 && error.message.endsWith(suffix) ? error.message.slice(0, -suffix.length) : error.message;
  const data: EngineErrorData = { name: error.name, message, line: error.line, column: error.column, code: error.code };
  if (error instanceof LimitExceededError) data.limit = error.limit;
  return { ok: false, error: data };
}

/**
 * Documents this thread parsed recently: when the validate task of the same document lands on the
 * same thread (the usual case: an idle pool hands both to its first free thread) it skips reading
 * the XML again. A hit is the same bytes in the same container, whoever sent them: compared in
 * full (memcmp, ≈0.2 µs for 10 KB; hashing them with SHA-256 cost ≈7 µs per task). Used once, at
 * most RECENT_MAX entries of at most RECENT_MAX_BYTES each.
 */
interface Recent {
  xml: Uint8Array;
  container: 'xml' | 'pdf';
  parsed: ParsedDocument;
}
const recent: Recent[] = [];
const RECENT_MAX = 16;
const RECENT_MAX_BYTES = 1 << 20;

function remember(xml: Uint8Array, parsed: ParsedDocument): ParsedDocument {
  if (xml.byteLength > RECENT_MAX_BYTES) return parsed;
  recent.push({ xml, container: parsed.container, parsed });
  if (recent.length > RECENT_MAX) recent.shift();
  return parsed;
}

function parsedAgain(xml: Uint8Array, container: 'xml' | 'pdf'): ParsedDocument {
  const at = recent.findIndex((entry) => entry.container === container && entry.xml.byteLength === xml.byteLength && Buffer.compare(entry.xml, xml) === 0);
  if (at < 0) return parseTree(readXml(xml), container);
  const [hit] = recent.splice(at, 1);
  return hit.parsed;
}

/** Factur-X extraction; pdf-lib's own failures on a broken PDF are the document's fault, reported as ParseError. */
async function embeddedXml(pdf: Uint8Array): Promise<Uint8Array> {
  try {
    return (await extractFacturXml(pdf)).bytes;
  } catch (error) {
    if (error instanceof ParseError) throw error;
    throw new ParseError(`the PDF could not be read: ${error instanceof Error ? error.message : String(error)}`, 0, 0, 'PDF_UNREADABLE');
  }
}

/** A parsed XML document is UBL or CII (JSON never reaches the XML reader). */
const xmlSyntax = (syntax: string): 'UBL' | 'CII' => (syntax === 'CII' ? 'CII' : 'UBL');

const finding = (f: Finding) => (f.businessTerm === undefined ? { rule: f.rule, message: f.message, location: f.location } : { rule: f.rule, message: f.message, location: f.location, business_term: f.businessTerm });

/** A report as the validate task answers it. */
function validateOutput(report: ValidationReport): ValidateTaskOutput {
  return { valid: report.valid, ruleSet: report.ruleSet.id, ruleSetVersion: report.ruleSet.version, syntax: xmlSyntax(report.syntax), errors: report.errors.map(finding), warnings: report.warnings.map(finding) };
}

/**
 * Larger XML is not judged in the parse trip: the trip saved is nothing next to its parse (≈40 ms
 * for 1 MB), and the time it adds to the parse task, under the parse stage's deadline, stays
 * small (judging 1 MB by en16931: ≈15 ms).
 */
const SPECULATE_MAX_BYTES = 1 << 20;

/**
 * The speculative validation of a parse task (speculative-reports.ts): what the validate task
 * would answer by the rule set the caller expects. Judging is not parsing: any failure here is
 * swallowed (no report; the validate task then judges the document on its own trip and meets the
 * failure there), so a rules bug never fails a parse. Only by a rule set the plan lists for the
 * claimed one (learnt from an earlier validate call): a first document, or the first that claims
 * another rule set, is parsed as before and judged on validate's own trip (a guess would judge it
 * by the claim, which the default selection does not ask for, and would add a rule set's first
 * use to the parse task, under the parse stage's deadline).
 */
function speculate(xml: Uint8Array, parsed: ParsedDocument, claimed: RuleSetId, plan: SpeculationPlan): ValidateTaskOutput | undefined {
  const ruleSet = plan === false ? undefined : plan[claimed];
  if (ruleSet === undefined || xml.byteLength > SPECULATE_MAX_BYTES) return undefined;
  try {
    return validateOutput(validateInvoice(parsed, { ruleSet }));
  } catch {
    return undefined;
  }
}

/** The parse task's answer; the tree is kept for a validate task only when no report was made in this trip. */
function parsed(xml: Uint8Array, tree: ParsedDocument, plan: SpeculationPlan): ParseTaskOutput {
  const invoice = canonicalFromModel(tree.invoice);
  const claimed = ruleSetForCustomization(tree.invoice.customizationId).id;
  const report = speculate(xml, tree, claimed, plan);
  if (report === undefined) remember(xml, tree);
  return report === undefined ? { invoice, container: tree.container, claimed } : { invoice, container: tree.container, claimed, report };
}

export async function parse(input: ParseTaskInput): Promise<EngineResult<ParseTaskOutput>> {
  try {
    // As parseDocumentAsync does, but the XML of a PDF is kept: validate reads it again.
    if (!isPdf(input.document)) return { ok: true, value: parsed(input.document, parseTree(readXml(input.document)), input.speculate) };
    const embedded = await embeddedXml(input.document);
    return { ok: true, value: { ...parsed(embedded, parseTree(readXml(embedded), 'pdf'), input.speculate), embeddedXml: embedded } };
  } catch (error) {
    return engineError(error);
  }
}

export function validate(input: ValidateTaskInput): EngineResult<ValidateTaskOutput> {
  try {
    return { ok: true, value: validateOutput(validateInvoice(parsedAgain(input.xml, input.container), { ruleSet: input.ruleSet })) };
  } catch (error) {
    return engineError(error);
  }
}

export async function report(input: ReportTaskInput): Promise<EngineResult<ReportTaskOutput>> {
  try {
    const parsed = isPdf(input.document) ? parseTree(readXml(await embeddedXml(input.document)), 'pdf') : parseTree(readXml(input.document));
    const result = validateInvoice(parsed, { ruleSet: input.ruleSet });
    return {
      ok: true,
      value: { valid: result.valid, ruleSet: result.ruleSet.id, ruleSetVersion: result.ruleSet.version, syntax: xmlSyntax(result.syntax), documentType: result.documentType, errors: result.errors.map(finding), warnings: result.warnings.map(finding) },
    };
  } catch (error) {
    return engineError(error);
  }
}

/** Canonical JSON: the engine model built from it, judged by the business rules (validate-canonical.ts). */
export function validateJson(input: ValidateJsonTaskInput): ValidateJsonTaskOutput {
  return validateCanonical(input.invoice, undefined, input.includeWarnings, input.ruleSet);
}

export async function lenient(input: LenientTaskInput): Promise<EngineResult<LenientTaskOutput>> {
  try {
    const xml = input.pdf ? await embeddedXml(input.document) : input.document;
    return { ok: true, value: lenientExtract(Buffer.from(xml.buffer, xml.byteOffset, xml.byteLength).toString('utf8')) };
  } catch (error) {
    return engineError(error);
  }
}
