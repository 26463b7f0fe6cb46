/**
 * What a shadow run reports: per invoice the outcome of its latest real run beside the outcome the
 * candidate configuration gives, what differs, and a summary with counts by transition. Pure
 * functions over stage lines, so the stored baseline and the shadow's records compare alike.
 */

/** One stage of a run, as stored (invoice_runs.stage_results) or as a shadow run recorded it. */
export interface StageLine {
  stage_id: string;
  module_id: string | null;
  outcome: string;
  fallback_used: boolean;
  fallback_reason: string | null;
  degraded: boolean;
  output: unknown;
}

export interface RunOutcome {
  status: string;
  review_required: boolean;
  stages: StageLine[];
}

export interface OutcomeView {
  /** status, or the decision when the invoice was not auto-approved (the label of transitions). */
  outcome: string;
  status: string;
  decision: string | null;
  decision_reasons: string[];
  validation: { valid: boolean; degraded: boolean; errors: string[]; warnings: string[] } | null;
  /** The module each stage ran on (a fallback's when it took over). */
  modules: Record<string, string | null>;
  fallbacks: Array<{ stage_id: string; module_id: string | null; reason: string | null }>;
  review_required: boolean;
}

export interface Difference {
  field: string;
  current: unknown;
  candidate: unknown;
}

export interface ShadowInvoiceReport {
  invoice_id: string;
  received_at: string;
  /** The latest finished real run; null when the invoice has none yet. */
  current: OutcomeView | null;
  candidate: OutcomeView;
  differences: Difference[];
  /** Stages a shadow run does not run (their contract: the side effect is the stage). */
  not_run: string[];
  /** The candidate's run could not be carried out (e.g. the stored document is gone). */
  error?: string;
}

export interface ShadowSummary {
  invoices: number;
  changed: number;
  unchanged: number;
  without_baseline: number;
  errors: number;
  transitions: Array<{ from: string; to: string; count: number }>;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

const text = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v) ?? '');
const findingIds = (list: unknown): string[] => (Array.isArray(list) ? list.map((f) => (isObject(f) ? `${text(f.rule)}${f.location ? `@${text(f.location)}` : ''}` : text(f))).sort() : []);

/** The comparable view of a run. Stages listed in `skip` are left out of modules (they did not run in the shadow). */
export function outcomeView(run: RunOutcome, skip: readonly string[] = []): OutcomeView {
  const stage = (id: string) => run.stages.find((s) => s.stage_id === id);
  const approval = stage('approval')?.output;
  const decision = isObject(approval) && typeof approval.decision === 'string' ? approval.decision : null;
  const validate = stage('validate')?.output;
  const validation = isObject(validate) && typeof validate.valid === 'boolean'
    ? { valid: validate.valid, degraded: validate.degraded === true, errors: findingIds(validate.errors), warnings: findingIds(validate.warnings) }
    : null;
  const modules: Record<string, string | null> = {};
  for (const line of run.stages) if (!skip.includes(line.stage_id)) modules[line.stage_id] = line.module_id;
  return {
    outcome: decision && decision !== 'auto_approved' && run.status.startsWith('completed') ? decision : run.status,
    status: run.status,
    decision,
    decision_reasons: isObject(approval) && Array.isArray(approval.reasons) ? approval.reasons.map(String) : [],
    validation,
    modules,
    fallbacks: run.stages.filter((s) => s.fallback_used && !skip.includes(s.stage_id)).map((s) => ({ stage_id: s.stage_id, module_id: s.module_id, reason: s.fallback_reason })),
    review_required: run.review_required,
  };
}

/** Field by field, what the candidate changes (decision reasons only count when the decision stays and they differ). */
export function differences(current: OutcomeView, candidate: OutcomeView): Difference[] {
  const out: Difference[] = [];
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  const compare = (field: string, a: unknown, b: unknown) => {
    if (!same(a, b)) out.push({ field, current: a, candidate: b });
  };
  compare('status', current.status, candidate.status);
  compare('decision', current.decision, candidate.decision);
  compare('decision_reasons', current.decision_reasons, candidate.decision_reasons);
  compare('review_required', current.review_required, candidate.review_required);
  compare('validation.valid', current.validation?.valid ?? null, candidate.validation?.valid ?? null);
  compare('validation.degraded', current.validation?.degraded ?? null, candidate.validation?.degraded ?? null);
  compare('validation.errors', current.validation?.errors ?? null, candidate.validation?.errors ?? null);
  compare('validation.warnings', current.validation?.warnings ?? null, candidate.validation?.warnings ?? null);
  for (const stage of [...new Set([...Object.keys(current.modules), ...Object.keys(candidate.modules)])].sort()) {
    if (!(stage in candidate.modules)) continue;
    compare(`modules.${stage}`, current.modules[stage] ?? null, candidate.modules[stage] ?? null);
  }
  compare('fallbacks', current.fallbacks, candidate.fallbacks);
  return out;
}

/** Counts of invoices by transition (current outcome -> candidate outcome), changes only. */
export function summarise(reports: readonly ShadowInvoiceReport[]): ShadowSummary {
  const counts = new Map<string, { from: string; to: string; count: number }>();
  let changed = 0;
  let withoutBaseline = 0;
  let errors = 0;
  for (const report of reports) {
    if (report.error) errors++;
    if (!report.current) {
      withoutBaseline++;
      continue;
    }
    if (report.differences.length > 0) changed++;
    if (report.current.outcome === report.candidate.outcome) continue;
    const key = `${report.current.outcome}\u0000${report.candidate.outcome}`;
    const entry = counts.get(key) ?? { from: report.current.outcome, to: report.candidate.outcome, count: 0 };
    entry.count++;
    counts.set(key, entry);
  }
  const transitions = [...counts.values()].sort((a, b) => b.count - a.count || a.from.localeCompare(b.from) || a.to.localeCompare(b.to));
  return { invoices: reports.length, changed, unchanged: reports.length - changed - withoutBaseline, without_baseline: withoutBaseline, errors, transitions };
}
