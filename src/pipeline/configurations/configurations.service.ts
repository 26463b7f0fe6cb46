import { Injectable } from '@nestjs/common';
import { redactedPlaceholderPaths, urlCredentialPaths, urlCredentialsReason } from '../../framework/config';
import { PlatformDatabase } from '../../framework/database/platform-database';
import { ConflictError, NotFoundError, ValidationError } from '../../framework/errors';
import { PageCursor } from '../../framework/http/page-cursor';
import { ChangeEventsService } from '../audit/change-events.service';
import { CatalogueRepository } from '../catalogue/catalogue.repository';
import { ConfigurationMetrics } from './configuration-metrics';
import { ConfigurationValidator, ValidationOutcome } from './configuration-validator';
import { ConfigurationRepository } from './configuration.repository';
import { ConfigurationStatus, ModuleConfigurationEntity } from './entities/module-configuration.entity';
import { ModuleSelectionEntity } from './entities/module-selection.entity';
import type { Selection } from './selection';

export interface NewConfiguration {
  summary?: string;
  basedOnVersion?: number;
  selections: Selection[];
}

export interface ValidationReport extends ValidationOutcome {
  configuration?: ModuleConfigurationEntity;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The history's keyset position: the version (int4) of the last configuration of a page. */
export const CONFIGURATION_CURSOR = new PageCursor(
  'configurations',
  (p): p is [number] => p.length === 1 && Number.isSafeInteger(p[0]) && (p[0] as number) > 0 && (p[0] as number) <= 2_147_483_647,
);

/** Versioned configurations: drafts, history, validation, diffs. Activation lives in ActivationService. */
@Injectable()
export class ConfigurationsService {
  constructor(
    private readonly db: PlatformDatabase,
    private readonly configurations: ConfigurationRepository,
    private readonly catalogue: CatalogueRepository,
    private readonly validator: ConfigurationValidator,
    private readonly audit: ChangeEventsService,
    private readonly metrics: ConfigurationMetrics,
  ) {}

  /** A new draft. Stages not listed are copied from `basedOnVersion` when given. */
  async create(input: NewConfiguration, actor: string): Promise<ModuleConfigurationEntity> {
    assertNoUrlCredentials(input.selections);
    const base = input.basedOnVersion === undefined ? undefined : await this.byVersion(input.basedOnVersion, 'based_on_version');
    const selections = mergeSelections(base?.selections ?? [], input.selections);
    await this.assertReferencesExist(selections);
    const created = await this.db.transaction(async (tx) => {
      const configuration = await this.configurations.insertDraft({ createdBy: actor, summary: input.summary ?? null, basedOnVersion: base?.version ?? null }, tx);
      await this.configurations.insertSelections(configuration.configId, selections, tx);
      await this.audit.record(
        {
          configId: configuration.configId,
          action: 'created',
          actor,
          result: 'success',
          message: `draft version ${configuration.version} created${base ? ` from version ${base.version}` : ''}`,
          details: { based_on_version: base?.version ?? null, selections: selections.map((s) => ({ stage_id: s.stageId, module_id: s.moduleId })) },
        },
        tx,
      );
      return configuration;
    });
    return this.get(created.configId);
  }

  async list(filter: { status?: ConfigurationStatus; limit: number; cursor?: string }): Promise<{ items: ModuleConfigurationEntity[]; nextCursor: string | null }> {
    const beforeVersion = filter.cursor === undefined ? undefined : CONFIGURATION_CURSOR.decode(filter.cursor)[0];
    const rows = await this.configurations.page({ status: filter.status, beforeVersion, take: filter.limit + 1 });
    const items = rows.slice(0, filter.limit);
    return { items, nextCursor: rows.length > filter.limit ? CONFIGURATION_CURSOR.encode([items[items.length - 1].version]) : null };
  }

  /** By config id (uuid) or by version number. */
  async get(ref: string): Promise<ModuleConfigurationEntity> {
    if (UUID.test(ref)) {
      const found = await this.configurations.byId(ref);
      if (!found) throw new NotFoundError(`Configuration ${ref} does not exist.`);
      return found;
    }
    if (/^\d{1,9}$/.test(ref)) return this.byVersion(Number(ref), 'id');
    throw new ValidationError('A configuration is named by its config_id (UUID) or its version number.', [
      { field: 'id', reason: 'must be a UUID or a version number' },
    ]);
  }

  /** Id and version of the active configuration: one cheap indexed read (the run hot path). */
  async activeRef(): Promise<{ configId: string; version: number }> {
    const ref = await this.configurations.activeRef();
    if (!ref) throw new NotFoundError('No configuration is active.');
    return ref;
  }

  async active(): Promise<ModuleConfigurationEntity> {
    const found = await this.configurations.active();
    if (!found) throw new NotFoundError('No configuration is active.');
    return found;
  }

  /** Validates a stored configuration: draft → validated or rejected; validated is checked again. */
  async validateStored(ref: string, actor: string): Promise<ValidationReport> {
    const configuration = await this.get(ref);
    if (configuration.status !== 'draft' && configuration.status !== 'validated') {
      throw new ConflictError(
        `Configuration version ${configuration.version} is ${configuration.status}; only draft or validated configurations can be validated.`,
        { extensions: { current_state: configuration.status, requested_state: 'validated' } },
      );
    }
    const outcome = await this.validator.validate(selectionsOf(configuration));
    await this.recordValidation(configuration, outcome, actor);
    return { ...outcome, configuration: await this.get(configuration.configId) };
  }

  /** Validates an unsaved body; nothing is stored. */
  async validateUnsaved(input: NewConfiguration): Promise<ValidationReport> {
    assertNoUrlCredentials(input.selections);
    const base = input.basedOnVersion === undefined ? undefined : await this.byVersion(input.basedOnVersion, 'based_on_version');
    const outcome = await this.validator.validate(mergeSelections(base?.selections ?? [], input.selections));
    if (!outcome.valid) this.metrics.validationFailures.inc();
    return outcome;
  }

  /** Applies a validation outcome: status, timestamps and the audit event, in one transaction. */
  async recordValidation(configuration: ModuleConfigurationEntity, outcome: ValidationOutcome, actor: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      await this.configurations.setValidated(configuration.configId, outcome.valid, tx);
      await this.audit.record(
        {
          configId: configuration.configId,
          action: outcome.valid ? 'validated' : 'rejected',
          actor,
          result: outcome.valid ? 'success' : 'failure',
          message: outcome.valid
            ? `version ${configuration.version} is valid`
            : `version ${configuration.version} rejected: ${outcome.problems.map((p) => `${p.field}: ${p.reason}`).join('; ')}`,
          details: { problems: outcome.problems, warnings: outcome.warnings },
        },
        tx,
      );
    });
    if (!outcome.valid) this.metrics.validationFailures.inc();
  }

  async byVersion(version: number, field: string): Promise<ModuleConfigurationEntity> {
    const found = await this.configurations.byVersion(version);
    if (!found) {
      if (field === 'id') throw new NotFoundError(`Configuration version ${version} does not exist.`);
      throw new ValidationError(`Configuration version ${version} does not exist.`, [{ field, reason: `version ${version} does not exist` }]);
    }
    return found;
  }

  /** Unknown stage or module ids are caller mistakes (400), not foreign-key failures (500). */
  private async assertReferencesExist(selections: Selection[]): Promise<void> {
    const stageIds = [...new Set(selections.map((s) => s.stageId))];
    const moduleIds = [...new Set(selections.map((s) => s.moduleId))];
    const [stages, modules] = await Promise.all([this.catalogue.stagesByIds(stageIds), this.catalogue.modulesByIds(moduleIds)]);
    const knownStages = new Set(stages.map((s) => s.stageId));
    const knownModules = new Set(modules.map((m) => m.moduleId));
    const problems = selections.flatMap((s, i) => [
      ...(knownStages.has(s.stageId) ? [] : [{ field: `selections[${i}].stage_id`, reason: `unknown stage ${s.stageId}` }]),
      ...(knownModules.has(s.moduleId) ? [] : [{ field: `selections[${i}].module_id`, reason: `unknown module ${s.moduleId}` }]),
    ]);
    const seen = new Map<string, number>();
    selections.forEach((s, i) => {
      if (seen.has(s.stageId)) problems.push({ field: `selections[${i}].stage_id`, reason: `stage ${s.stageId} is already selected at selections[${seen.get(s.stageId)}]` });
      seen.set(s.stageId, i);
    });
    if (problems.length > 0) throw new ValidationError(`${problems.length} selection problem(s).`, problems);
  }
}

/**
 * URLs with userinfo are refused before anything is stored, in any module's settings: a stored
 * setting is shown to every reader of the configuration (the secret goes in auth_header). So is
 * the [REDACTED] placeholder, which would otherwise replace a secret when a view is sent back.
 */
function assertNoUrlCredentials(selections: Selection[]): void {
  const problems = selections.flatMap((s, i) => [
    ...urlCredentialPaths(s.settings).map((path) => ({ field: `selections[${i}].settings.${path}`, reason: urlCredentialsReason('auth_header') })),
    ...redactedPlaceholderPaths(s.settings).map((path) => ({
      field: `selections[${i}].settings.${path}`,
      reason: 'holds the [REDACTED] placeholder of a view; send the real value, or leave the stage out to keep the stored one (based_on_version)',
    })),
  ]);
  if (problems.length > 0) throw new ValidationError('Credentials in URLs are not allowed, nor redacted placeholders.', problems);
}

export function selectionsOf(configuration: ModuleConfigurationEntity): Selection[] {
  return (configuration.selections ?? []).map((s) => ({ stageId: s.stageId, moduleId: s.moduleId, settings: s.settings }));
}

/** The base's selections, with the given ones replacing the base's for the same stage. */
function mergeSelections(base: ModuleSelectionEntity[], given: Selection[]): Selection[] {
  const givenStages = new Set(given.map((s) => s.stageId));
  return [...base.filter((s) => !givenStages.has(s.stageId)).map((s) => ({ stageId: s.stageId, moduleId: s.moduleId, settings: s.settings })), ...given];
}
