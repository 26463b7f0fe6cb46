import type { CanonicalInvoice } from '../../domain/canonical-invoice';
import type { ResolvedParty } from './enrich.contract';
import { expectShape, type StageContract } from './stage-contract';
import type { ValidationOutput } from './validate.contract';

/**
 * approval@1 (the capability contract in the catalogue is named after the stage). Modules decide
 * auto_approved, needs_approval or rejected; `approved` is the decision a person's approval turns
 * needs_approval into (resume), never a module's.
 */
export type ApprovalDecision = 'auto_approved' | 'needs_approval' | 'rejected' | 'approved';
export interface ApprovalInput {
  invoice: CanonicalInvoice;
  report: ValidationOutput | null;
  supplier: ResolvedParty | null;
}
export interface ApprovalOutput {
  decision: ApprovalDecision;
  reasons: string[];
}

/**
 * The invoice is routed; after any concern it is never auto_approved (fail closed). An invoice
 * that needs approval stops the run before the later stages (awaiting_approval) until a person
 * approves it (resume: approved) or rejects it; a rejected one stops for good (rejected).
 */
export const approvalContract: StageContract<ApprovalInput, ApprovalOutput> = {
  stageId: 'approval',
  stateKey: 'approval',
  capability: {
    name: 'approval',
    guarantees: [
      { id: 'deterministic', description: 'the same input and settings give the same decision' },
      { id: 'rule_based', description: 'the decision applies the configured approval rules' },
    ],
  },
  input: (s) => ({ invoice: s.parse?.invoice as CanonicalInvoice, report: s.validate ?? null, supplier: s.enrich?.supplier ?? null }),
  // A module may not claim a person's approval.
  accept: (o) => expectShape(o, (v) => v.decision === 'auto_approved' || v.decision === 'needs_approval' || v.decision === 'rejected', 'decision'),
  settle: (route, concerns) => {
    if (concerns.length === 0 || route.decision !== 'auto_approved') return route;
    return { decision: 'needs_approval', reasons: [...route.reasons, ...concerns.map((c) => `not auto-approved: ${c}`)] };
  },
  view: (o) => o,
  stop: (o) => (o.decision === 'needs_approval' ? 'awaiting_approval' : o.decision === 'rejected' ? 'rejected' : null),
  resume: (o) => ({ decision: 'approved', reasons: o.reasons }),
};
