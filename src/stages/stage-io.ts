import type { InvoiceMediaType } from '../invoices/entities/invoice.entity';
import type { CanonicalInvoice } from './canonical/canonical-invoice';
import type { XmlSource } from './engine/xml-source';

/**
 * Inputs and outputs of the six capability contracts. The pipeline builds each stage's input
 * from what earlier stages produced; modules of one stage are interchangeable.
 */

/** parse@1 */
export interface ParseInput {
  document: Buffer;
  contentType: InvoiceMediaType;
}
export interface ParseOutput {
  invoice: CanonicalInvoice;
  /** The XML that was parsed, when the source was XML (EN 16931 syntax rules read it again in a worker). */
  parsed?: XmlSource;
  warnings: string[];
}

/** validate@1 */
export interface ValidateInput {
  invoice: CanonicalInvoice;
  parsed?: XmlSource;
}
export interface ValidationFinding {
  rule: string;
  message: string;
  location?: string;
}
export interface ValidationOutput {
  valid: boolean;
  /** Which rule set produced the report: the full EN 16931 rules or the basic checks. */
  rule_set: 'en16931' | 'basic-checks';
  /**
   * en16931 only: the syntax whose binding rules (UBL-*, CII-*) were applied besides the business
   * rules, or null when only the business rules judged the invoice (canonical JSON input).
   */
  syntax_binding?: 'UBL' | 'CII' | null;
  errors: ValidationFinding[];
  warnings: ValidationFinding[];
  /**
   * Set by the pipeline, never by a module: the report cannot be trusted as a verdict of validity
   * (a fallback with weaker guarantees ran, or an earlier step was degraded or failed); `valid`
   * is then false and `concerns` says why.
   */
  degraded?: boolean;
  concerns?: string[];
}

/** enrich@1 */
export interface EnrichInput {
  invoice: CanonicalInvoice;
  tenantId: string;
}
export interface ResolvedParty {
  supplier_id: string;
  name: string;
  vat_id: string | null;
  country: string | null;
  always_review: boolean;
}
export interface EnrichOutput {
  supplier: ResolvedParty | null;
  buyer: ResolvedParty | null;
  source: 'http' | 'db';
}

/** dedupe@1 */
export interface DedupeInput {
  invoice: CanonicalInvoice;
  tenantId: string;
  invoiceId: string;
}
export interface DedupeOutput {
  duplicate: boolean;
  fingerprint: string;
  duplicate_of: string | null;
}

/** route@1 */
export type ApprovalDecision = 'auto_approved' | 'needs_approval' | 'rejected';
export interface RouteInput {
  invoice: CanonicalInvoice;
  report: ValidationOutput | null;
  supplier: ResolvedParty | null;
}
export interface RouteOutput {
  decision: ApprovalDecision;
  reasons: string[];
}

/** deliver@1 */
export interface DeliverInput {
  invoiceId: string;
  runId: string;
  tenantId: string;
  invoice: CanonicalInvoice;
  decision: ApprovalDecision | null;
  /** The validation verdict as it stands (degraded reports are never valid); null without one. */
  validation: { valid: boolean; degraded: boolean; rule_set: string } | null;
}
export interface DeliverOutput {
  delivery: 'delivered' | 'queued';
  target: string | null;
  status_code?: number;
}

/** The JSON a downstream system receives for a processed invoice (webhook body, outbox payload). */
export function deliveryPayload(input: DeliverInput): Record<string, unknown> {
  return {
    invoice_id: input.invoiceId,
    run_id: input.runId,
    tenant_id: input.tenantId,
    decision: input.decision,
    validation: input.validation,
    invoice: input.invoice,
  };
}
