/** The API's shapes the console reads (snake_case, as the API speaks). */

export interface Principal {
  subject: string;
  roles: string[];
  tenant_id: string | null;
  mechanism: string;
}

export interface Overview {
  principal: Principal;
  tenant_id: string | null;
  health: { overall_status: string; readiness_status: string; generated_at: string; modules: Array<{ name: string; status: string; message: string | null; optional: boolean }> };
  throughput: Record<'last_hour' | 'last_24_hours', { received: number; completed: number; failed: number }> | null;
  queue: { depth: number; by_status: Record<string, number> } | null;
  breakers: Array<{ module_id: string; stage: string; tenant_id: string | null; state: string }>;
  recent_failures: Array<{ id: string; invoice_number: string | null; supplier_name: string | null; received_at: string; failed_at: string }>;
}

export interface InvoiceSummary {
  id: string;
  status: string;
  content_type: string;
  received_at: string;
  invoice_number: string | null;
  supplier_name: string | null;
  config_version: number | null;
  review_required: boolean;
}

export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

export interface StageResult {
  stage_id: string;
  module_id: string;
  outcome: string;
  fallback_used: boolean;
  degraded: boolean;
  fallback_reason: string | null;
  attempts: number;
  duration_ms: number;
  warnings: string[];
  errors: string[];
}

export interface RunSummary {
  run_id: string;
  run_number: number;
  trigger: string;
  status: string;
  config_version: number | null;
  attempts: number;
  failure_reason: string | null;
  created_at: string;
  finished_at: string | null;
}

export interface Approval {
  approver: string;
  verdict: 'approve' | 'reject';
  reason: string | null;
  comment: string | null;
  at: string;
}

export interface InvoiceDetail extends InvoiceSummary {
  sha256: string;
  size_bytes: number;
  failure_reason: string | null;
  decision: string | null;
  decision_reasons: string[];
  duplicate_of: string | null;
  validation: { valid: boolean; rule_set: string; errors: unknown[]; warnings: unknown[]; degraded: boolean } | null;
  stages: StageResult[];
  runs: RunSummary[];
  approval?: { state: string | null; approvals_required: number | null; approvals: Approval[] } | null;
  timeline?: Array<{ at: string; kind: string; actor: string | null; detail: string | null }>;
}

export interface ReviewItem {
  id: string;
  invoice_number: string | null;
  supplier_name: string | null;
  issue_date: string | null;
  total: string | null;
  currency: string | null;
  received_at: string;
  decision_reasons: string[];
  approvals_required: number;
  approvals_given: number;
}

export interface Selection {
  stage_id: string;
  module_id: string;
  settings: Record<string, unknown>;
}

export interface Configuration {
  config_id: string;
  version: number;
  status: string;
  created_by: string;
  created_at: string;
  validated_at: string | null;
  activated_at: string | null;
  summary: string | null;
  based_on_version: number | null;
  selections: Selection[];
}

export interface ValidationReport {
  valid: boolean;
  problems: Array<{ field: string; reason: string }>;
  warnings: Array<{ field: string; reason: string }>;
}

export interface ActivationResult {
  state: 'activated' | 'pending';
  configuration: Configuration;
}

export interface ConfigurationDiff {
  a: number;
  b: number;
  stages: Array<{
    stage_id: string;
    a: { module_id: string; settings: Record<string, unknown> } | null;
    b: { module_id: string; settings: Record<string, unknown> } | null;
    module_changed: boolean;
    settings_changes: Array<{ path?: string; key?: string; a?: unknown; b?: unknown; [k: string]: unknown }>;
  }>;
}

export interface ChangeEvent {
  event_id: string;
  config_id: string | null;
  action: string;
  actor: string;
  result: string;
  message: string | null;
  created_at: string;
}

export interface ChangeRequest {
  change_request_id: string;
  config_id: string;
  kind: string;
  state: string;
  author: string;
  comment: string | null;
  approvals_required: number;
  created_at: string;
}

export interface ShadowRun {
  shadow_run_id: string;
  config_id: string;
  tenant_id: string;
  state: string;
  requested_by: string;
  summary: Record<string, unknown> | null;
  created_at: string;
}

export interface FallbackPolicy {
  policy_id: string;
  stage_id: string;
  fallback_module_id: string | null;
  trigger_conditions: Record<string, unknown>;
  actions: { retry: Record<string, unknown> | null; on_failure: string; mark_for_review: boolean };
  updated_by: string;
  updated_at: string;
}

export interface ModuleInfo {
  module_id: string;
  name: string;
  version: string;
  stage_id: string;
  capability_contract_id: string;
  status: string;
  is_fallback: boolean;
}

export interface Tenant {
  tenant_id: string;
  name: string;
  created_at: string;
  disabled_at: string | null;
}

export interface ApiKey {
  id: string;
  prefix: string;
  name: string;
  roles: string[];
  tenant_id: string | null;
  expires_at: string | null;
  revoked_at: string | null;
  last_used_at: string | null;
  created_at: string;
}
