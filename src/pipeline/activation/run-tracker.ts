import { Injectable } from '@nestjs/common';
import { ConfigurationsService, selectionsOf } from '../configurations/configurations.service';
import type { Selection } from '../configurations/selection';
import { RunGate } from './run-gate';

/** What a run is bound to for its whole life: the configuration version it started with. */
export interface RunTicket {
  configId: string;
  configVersion: number;
  selections: Selection[];
  /** Ends the run (idempotent): a queued activation may proceed once no run is in flight. */
  end(): void;
}

/**
 * The hook the pipeline calls around each invoice run: `begin()` waits at the admission gate
 * while an activation drains, then binds the run to the active version; `ticket.end()` releases it.
 */
@Injectable()
export class RunTracker {
  constructor(
    private readonly gate: RunGate,
    private readonly configurations: ConfigurationsService,
  ) {}

  async begin(): Promise<RunTicket> {
    // Counted before reading the active version, so no switch can slip in between.
    await this.gate.enter();
    try {
      const active = await this.configurations.active();
      let ended = false;
      return {
        configId: active.configId,
        configVersion: active.version,
        selections: selectionsOf(active),
        end: () => {
          if (ended) return;
          ended = true;
          this.gate.leave();
        },
      };
    } catch (error) {
      this.gate.leave();
      throw error;
    }
  }
}
