import { Injectable } from '@nestjs/common';
import { ConfigurationsService, selectionsOf } from '../configurations/configurations.service';
import { PipelineConfig } from '../pipeline.config';
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
  /**
   * Selections of configurations seen active. A version's selections never change once it has
   * left draft, so each run reads only which version is active (one indexed row) and the
   * selections come from here after the first run on a version.
   */
  private readonly selections = new Map<string, Selection[]>();
  /**
   * The active version as last read, for CONFIG_ACTIVE_VERSION_CACHE_MS. Every switch in this
   * process closes and reopens the gate, which moves its generation on: a run admitted after a
   * local activation never reuses the version read before it.
   */
  private active: { ref: { configId: string; version: number }; generation: number; readAt: number } | null = null;

  constructor(
    private readonly gate: RunGate,
    private readonly configurations: ConfigurationsService,
    private readonly config: PipelineConfig,
  ) {}

  async begin(): Promise<RunTicket> {
    // Counted before reading the active version, so no switch can slip in between.
    await this.gate.enter();
    try {
      const active = await this.activeRef();
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

  private async activeRef(): Promise<{ configId: string; version: number }> {
    const generation = this.gate.generation;
    const cached = this.active;
    if (cached && cached.generation === generation && performance.now() - cached.readAt < this.config.activeVersionCacheMs) return cached.ref;
    const readAt = performance.now();
    const ref = await this.configurations.activeRef();
    // Admitted runs hold off any switch in this process, so the read cannot predate one unnoticed.
    if (this.gate.generation === generation) this.active = { ref, generation, readAt };
    return ref;
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
