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
 * while an activation drains (on any replica: ClusterGate keeps the gate in step with the
 * cluster's), then binds the run to the active version; `ticket.end()` releases it. No database
 * round trip: the active version is the gate's, kept current by ClusterGate.
 */
@Injectable()
export class RunTracker {
  /**
   * Selections of configurations seen active. A version's selections never change once it has
   * left draft, so they are read once per version.
   */
  private readonly selections = new Map<string, Selection[]>();

  constructor(
    private readonly gate: RunGate,
    private readonly configurations: ConfigurationsService,
  ) {}

  async begin(): Promise<RunTicket> {
    // Counted in the same turn as the version is read, so no switch can slip in between.
    const active = await this.gate.enter();
    try {
      const selections = this.selections.get(active.configId) ?? (await this.load(active.configId));
      let ended = false;
      return {
        configId: active.configId,
        configVersion: active.version,
        selections,
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

  private async load(configId: string): Promise<Selection[]> {
    const configuration = await this.configurations.get(configId);
    const selections = selectionsOf(configuration);
    // A handful of versions at most are active over a process's life; keep the latest few.
    if (this.selections.size >= 8) this.selections.delete(this.selections.keys().next().value!);
    this.selections.set(configId, selections);
    return selections;
  }
}
