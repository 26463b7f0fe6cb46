import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Module configuration management: stages, capability contracts, the module catalogue,
 * versioned configurations with their selections, fallback policies, queued activations and the
 * append-only audit trail. These tables are platform configuration, not tenant business data:
 * one active configuration governs every tenant's pipeline, so they carry no tenant_id.
 *
 * The rules hold in PostgreSQL itself: one active configuration (partial unique index plus a
 * deferred check that one remains), one pending activation, one active fallback module per stage,
 * allowed status transitions only (trigger), and no UPDATE or DELETE on the audit trail.
 */
export class ModuleConfiguration1795300789915 implements MigrationInterface {
  name = 'ModuleConfiguration1795300789915';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE capability_contracts (
        contract_id text PRIMARY KEY,
        name        text NOT NULL,
        version     text NOT NULL,
        inputs      jsonb NOT NULL DEFAULT '{}',
        outputs     jsonb NOT NULL DEFAULT '{}',
        guarantees  jsonb NOT NULL DEFAULT '[]',
        constraints jsonb NOT NULL DEFAULT '{}',
        CONSTRAINT capability_contracts_semver CHECK (version ~ '^(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)$'),
        CONSTRAINT capability_contracts_id_is_name_at_version CHECK (contract_id = name || '@' || version),
        CONSTRAINT capability_contracts_name_version_unique UNIQUE (name, version)
      )`);

    await q.query(`
      CREATE TABLE processing_stages (
        stage_id               text PRIMARY KEY,
        name                   text NOT NULL,
        "order"                integer NOT NULL,
        capability_contract_id text NOT NULL,
        is_required            boolean NOT NULL,
        CONSTRAINT processing_stages_order_unique UNIQUE ("order"),
        CONSTRAINT processing_stages_contract_fk FOREIGN KEY (capability_contract_id) REFERENCES capability_contracts (contract_id)
      )`);

    await q.query(`
      CREATE TABLE modules (
        module_id              text PRIMARY KEY,
        name                   text NOT NULL,
        version                text NOT NULL,
        stage_id               text NOT NULL,
        capability_contract_id text NOT NULL,
        status                 text NOT NULL DEFAULT 'unavailable',
        is_fallback            boolean NOT NULL DEFAULT false,
        metadata               jsonb NOT NULL DEFAULT '{}',
        updated_at             timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT modules_status_valid CHECK (status IN ('available', 'unavailable', 'disabled', 'deprecated')),
        CONSTRAINT modules_stage_fk FOREIGN KEY (stage_id) REFERENCES processing_stages (stage_id),
        CONSTRAINT modules_contract_fk FOREIGN KEY (capability_contract_id) REFERENCES capability_contracts (contract_id)
      )`);
    await q.query(`CREATE UNIQUE INDEX modules_one_active_fallback_per_stage ON modules (stage_id) WHERE is_fallback AND status = 'available'`);

    await q.query(`CREATE SEQUENCE module_configuration_version_seq AS integer START 1`);
    await q.query(`
      CREATE TABLE module_configurations (
        config_id        uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        version          integer NOT NULL DEFAULT nextval('module_configuration_version_seq'),
        status           text NOT NULL DEFAULT 'draft',
        created_by       text NOT NULL,
        created_at       timestamptz NOT NULL DEFAULT now(),
        validated_at     timestamptz,
        activated_at     timestamptz,
        summary          text,
        based_on_version integer,
        CONSTRAINT module_configurations_version_unique UNIQUE (version),
        CONSTRAINT module_configurations_status_valid CHECK
          (status IN ('draft', 'validated', 'active', 'superseded', 'rejected', 'rolled_back')),
        CONSTRAINT module_configurations_based_on_fk FOREIGN KEY (based_on_version) REFERENCES module_configurations (version)
      )`);
    await q.query(`ALTER SEQUENCE module_configuration_version_seq OWNED BY module_configurations.version`);
    await q.query(`CREATE UNIQUE INDEX module_configurations_one_active ON module_configurations ((true)) WHERE status = 'active'`);
    await q.query(`CREATE INDEX module_configurations_status_idx ON module_configurations (status, version)`);

    // Status transitions of the state machine; anything else is refused whatever code runs it.
    await q.query(`
      CREATE FUNCTION module_configurations_check_transition() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.version <> OLD.version OR NEW.config_id <> OLD.config_id THEN
          RAISE EXCEPTION 'configuration versions are never overwritten' USING ERRCODE = 'check_violation',
            CONSTRAINT = 'module_configurations_immutable_version';
        END IF;
        IF NEW.status <> OLD.status AND (OLD.status, NEW.status) NOT IN (
            ('draft', 'validated'), ('draft', 'rejected'), ('validated', 'rejected'), ('validated', 'active'),
            ('active', 'superseded'), ('active', 'rolled_back')) THEN
          RAISE EXCEPTION 'configuration % cannot go from % to %', OLD.version, OLD.status, NEW.status
            USING ERRCODE = 'check_violation', CONSTRAINT = 'module_configurations_transition';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER module_configurations_transition BEFORE UPDATE ON module_configurations
        FOR EACH ROW EXECUTE FUNCTION module_configurations_check_transition()`);

    // "Exactly one active": the unique index gives at most one; this deferred check, run at
    // commit, refuses a transaction that leaves none.
    await q.query(`
      CREATE FUNCTION module_configurations_require_active() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM module_configurations WHERE status = 'active') THEN
          RAISE EXCEPTION 'exactly one module configuration must be active' USING ERRCODE = 'check_violation',
            CONSTRAINT = 'module_configurations_one_active';
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE CONSTRAINT TRIGGER module_configurations_keep_one_active AFTER UPDATE OR DELETE ON module_configurations
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION module_configurations_require_active()`);

    await q.query(`
      CREATE TABLE module_selections (
        selection_id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        config_id    uuid NOT NULL,
        stage_id     text NOT NULL,
        module_id    text NOT NULL,
        settings     jsonb NOT NULL DEFAULT '{}',
        CONSTRAINT module_selections_one_per_stage UNIQUE (config_id, stage_id),
        CONSTRAINT module_selections_config_fk FOREIGN KEY (config_id) REFERENCES module_configurations (config_id) ON DELETE CASCADE,
        CONSTRAINT module_selections_stage_fk FOREIGN KEY (stage_id) REFERENCES processing_stages (stage_id),
        CONSTRAINT module_selections_module_fk FOREIGN KEY (module_id) REFERENCES modules (module_id),
        CONSTRAINT module_selections_settings_object CHECK (jsonb_typeof(settings) = 'object')
      )`);

    await q.query(`
      CREATE TABLE fallback_policies (
        policy_id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        stage_id           text NOT NULL,
        fallback_module_id text,
        trigger_conditions jsonb NOT NULL,
        actions            jsonb NOT NULL,
        updated_by         text NOT NULL,
        updated_at         timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT fallback_policies_one_per_stage UNIQUE (stage_id),
        CONSTRAINT fallback_policies_stage_fk FOREIGN KEY (stage_id) REFERENCES processing_stages (stage_id),
        CONSTRAINT fallback_policies_module_fk FOREIGN KEY (fallback_module_id) REFERENCES modules (module_id),
        CONSTRAINT fallback_policies_use_fallback_needs_module CHECK
          (actions->>'on_failure' <> 'use_fallback' OR fallback_module_id IS NOT NULL)
      )`);

    await q.query(`
      CREATE TABLE configuration_activations (
        activation_id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        config_id     uuid NOT NULL,
        kind          text NOT NULL DEFAULT 'activate',
        state         text NOT NULL DEFAULT 'pending',
        requested_by  text NOT NULL,
        requested_at  timestamptz NOT NULL DEFAULT now(),
        finished_at   timestamptz,
        message       text,
        CONSTRAINT configuration_activations_kind_valid CHECK (kind IN ('activate', 'rollback')),
        CONSTRAINT configuration_activations_state_valid CHECK (state IN ('pending', 'completed', 'failed')),
        CONSTRAINT configuration_activations_config_fk FOREIGN KEY (config_id) REFERENCES module_configurations (config_id)
      )`);
    await q.query(`CREATE UNIQUE INDEX configuration_activations_one_pending ON configuration_activations ((true)) WHERE state = 'pending'`);

    await q.query(`
      CREATE TABLE configuration_change_events (
        event_id   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq        bigint GENERATED ALWAYS AS IDENTITY,
        config_id  uuid,
        action     text NOT NULL,
        actor      text NOT NULL,
        result     text NOT NULL,
        message    text NOT NULL,
        details    jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        CONSTRAINT configuration_change_events_action_valid CHECK (action IN ('created', 'validated', 'rejected',
          'activation_requested', 'activation_queued', 'activated', 'activation_failed', 'superseded',
          'rollback_requested', 'rolled_back', 'module_status_changed', 'fallback_policy_changed')),
        CONSTRAINT configuration_change_events_result_valid CHECK (result IN ('success', 'failure')),
        CONSTRAINT configuration_change_events_seq_unique UNIQUE (seq),
        CONSTRAINT configuration_change_events_config_fk FOREIGN KEY (config_id) REFERENCES module_configurations (config_id)
      )`);
    await q.query(`CREATE INDEX configuration_change_events_created_idx ON configuration_change_events (created_at)`);
    await q.query(`CREATE INDEX configuration_change_events_config_idx ON configuration_change_events (config_id, seq)`);
    await q.query(`
      CREATE FUNCTION configuration_change_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'configuration_change_events is append-only' USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER configuration_change_events_no_update_delete BEFORE UPDATE OR DELETE ON configuration_change_events
        FOR EACH ROW EXECUTE FUNCTION configuration_change_events_append_only()`);
    await q.query(`
      CREATE TRIGGER configuration_change_events_no_truncate BEFORE TRUNCATE ON configuration_change_events
        FOR EACH STATEMENT EXECUTE FUNCTION configuration_change_events_append_only()`);

    await q.query(`COMMENT ON TABLE capability_contracts IS 'platform: capability contracts are shared by every tenant'`);
    await q.query(`COMMENT ON TABLE processing_stages IS 'platform: the stage list is the same for every tenant'`);
    await q.query(`COMMENT ON TABLE modules IS 'platform: the module catalogue comes from the code'`);
    await q.query(`COMMENT ON TABLE module_configurations IS 'platform: one active configuration governs every tenant'`);
    await q.query(`COMMENT ON TABLE module_selections IS 'platform: part of a module configuration'`);
    await q.query(`COMMENT ON TABLE fallback_policies IS 'platform: per-stage policies of the shared pipeline'`);
    await q.query(`COMMENT ON TABLE configuration_activations IS 'platform: activation attempts of the shared configuration'`);
    await q.query(`COMMENT ON TABLE configuration_change_events IS 'platform: append-only audit trail of configuration actions'`);

    await seed(q);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE configuration_change_events`);
    await q.query(`DROP FUNCTION configuration_change_events_append_only()`);
    await q.query(`DROP TABLE configuration_activations`);
    await q.query(`DROP TABLE fallback_policies`);
    await q.query(`DROP TABLE module_selections`);
    await q.query(`DROP TABLE module_configurations`);
    await q.query(`DROP FUNCTION module_configurations_require_active()`);
    await q.query(`DROP FUNCTION module_configurations_check_transition()`);
    await q.query(`DROP TABLE modules`);
    await q.query(`DROP TABLE processing_stages`);
    await q.query(`DROP TABLE capability_contracts`);
  }
}

const CONTRACTS: Array<[name: string, inputs: object, outputs: object, guarantees: string[]]> = [
  ['parse', { document: 'raw bytes with media type (UBL/CII XML, Factur-X PDF, canonical JSON)' }, { invoice: 'canonical EN 16931 invoice' },
    ['never throws on malformed input: reports a parse failure', 'amounts are decimals']],
  ['validate', { invoice: 'canonical EN 16931 invoice' }, { report: '{valid, errors[], warnings[]}' },
    ['each rule reports independently', 'valid means no fatal rule fired']],
  ['enrich', { invoice: 'canonical invoice', tenant: 'tenant id' }, { supplier: 'resolved supplier or none', buyer: 'resolved buyer or none' },
    ['never changes the invoice amounts']],
  ['dedupe', { invoice: 'canonical invoice', tenant: 'tenant id' }, { duplicate: 'boolean', fingerprint: 'string' },
    ['same tenant, supplier, number, issue date and total is a duplicate', 'enforced by a unique index']],
  ['route', { invoice: 'canonical invoice', report: 'validation report' }, { decision: 'auto_approved | needs_approval | rejected' },
    ['deterministic for the same input and settings']],
  ['deliver', { invoice: 'processed invoice' }, { delivery: 'delivered | queued' }, ['at-least-once delivery']],
];

const STAGES: Array<[id: string, name: string, order: number, contract: string, required: boolean]> = [
  ['parse', 'Parse', 1, 'parse', true],
  ['validate', 'Validate', 2, 'validate', true],
  ['enrich', 'Enrich', 3, 'enrich', false],
  ['duplicate-check', 'Duplicate check', 4, 'dedupe', true],
  ['approval', 'Approval', 5, 'route', false],
  ['export', 'Export', 6, 'deliver', false],
];

// The catalogue comes from code: these rows start unavailable and the boot-time sync marks the
// ones it finds available. They exist here so the first configuration can reference them.
const MODULES: Array<[id: string, name: string, stage: string, contract: string, fallback: boolean]> = [
  ['einvoice-xml', 'EN 16931 XML (UBL, CII, Factur-X)', 'parse', 'parse', false],
  ['json-canonical', 'Canonical JSON', 'parse', 'parse', false],
  ['lenient-xml', 'Lenient XML extraction', 'parse', 'parse', true],
  ['en16931', 'EN 16931 business rules', 'validate', 'validate', false],
  ['basic-checks', 'Basic checks', 'validate', 'validate', true],
  ['supplier-directory-http', 'Supplier directory (HTTP)', 'enrich', 'enrich', false],
  ['supplier-directory-db', 'Supplier directory (local table)', 'enrich', 'enrich', true],
  ['fingerprint', 'Fingerprint', 'duplicate-check', 'dedupe', false],
  ['threshold-rules', 'Threshold rules', 'approval', 'route', false],
  ['manual-review', 'Manual review', 'approval', 'route', true],
  ['webhook', 'Webhook', 'export', 'deliver', false],
  ['outbox', 'Transactional outbox', 'export', 'deliver', true],
];

const POLICIES: Array<[stage: string, fallback: string | null, triggers: object, actions: object]> = [
  ['parse', 'lenient-xml', { error: true, timeout_ms: 5000, circuit_open: { consecutive_failures: 5, half_open_after_ms: 30000 }, module_unavailable: true },
    { retry: null, on_failure: 'use_fallback', mark_for_review: true }],
  ['validate', 'basic-checks', { error: true, timeout_ms: 5000, circuit_open: { consecutive_failures: 5, half_open_after_ms: 30000 }, module_unavailable: true },
    { retry: null, on_failure: 'use_fallback', mark_for_review: true }],
  ['enrich', 'supplier-directory-db', { error: true, timeout_ms: 2000, circuit_open: { consecutive_failures: 5, half_open_after_ms: 30000 }, module_unavailable: true },
    { retry: { attempts: 2, backoff_ms: 100 }, on_failure: 'use_fallback', mark_for_review: false }],
  ['duplicate-check', null, { error: true, timeout_ms: 5000, circuit_open: null, module_unavailable: true },
    { retry: { attempts: 2, backoff_ms: 50 }, on_failure: 'fail', mark_for_review: false }],
  ['approval', 'manual-review', { error: true, timeout_ms: 2000, circuit_open: { consecutive_failures: 5, half_open_after_ms: 30000 }, module_unavailable: true },
    { retry: null, on_failure: 'use_fallback', mark_for_review: false }],
  ['export', 'outbox', { error: true, timeout_ms: 5000, circuit_open: { consecutive_failures: 5, half_open_after_ms: 30000 }, module_unavailable: true },
    { retry: { attempts: 2, backoff_ms: 200 }, on_failure: 'use_fallback', mark_for_review: false }],
];

const FIRST_SELECTIONS: Array<[stage: string, module: string]> = [
  ['parse', 'einvoice-xml'],
  ['validate', 'en16931'],
  ['enrich', 'supplier-directory-db'],
  ['duplicate-check', 'fingerprint'],
  ['approval', 'threshold-rules'],
];

async function seed(q: QueryRunner): Promise<void> {
  for (const [name, inputs, outputs, guarantees] of CONTRACTS) {
    await q.query(
      `INSERT INTO capability_contracts (contract_id, name, version, inputs, outputs, guarantees) VALUES ($1, $2, '1.0.0', $3, $4, $5)`,
      [`${name}@1.0.0`, name, JSON.stringify(inputs), JSON.stringify(outputs), JSON.stringify(guarantees)],
    );
  }
  for (const [id, name, order, contract, required] of STAGES) {
    await q.query(`INSERT INTO processing_stages VALUES ($1, $2, $3, $4, $5)`, [id, name, order, `${contract}@1.0.0`, required]);
  }
  for (const [id, name, stage, contract, fallback] of MODULES) {
    await q.query(
      `INSERT INTO modules (module_id, name, version, stage_id, capability_contract_id, is_fallback) VALUES ($1, $2, '1.0.0', $3, $4, $5)`,
      [id, name, stage, `${contract}@1.0.0`, fallback],
    );
  }
  for (const [stage, fallback, triggers, actions] of POLICIES) {
    await q.query(
      `INSERT INTO fallback_policies (stage_id, fallback_module_id, trigger_conditions, actions, updated_by) VALUES ($1, $2, $3, $4, 'system')`,
      [stage, fallback, JSON.stringify(triggers), JSON.stringify(actions)],
    );
  }
  const [{ config_id: configId }] = (await q.query(
    `INSERT INTO module_configurations (status, created_by, validated_at, activated_at, summary)
     VALUES ('active', 'system', now(), now(), 'Initial configuration') RETURNING config_id`,
  )) as Array<{ config_id: string }>;
  for (const [stage, module] of FIRST_SELECTIONS) {
    await q.query(`INSERT INTO module_selections (config_id, stage_id, module_id) VALUES ($1, $2, $3)`, [configId, stage, module]);
  }
  await q.query(
    `INSERT INTO configuration_change_events (config_id, action, actor, result, message) VALUES ($1, 'activated', 'system', 'success', 'Initial configuration seeded')`,
    [configId],
  );
}
