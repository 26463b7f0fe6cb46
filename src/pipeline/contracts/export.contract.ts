import type { CanonicalInvoice } from '../../domain/canonical-invoice';
import type { ApprovalDecision } from './approval.contract';
import { expectShape, type StageContract } from './stage-contract';

/** export@1 (the capability contract in the catalogue is named after the stage) */
export interface ExportInput {
  invoiceId: string;
  runId: string;
  tenantId: string;
  invoice: CanonicalInvoice;
  decision: ApprovalDecision | null;
  /** The validation verdict as it stands (degraded reports are never valid); null without one. */
  validation: { valid: boolean; degraded: boolean; rule_set: string } | null;
}
export interface ExportOutput {
  delivery: 'delivered' | 'queued';
  target: string | null;
  status_code?: number;
}

/** The JSON a downstream system receives for a processed invoice (webhook body, outbox payload). */
export function deliveryPayload(input: ExportInput): Record<string, unknown> {
  return {
    invoice_id: input.invoiceId,
    run_id: input.runId,
    tenant_id: input.tenantId,
    decision: input.decision,
    validation: input.validation,
    invoice: input.invoice,
  };
}

/** The invoice, its decision and the validation verdict as it stands go downstream. */
export const exportContract: StageContract<ExportInput, ExportOutput> = {
  stageId: 'export',
  stateKey: 'export',
  capability: {
    name: 'export',
    guarantees: [{ id: 'at_least_once', description: 'the invoice is delivered at least once, or queued durably' }],
  },
  input: (s) => ({
    invoiceId: s.invoiceId,
    runId: s.runId,
    tenantId: s.tenantId,
    invoice: s.parse?.invoice as CanonicalInvoice,
    decision: s.approval?.decision ?? null,
    validation: s.validate ? { valid: s.validate.valid, degraded: s.validate.degraded ?? false, rule_set: s.validate.rule_set } : null,
  }),
  accept: (o) => expectShape(o, (v) => typeof v.delivery === 'string', 'delivery'),
  view: (o) => o,
  // Delivery is the side effect itself: a shadow run never exports.
  shadow: 'not_run',
};
