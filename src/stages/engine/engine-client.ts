import { extname, join } from 'node:path';
import { Injectable } from '@nestjs/common';
import { LimitExceededError, ParseError, type RuleSetId } from '../../einvoice';
import { WorkerPool, type WorkerTask } from '../../framework/workers';
import type { CanonicalInvoice } from '../../domain/canonical-invoice';
import type {
  EngineErrorData,
  EngineResult,
  LenientTaskInput,
  LenientTaskOutput,
  ParseTaskInput,
  ParseTaskOutput,
  ReportTaskInput,
  ReportTaskOutput,
  ValidateJsonTaskInput,
  ValidateJsonTaskOutput,
  ValidateTaskInput,
  ValidateTaskOutput,
} from './engine-results';
import { SpeculativeReports } from './speculative-reports';
import type { XmlSource } from '../../pipeline/contracts';

/** engine.worker.js in the build, engine.worker.ts under ts-jest or tsx. */
const WORKER_FILE = join(__dirname, `engine.worker${extname(__filename)}`);
const task = (name: 'parse' | 'validate' | 'validateJson' | 'report' | 'lenient'): WorkerTask => ({ filename: WORKER_FILE, name });
const PARSE = task('parse');
const VALIDATE = task('validate');
const VALIDATE_JSON = task('validateJson');
const REPORT = task('report');
const LENIENT = task('lenient');

/** The engine error a task reported, as the class the engine throws in-process. */
function rebuild(error: EngineErrorData): ParseError {
  return error.name === 'LimitExceededError'
    ? new LimitExceededError(error.message, error.line, error.column, error.limit ?? 'unknown')
    : new ParseError(error.message, error.line, error.column, error.code);
}

/**
 * The bytes in an ArrayBuffer of their own, moved to the worker (transferList) instead of cloned:
 * postMessage would copy them into the message and the worker out of it again (posting and
 * receiving a 10.5 KB Buffer in the task message: 18-20 µs; a copy moved: 5-7 µs). The caller
 * keeps its own buffer.
 */
function movable(bytes: Uint8Array): { bytes: Uint8Array; transferList: ArrayBuffer[] } {
  const copy = new Uint8Array(new ArrayBuffer(bytes.byteLength));
  copy.set(bytes);
  return { bytes: copy, transferList: [copy.buffer] };
}

function unwrap<T>(result: EngineResult<T>): T {
  if (result.ok) return result.value;
  throw rebuild(result.error);
}

/**
 * The invoice engine as the stage modules call it: every call reads untrusted bytes, so it runs
 * on the WorkerPool under its deadline. Engine errors (ParseError, LimitExceededError) arrive as
 * the same classes as in-process; a deadline or a refused task is a WorkerTaskTimeoutError or
 * WorkerPoolError (module faults).
 */
@Injectable()
export class EngineClient {
  /** Reports the parse task made for the validate call that follows (one worker trip instead of two). */
  private readonly speculative = new SpeculativeReports();

  constructor(private readonly pool: WorkerPool) {
    // The engine's modules load with each thread, not under the first invoice's stage deadline.
    pool.preload(WORKER_FILE);
  }

  /**
   * Strict parse (UBL, CII, Factur-X) to the canonical invoice, plus the XML validate needs. In
   * the same trip the task judges the tree by the rule set validate is expected to ask for
   * (speculative-reports.ts), so validate on this source usually needs no trip of its own; `key`
   * (a tenant's configuration) is whose validate calls the expectation learns from.
   */
  async parse(document: Buffer, signal?: AbortSignal, key = ''): Promise<{ invoice: CanonicalInvoice; source: XmlSource }> {
    const { bytes, transferList } = movable(document);
    const input: ParseTaskInput = { document: bytes, speculate: this.speculative.plan(key) };
    const output = unwrap(await this.pool.run<ParseTaskInput, EngineResult<ParseTaskOutput>>(PARSE, input, { signal, transferList }));
    const source: XmlSource = { xml: output.embeddedXml ?? document, container: output.container };
    this.speculative.keep(key, source, output.claimed, output.report);
    return { invoice: output.invoice, source };
  }

  /**
   * A rule set (default: the one the CustomizationID claims) over the XML a parse read: the
   * report the parse trip made for this very source object by this rule set, else a trip.
   */
  async validate(source: XmlSource, signal?: AbortSignal, ruleSet?: RuleSetId): Promise<ValidateTaskOutput> {
    const made = this.speculative.take(source, ruleSet);
    // A caller that has given up gets what the trip would give it (the pool refuses an aborted task).
    if (made !== undefined && signal?.aborted !== true) return made;
    const { bytes, transferList } = movable(source.xml);
    return unwrap(await this.pool.run<ValidateTaskInput, EngineResult<ValidateTaskOutput>>(VALIDATE, { xml: bytes, container: source.container, ruleSet }, { signal, transferList }));
  }

  /** A rule set's business rules over a canonical JSON invoice (the invoice is plain data: it crosses threads as is). */
  async validateJson(invoice: CanonicalInvoice, includeWarnings: boolean, signal?: AbortSignal, ruleSet?: RuleSetId): Promise<ValidateJsonTaskOutput> {
    return this.pool.run<ValidateJsonTaskInput, ValidateJsonTaskOutput>(VALIDATE_JSON, { invoice, includeWarnings, ruleSet }, { signal });
  }

  /** Parse and validate in one trip (POST /validate: no stages, nothing stored). */
  async report(document: Buffer, signal?: AbortSignal, ruleSet?: RuleSetId): Promise<ReportTaskOutput> {
    const { bytes, transferList } = movable(document);
    return unwrap(await this.pool.run<ReportTaskInput, EngineResult<ReportTaskOutput>>(REPORT, { document: bytes, ruleSet }, { signal, transferList }));
  }

  /** Lenient extraction of the core fields (null: no invoice number found). */
  async lenient(document: Buffer, pdf: boolean, signal?: AbortSignal): Promise<LenientTaskOutput> {
    const { bytes, transferList } = movable(document);
    return unwrap(await this.pool.run<LenientTaskInput, EngineResult<LenientTaskOutput>>(LENIENT, { document: bytes, pdf }, { signal, transferList }));
  }
}
