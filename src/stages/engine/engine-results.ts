import type { CanonicalInvoice } from '../../domain/canonical-invoice';
import type { RuleSetId } from '../../einvoice';
import type { ValidationFinding, ValidationOutput } from '../../pipeline/contracts';

/**
 * What the engine tasks send back from their worker thread: plain data only (structured clone
 * keeps neither classes nor Decimal values). An engine error travels as its fields and is
 * rebuilt as the same class on the caller's side (engine-client.ts).
 */
export interface EngineErrorData {
  name: string;
  /** The message without the "(line, column)" suffix ParseError adds. */
  message: string;
  line: number;
  column: number;
  code?: string;
  limit?: string;
}

export type EngineResult<T> = { ok: true; value: T } | { ok: false; error: EngineErrorData };

export interface ParseTaskInput {
  document: Uint8Array;
  /**
   * Also judge the parsed tree in the same trip, as the validate task would (speculative-reports.ts):
   * by the rule set listed for the one the document claims; not when none is listed, or false.
   */
  speculate: SpeculationPlan;
}
/** By the rule set a document claims (its CustomizationID), the rule set validate is expected to ask for; false: no speculative validation. */
export type SpeculationPlan = false | Partial<Record<RuleSetId, RuleSetId>>;
export interface ParseTaskOutput {
  invoice: CanonicalInvoice;
  container: 'xml' | 'pdf';
  /** The XML embedded in a PDF; absent for XML input (the caller has those bytes already). */
  embeddedXml?: Uint8Array;
  /** The rule set the document's CustomizationID claims (en16931 when it claims none the engine knows). */
  claimed: RuleSetId;
  /** What the validate task would answer for this XML by report.ruleSet; absent when not asked for or when judging failed. */
  report?: ValidateTaskOutput;
}

export interface ValidateTaskInput {
  xml: Uint8Array;
  container: 'xml' | 'pdf';
  /** The rule set to judge by; absent: the one the document's CustomizationID claims. */
  ruleSet?: RuleSetId;
}
export interface ValidateTaskOutput {
  valid: boolean;
  /** The rule set that judged the document and its version. */
  ruleSet: RuleSetId;
  ruleSetVersion: string;
  /** The syntax whose binding rules ran (UBL or CII). */
  syntax: 'UBL' | 'CII';
  errors: ValidationFinding[];
  warnings: ValidationFinding[];
}

export interface LenientTaskInput {
  document: Uint8Array;
  pdf: boolean;
}
export type LenientTaskOutput = CanonicalInvoice | null;

/** Parse and validate in one trip, for POST /validate (nothing is stored, no pipeline). */
export interface ReportTaskInput {
  document: Uint8Array;
  /** The rule set to judge by; absent: the one the document's CustomizationID claims. */
  ruleSet?: RuleSetId;
}
export interface ReportTaskOutput extends ValidateTaskOutput {
  documentType: string;
}

/** The EN 16931 business rules over a canonical JSON invoice (no source syntax). */
export interface ValidateJsonTaskInput {
  invoice: CanonicalInvoice;
  includeWarnings: boolean;
  /** The rule set to judge by (its rules that need no XML tree); absent: by the invoice's customization_id. */
  ruleSet?: RuleSetId;
}
export type ValidateJsonTaskOutput = ValidationOutput;
