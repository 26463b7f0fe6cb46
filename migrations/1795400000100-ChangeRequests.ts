import { MigrationInterface, QueryRunner } from 'typeorm';

const OLD_ACTIONS = [
  'created',
  'validated',
  'rejected',
  'activation_requested',
  'activation_queued',
  'activated',
  'activation_failed',
  'superseded',
  'rollback_requested',
  'rolled_back',
  'module_status_changed',
  'fallback_policy_changed',
];
const NEW_ACTIONS = [
  ...OLD_ACTIONS,
  'change_request_submitted',
  'change_request_approved',
  'change_request_rejected',
  'change_request_cancelled',
  'change_request_failed',
  'activation_scheduled',
  'scheduled_activation_fired',
  'shadow_run_requested',
  'shadow_run_completed',
  'shadow_run_failed',
];
const list = (actions: string[]) => actions.map((a) => `'${a}'`).join(', ');

/**
 * Issue 18: change requests (four eyes), scheduled activation and shadow runs. Platform tables
 * (configuration governance spans tenants; a shadow run names the tenant whose invoices it read).
 *
 * - change_requests: a configuration version submitted for approval. At most one open (or
 *   scheduled, or activating) request per configuration version (partial unique index).
 * - change_request_reviews: one verdict per reviewer and request; the reviewer is never the author
 *   (the author is copied onto the review and checked, and a composite foreign key ties the copy
 *   to the request's author, so neither the service nor raw SQL can approve its own request).
 * - shadow_runs: a candidate configuration run against a tenant's recent invoices without side
 *   effects; queued, claimed with a lease (a crashed replica's run is taken over), the report as
 *   jsonb. The only table a shadow run writes.
 */
export class ChangeRequests1795400000100 implements MigrationInterface {
  name = 'ChangeRequests1795400000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE change_requests (
        change_request_id  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        config_id          uuid NOT NULL,
        kind               text NOT NULL,
        state              text NOT NULL DEFAULT 'open',
        author             text NOT NULL,
        comment            text NOT NULL,
        approvals_required integer NOT NULL,
        activate_at        timestamptz,
        activation_id      uuid,
        outcome_message    text,
        created_at         timestamptz NOT NULL DEFAULT now(),
        updated_at         timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT change_requests_author_unique UNIQUE (change_request_id, author),
        CONSTRAINT change_requests_config_fk FOREIGN KEY (config_id) REFERENCES module_configurations (config_id),
        CONSTRAINT change_requests_kind_valid CHECK (kind IN ('activate', 'rollback')),
        CONSTRAINT change_requests_state_valid CHECK (state IN ('open', 'scheduled', 'activating', 'activated', 'activation_queued', 'rejected', 'cancelled', 'failed')),
        CONSTRAINT change_requests_approvals_valid CHECK (approvals_required >= 0),
        CONSTRAINT change_requests_scheduled_has_time CHECK (state <> 'scheduled' OR activate_at IS NOT NULL)
      )`);
    await q.query(`COMMENT ON TABLE change_requests IS 'platform: configuration versions submitted for approval (four eyes)'`);
    await q.query(`CREATE UNIQUE INDEX change_requests_one_open_per_config ON change_requests (config_id) WHERE state IN ('open', 'scheduled', 'activating')`);
    await q.query(`CREATE INDEX change_requests_due_idx ON change_requests (activate_at) WHERE state = 'scheduled'`);
    await q.query(`CREATE INDEX change_requests_created_idx ON change_requests (created_at, change_request_id)`);

    await q.query(`
      CREATE TABLE change_request_reviews (
        review_id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        change_request_id uuid NOT NULL,
        author            text NOT NULL,
        reviewer          text NOT NULL,
        verdict           text NOT NULL,
        comment           text NOT NULL,
        created_at        timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT change_request_reviews_one_per_reviewer UNIQUE (change_request_id, reviewer),
        CONSTRAINT change_request_reviews_request_fk FOREIGN KEY (change_request_id, author) REFERENCES change_requests (change_request_id, author),
        CONSTRAINT change_request_reviews_not_author CHECK (reviewer <> author),
        CONSTRAINT change_request_reviews_verdict_valid CHECK (verdict IN ('approved', 'rejected'))
      )`);
    await q.query(`COMMENT ON TABLE change_request_reviews IS 'platform: approvals and rejections of change requests, never by their author'`);

    await q.query(`
      CREATE TABLE shadow_runs (
        shadow_run_id  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        config_id      uuid NOT NULL,
        tenant_id      text NOT NULL,
        state          text NOT NULL DEFAULT 'queued',
        requested_by   text NOT NULL,
        last_n         integer,
        received_from  timestamptz,
        received_to    timestamptz,
        max_invoices   integer NOT NULL,
        attempts       integer NOT NULL DEFAULT 0,
        claim_token    uuid,
        lease_until    timestamptz,
        summary        jsonb,
        report         jsonb,
        error          text,
        created_at     timestamptz NOT NULL DEFAULT now(),
        started_at     timestamptz,
        finished_at    timestamptz,
        CONSTRAINT shadow_runs_config_fk FOREIGN KEY (config_id) REFERENCES module_configurations (config_id),
        CONSTRAINT shadow_runs_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenants (tenant_id),
        CONSTRAINT shadow_runs_state_valid CHECK (state IN ('queued', 'running', 'completed', 'failed')),
        CONSTRAINT shadow_runs_bounded CHECK (max_invoices BETWEEN 1 AND 500 AND (last_n IS NULL OR last_n BETWEEN 1 AND max_invoices)),
        CONSTRAINT shadow_runs_one_selection CHECK ((last_n IS NULL) <> (received_from IS NULL AND received_to IS NULL)),
        CONSTRAINT shadow_runs_running_has_lease CHECK (state <> 'running' OR (claim_token IS NOT NULL AND lease_until IS NOT NULL))
      )`);
    await q.query(`COMMENT ON TABLE shadow_runs IS 'platform: side-effect-free runs of a candidate configuration over a tenant''s recent invoices'`);
    await q.query(`CREATE INDEX shadow_runs_claimable_idx ON shadow_runs (created_at) WHERE state IN ('queued', 'running')`);
    await q.query(`CREATE INDEX shadow_runs_config_idx ON shadow_runs (config_id, created_at)`);

    await q.query(`ALTER TABLE configuration_change_events DROP CONSTRAINT configuration_change_events_action_valid`);
    await q.query(`ALTER TABLE configuration_change_events ADD CONSTRAINT configuration_change_events_action_valid CHECK (action IN (${list(NEW_ACTIONS)}))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE configuration_change_events DROP CONSTRAINT configuration_change_events_action_valid`);
    await q.query(`ALTER TABLE configuration_change_events ADD CONSTRAINT configuration_change_events_action_valid CHECK (action IN (${list(OLD_ACTIONS)}))`);
    await q.query(`DROP TABLE shadow_runs`);
    await q.query(`DROP TABLE change_request_reviews`);
    await q.query(`DROP TABLE change_requests`);
  }
}
