import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { PlatformDatabase } from '../../framework/database/platform-database';
import type { ConstraintMeanings } from '../../framework/errors';
import { ActivationKind, ConfigurationActivationEntity } from './entities/configuration-activation.entity';

/** Serialises configuration switches across replicas for the length of one transaction. */
const SWITCH_LOCK = 727_100_001;

const CONCURRENT_SWITCH = { message: 'A concurrent activation changed the active configuration; try again.', as: 'conflict' } as const;

/**
 * What a switch's constraints mean when another replica or request switched first: at most one
 * active configuration (unique index and the deferred trigger), the status transitions (trigger)
 * and at most one pending activation. For mapDatabaseError around the switch's transaction: the
 * deferred trigger fires at commit, outside any one statement.
 */
export const SWITCH_CONFLICTS: ConstraintMeanings = {
  module_configurations_one_active: CONCURRENT_SWITCH,
  module_configurations_transition: CONCURRENT_SWITCH,
  configuration_activations_one_pending: CONCURRENT_SWITCH,
};

/**
 * The configuration_activations table (activation attempts that had to wait; at most one pending)
 * and the switch lock. Methods join the caller's transaction when given one (`tx`).
 */
@Injectable()
export class ActivationRepository {
  constructor(private readonly db: PlatformDatabase) {}

  insertPending(activation: { configId: string; kind: ActivationKind; requestedBy: string }, tx?: EntityManager): Promise<ConfigurationActivationEntity> {
    const repository = (tx ?? this.db.manager).getRepository(ConfigurationActivationEntity);
    return repository.save(repository.create(activation));
  }

  byId(activationId: string, tx?: EntityManager): Promise<ConfigurationActivationEntity | null> {
    return (tx ?? this.db.manager).getRepository(ConfigurationActivationEntity).findOneBy({ activationId });
  }

  /** Every pending activation (at most one, by a partial unique index): the one holding the gate, or one a crash left behind. */
  pending(tx?: EntityManager): Promise<ConfigurationActivationEntity[]> {
    return (tx ?? this.db.manager).getRepository(ConfigurationActivationEntity).findBy({ state: 'pending' });
  }

  async finish(
    activationId: string,
    outcome: { state: 'completed' | 'failed'; message: string; runsDrained?: number; switchDelayMs?: number; gateClosedAt?: Date | null },
    tx?: EntityManager,
  ): Promise<void> {
    // The database's clock, like the runs' timestamps it is compared with.
    await (tx ?? this.db.manager).update(ConfigurationActivationEntity, { activationId }, { ...outcome, finishedAt: () => 'now()' });
  }

  /** Takes the switch lock for the rest of the caller's transaction; false when another replica holds it. */
  async tryLockSwitch(tx: EntityManager): Promise<boolean> {
    const [{ locked }] = await this.db.statement<{ locked: boolean }>(`SELECT pg_try_advisory_xact_lock($1) AS locked`, [SWITCH_LOCK], tx);
    return locked;
  }
}
