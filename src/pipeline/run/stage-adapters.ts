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
    apply: (s, o) => (s.route = o as RouteOutput),
    view: (o) => o,
  },
  export: {
    input: (s) => ({ invoiceId: s.invoiceId, runId: s.runId, tenantId: s.tenantId, invoice: s.parse?.invoice, decision: s.route?.decision ?? null }),
    accept: (o) => expect(isObject(o) && typeof o.delivery === 'string', 'delivery'),
    apply: (s, o) => (s.deliver = o as DeliverOutput),
    view: (o) => o,
  },
};
