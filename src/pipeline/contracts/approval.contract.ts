import type { CanonicalInvoice } from '../../domain/canonical-invoice';
import type { ResolvedParty } from './enrich.contract';
import { expectShape, type StageContract } from './stage-contract';
import type { ValidationOutput } from './validate.contract';

/** approval@1 (the capability contract in the catalogue is named after the stage) */
export type ApprovalDecision = 'auto_approved' | 'needs_approval' | 'rejected';
export interface ApprovalInput {
  invoice: CanonicalInvoice;
  report: ValidationOutput | null;
  supplier: ResolvedParty | null;
}
export interface ApprovalOutput {
  decision: ApprovalDecision;
  reasons: string[];
}

/** The invoice is routed; after any concern it is never auto_approved (fail closed). */
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
  accept: (o) => expectShape(o, (v) => typeof v.decision === 'string', 'decision'),
  settle: (route, concerns) => {
    if (concerns.length === 0 || route.decision !== 'auto_approved') return route;
    return { decision: 'needs_approval', reasons: [...route.reasons, ...concerns.map((c) => `not auto-approved: ${c}`)] };
  },
  view: (o) => o,
};
