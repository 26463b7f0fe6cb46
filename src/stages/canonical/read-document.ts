import { ParseError, parseDocumentAsync } from '../../einvoice';
import { InputFault } from '../../pipeline/catalogue/stage-fault';
import type { ParseOutput } from '../../pipeline/contracts';
import { canonicalFromJson } from './from-json';
import { canonicalFromModel } from './from-model';

/**
 * The parse stage's reading of a document as plain functions (no Nest, no I/O), so they can run
 * in a worker thread. A document the engine cannot read is the caller's mistake: it becomes
 * InputFault('malformed') with the engine's reason and position, never a module fault.
 */

/** Reasons whose engine text may quote a library's internals; the tenant gets a fixed sentence. */
const FIXED_REASONS: Readonly<Record<string, string>> = {
  PDF_CORRUPT: 'the PDF cannot be read',
};

/** The InputFault a ParseError stands for; the message is safe to show to the tenant. */
export function parseErrorFault(error: ParseError): InputFault {
  const reason = FIXED_REASONS[error.code] ?? error.message;
  const message = reason.length > 300 ? `${reason.slice(0, 300)}…` : reason;
  const location = error.line > 0 ? `line ${error.line}, column ${error.column}` : undefined;
  return new InputFault('malformed', message, [{ rule: error.code, message, ...(location ? { location } : {}) }], { cause: error });
}

/**
 * UBL, CII or a Factur-X PDF through the engine, in this thread (the CLI and tests; the service
 * parses on the worker pool, see EngineClient).
 */
export async function readEinvoice(document: Buffer): Promise<ParseOutput> {
  try {
    const parsed = await parseDocumentAsync(document);
    return { invoice: canonicalFromModel(parsed.invoice), warnings: [] };
  } catch (error) {
    if (error instanceof ParseError) throw parseErrorFault(error);
    throw error;
  }
}

/** A canonical JSON document; a broken one throws InputFault('malformed') with field findings. */
export function readCanonicalJson(document: Buffer): ParseOutput {
  return { invoice: canonicalFromJson(document), warnings: [] };
}

/** The fault for a media type a parse module does not read. */
export function unsupportedMediaType(module: string, contentType: string, reads: string): InputFault {
  const message = `${module} reads ${reads}, not ${contentType}`;
  return new InputFault('unsupported_input', message, [{ rule: 'UNSUPPORTED-MEDIA-TYPE', message, location: 'content_type' }]);
}
