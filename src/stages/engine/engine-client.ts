import { extname, join } from 'node:path';
import { Injectable } from '@nestjs/common';
import { LimitExceededError, ParseError, type RuleSetId } from '../../einvoice';
import { WorkerPool, WorkersConfig, type WorkerTask } from '../../framework/workers';
import { isPdf } from '../../einvoice/parse/facturx';
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
import * as tasks from './engine-tasks';
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
 * The invoice engine as the stage modules call it. Every call reads untrusted bytes, so it runs on
 * the WorkerPool under its deadline, except small plain-XML documents (ENGINE_INLINE_MAX_BYTES,
 * never a PDF: its streams inflate), which are read in the calling thread: for them the worker
 * trip (posting, waking a thread, cloning the answer back) costs more than the reading, and the
 * engine's worst case is linear in the document's size (docs/performance.md, bench:worstcase), so
 * the cap bounds how long one document holds the event loop. The answers are the same either way.
 * Engine errors (ParseError, LimitExceededError) arrive as the same classes as in-process; a
 * deadline or a refused task is a WorkerTaskTimeoutError or WorkerPoolError (module faults).
 */
@Injectable()
export class EngineClient {
  /** Reports the parse task made for the validate call that follows (one worker trip instead of two). */
  private readonly speculative = new SpeculativeReports();
  private readonly inlineMaxBytes: number;

  constructor(
    private readonly pool: WorkerPool,
    config: WorkersConfig,
  ) {
    // The engine's modules load with each thread, not under the first invoice's stage deadline.
    pool.preload(WORKER_FILE);
    this.inlineMaxBytes = config.engineInlineMaxBytes;
  }

  /**
   * Whether these bytes are read in the calling thread: plain XML within the cap, a caller that
   * has not given up (the pool refuses an aborted task; so does this path, through the pool), and
   * a thread that has time left in this turn of the event loop (WORKER_CALLER_BUDGET_MS).
   */
  private here(bytes: Uint8Array, signal: AbortSignal | undefined): boolean {
    return bytes.byteLength <= this.inlineMaxBytes && signal?.aborted !== true && this.pool.hasCallerBudget() && !isPdf(bytes);
  }

  /**
   * Strict parse (UBL, CII, Factur-X) to the canonical invoice, plus the XML validate needs. In
   * the same trip the task judges the tree by the rule set validate is expected to ask for
   * (speculative-reports.ts), so validate on this source usually needs no trip of its own; `key`
   * (a tenant's configuration) is whose validate calls the expectation learns from.
   */
  async parse(document: Buffer, signal?: AbortSignal, key = ''): Promise<{ invoice: CanonicalInvoice; source: XmlSource }> {
    const speculate = this.speculative.plan(key);
    let result: EngineResult<ParseTaskOutput>;
    if (this.here(document, signal)) result = await this.pool.runHere(PARSE, tasks.parse, { document, speculate });
    else {
      const { bytes, transferList } = movable(document);
      result = await this.pool.run<ParseTaskInput, EngineResult<ParseTaskOutput>>(PARSE, { document: bytes, speculate }, { signal, transferList });
    }
    const output = unwrap(result);
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
    if (this.here(source.xml, signal)) return unwrap(await this.pool.runHere(VALIDATE, tasks.validate, { xml: source.xml, container: source.container, ruleSet }));
    const { bytes, transferList } = movable(source.xml);
    return unwrap(await this.pool.run<ValidateTaskInput, EngineResult<ValidateTaskOutput>>(VALIDATE, { xml: bytes, container: source.container, ruleSet }, { signal, transferList }));
  }

  /** A rule set's business rules over a canonical JSON invoice (the invoice is plain data: it crosses threads as is). */
  async validateJson(invoice: CanonicalInvoice, includeWarnings: boolean, signal?: AbortSignal, ruleSet?: RuleSetId): Promise<ValidateJsonTaskOutput> {
    return this.pool.run<ValidateJsonTaskInput, ValidateJsonTaskOutput>(VALIDATE_JSON, { invoice, includeWarnings, ruleSet }, { signal });
  }

  /** Parse and validate in one trip (POST /validate: no stages, nothing stored). */
  async report(document: Buffer, signal?: AbortSignal, ruleSet?: RuleSetId): Promise<ReportTaskOutput> {
    if (this.here(document, signal)) return unwrap(await this.pool.runHere(REPORT, tasks.report, { document, ruleSet }));
    const { bytes, transferList } = movable(document);
    return unwrap(await this.pool.run<ReportTaskInput, EngineResult<ReportTaskOutput>>(REPORT, { document: bytes, ruleSet }, { signal, transferList }));
  }

  /** Lenient extraction of the core fields (null: no invoice number found), always on a worker thread: it reads what the strict reader refused. */
  async lenient(document: Buffer, pdf: boolean, signal?: AbortSignal): Promise<LenientTaskOutput> {
    const { bytes, transferList } = movable(document);
    return unwrap(await this.pool.run<LenientTaskInput, EngineResult<LenientTaskOutput>>(LENIENT, { document: bytes, pdf }, { signal, transferList }));
  }
}
