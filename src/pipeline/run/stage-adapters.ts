import type { DedupeOutput, DeliverOutput, EnrichOutput, ParseOutput, RouteOutput, ValidationOutput } from '../../stages/stage-io';
import type { RunState } from './run-state';

/**
 * How the pipeline talks to each stage: the input it builds from the run state, a shape check
 * of the module's output (a broken module counts as a failing one), where the output goes, and
 * the JSON kept in the stage result.
 */
export interface StageAdapter {
  input(state: RunState): unknown;
  accept(output: unknown): void;
  /**
   * Fail closed: the output as it must stand when earlier steps (or this one) were degraded,
   * failed, skipped or rejected (`concerns` says which). A validation is then never valid and a
   * decision never auto_approved, whatever the module returned.
   */
  settle?(output: unknown, concerns: readonly string[]): unknown;
  apply(state: RunState, output: unknown): void;
  view(output: unknown): unknown;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

function expect(condition: boolean, what: string): void {
  if (!condition) throw new Error(`the module returned no ${what}`);
}

export const STAGE_ADAPTERS: Record<string, StageAdapter> = {
  parse: {
    input: (s) => ({ document: s.document, contentType: s.contentType }),
    accept: (o) => expect(isObject(o) && isObject(o.invoice), 'canonical invoice'),
    apply: (s, o) => (s.parse = o as ParseOutput),
    view: (o) => ({ invoice: (o as ParseOutput).invoice, warnings: (o as ParseOutput).warnings ?? [] }),
  },
  validate: {
    input: (s) => ({ invoice: s.parse?.invoice, parsed: s.parse?.parsed }),
    accept: (o) => expect(isObject(o) && typeof o.valid === 'boolean' && Array.isArray(o.errors), 'validation report'),
    settle: (o, concerns) => (concerns.length === 0 ? o : { ...(o as ValidationOutput), valid: false, degraded: true, concerns: [...concerns] }),
    apply: (s, o) => (s.validate = o as ValidationOutput),
    view: (o) => o,
  },
  enrich: {
    input: (s) => ({ invoice: s.parse?.invoice, tenantId: s.tenantId }),
    accept: (o) => expect(isObject(o) && 'supplier' in o, 'enrichment'),
    apply: (s, o) => (s.enrich = o as EnrichOutput),
    view: (o) => o,
  },
  'duplicate-check': {
    input: (s) => ({ invoice: s.parse?.invoice, tenantId: s.tenantId, invoiceId: s.invoiceId }),
    accept: (o) => expect(isObject(o) && typeof o.duplicate === 'boolean', 'duplicate verdict'),
    apply: (s, o) => (s.dedupe = o as DedupeOutput),
    view: (o) => o,
  },
  approval: {
    input: (s) => ({ invoice: s.parse?.invoice, report: s.validate ?? null, supplier: s.enrich?.supplier ?? null }),
    accept: (o) => expect(isObject(o) && typeof o.decision === 'string', 'decision'),
    settle: (o, concerns) => {
      const route = o as RouteOutput;
      if (concerns.length === 0 || route.decision !== 'auto_approved') return route;
      return { decision: 'needs_approval', reasons: [...route.reasons, ...concerns.map((c) => `not auto-approved: ${c}`)] };
    },
    apply: (s, o) => (s.route = o as RouteOutput),
    view: (o) => o,
  },
  export: {
    input: (s) => ({
      invoiceId: s.invoiceId,
      runId: s.runId,
      tenantId: s.tenantId,
      invoice: s.parse?.invoice,
      decision: s.route?.decision ?? null,
      validation: s.validate ? { valid: s.validate.valid, degraded: s.validate.degraded ?? false, rule_set: s.validate.rule_set } : null,
    }),
    accept: (o) => expect(isObject(o) && typeof o.delivery === 'string', 'delivery'),
    apply: (s, o) => (s.deliver = o as DeliverOutput),
    view: (o) => o,
  },
};
