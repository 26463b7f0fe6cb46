import type { InvoiceMediaType } from '../../domain/media-type';
import { isIsoDate } from '../../einvoice';
import { approvalContract, type ApprovalOutput } from './approval.contract';
import { duplicateCheckContract, type DuplicateCheckOutput } from './duplicate-check.contract';
import { enrichContract, type EnrichOutput } from './enrich.contract';
import { exportContract, type ExportOutput } from './export.contract';
import { parseContract, type ParseOutput } from './parse.contract';
import type { InvoiceProjection, StageContract } from './stage-contract';
import type { ValidationOutput } from './validate.contract';
import { validateContract } from './validate.contract';

/** What a run knows so far: the document, then each stage's output (under its contract's stateKey) as it completes. */
export interface RunState {
  tenantId: string;
  invoiceId: string;
  runId: string;
  document: Buffer;
  contentType: InvoiceMediaType;
  parse?: ParseOutput;
  validate?: ValidationOutput;
  enrich?: EnrichOutput;
  duplicateCheck?: DuplicateCheckOutput;
  approval?: ApprovalOutput;
  export?: ExportOutput;
}

/** Every stage the pipeline knows, by stage id. The order of a run comes from processing_stages, not from here. */
export const STAGE_CONTRACTS: ReadonlyMap<string, StageContract> = new Map(
  ([parseContract, validateContract, enrichContract, duplicateCheckContract, approvalContract, exportContract] as StageContract[]).map((c) => [c.stageId, c]),
);

/** The contract of a stage id; undefined for a stage the pipeline does not know (it is skipped). */
export function stageContract(stageId: string): StageContract | undefined {
  return STAGE_CONTRACTS.get(stageId);
}

/** Stores a stage's output in the run state, under its contract's key. */
export function recordOutput(state: RunState, contract: StageContract, output: unknown): void {
  (state as unknown as Record<string, unknown>)[contract.stateKey] = output;
}

/** The invoice columns the run's outputs fill, each null when no stage gave it. */
export function invoiceProjection(state: RunState): InvoiceProjection {
  const projection: InvoiceProjection = { invoice_number: null, issue_date: null, supplier_key: null, supplier_name: null, total_amount: null, currency: null };
  for (const contract of STAGE_CONTRACTS.values()) {
    const output = state[contract.stateKey];
    if (output !== undefined && contract.project) Object.assign(projection, contract.project(output));
  }
  return projection;
}

/** A real calendar day or null: Date.parse accepts 2019-02-30, a ::date cast does not. */
const validDate = (value: string | null): string | null => (value && isIsoDate(value) ? value : null);
/** An amount the invoice row can hold and filter on (a decimal string), else null. */
const validAmount = (value: string | null): string | null => (value && /^-?\d{1,20}(\.\d{1,10})?$/.test(value) ? value : null);
/** An ISO 4217-shaped code, else null. */
const validCurrency = (value: string | null): string | null => (value && /^[A-Z]{3}$/.test(value) ? value : null);

/** The projection as the invoice row stores it: a value its column cannot hold (an impossible date, a malformed amount) is null. */
export function storedProjection(state: RunState): InvoiceProjection {
  const p = invoiceProjection(state);
  return { ...p, issue_date: validDate(p.issue_date), total_amount: validAmount(p.total_amount), currency: validCurrency(p.currency) };
}
