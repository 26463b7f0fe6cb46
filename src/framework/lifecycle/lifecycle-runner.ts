import { randomUUID } from 'node:crypto';
import { LifecycleError } from '../errors';
import { findCycle } from '../registry/dependency-graph';
import { ModuleStateMachine } from './module-state';
import { LifecycleEvents } from './lifecycle-events';
import { ObserverHub } from './observer-hub';
import { Clock, LifecycleEvent, LifecyclePhase, ModuleState, Startable, Stoppable, systemClock } from './lifecycle.types';

export interface Participant {
  /** Module name shown in events, errors and the admin listing. */
  name: string;
  /** Participants that must be started before this one (by name); absent names are ignored. */
  dependsOn?: readonly string[];
  /** `reload` (a Reloadable, see config/reload) is called by configuration reload, not by the runner. */
  instance: Partial<Startable & Stoppable & { reload(diff: never): Promise<void> }>;
}

/** A module in the listing: its state and the modules it waits for (those present in this application). */
export interface ModuleStateView {
  module: string;
  state: ModuleState;
  dependsOn: string[];
}

interface Entry extends Participant {
  machine: ModuleStateMachine;
}

/**
 * Drives framework modules through registering → starting → started → stopping → stopped (or
 * error), in registration order, which the Nest driver sets to dependency order. A failed start
 * stops the modules already started, in reverse order, then fails with a LifecycleError naming
 * the module and carrying the cause. Nest-free, so the rules are unit-tested directly.
 */
export class LifecycleRunner {
  private readonly entries: Entry[] = [];
  private readonly started: Entry[] = [];
  private ran = false;
  private readonly registrationId = randomUUID();

  constructor(
    readonly events: ObserverHub<LifecycleEvent> = new LifecycleEvents(),
    private readonly clock: Clock = systemClock,
  ) {}

  register(participant: Participant): void {
    if (this.ran) throw new LifecycleError(`module "${participant.name}" registered after start`, participant.name);
    if (this.entries.some((e) => e.name === participant.name)) {
      throw new LifecycleError(`module "${participant.name}" is registered twice`, participant.name);
    }
    this.entries.push({ ...participant, machine: new ModuleStateMachine(participant.name) });
    this.emit(participant.name, 'registering', {}, this.registrationId);
  }

  async startAll(): Promise<void> {
    if (this.ran) throw new LifecycleError('modules cannot start twice: stopped → started needs a full restart');
    this.ran = true;
    this.entries.splice(0, this.entries.length, ...orderByDependencies(this.entries));
    const correlationId = randomUUID();
    for (const entry of this.entries) {
      const began = this.clock().getTime();
      try {
        this.move(entry, 'starting', {}, correlationId);
        await entry.instance.start?.();
        this.move(entry, 'started', { durationMs: this.clock().getTime() - began }, correlationId);
        this.started.push(entry);
      } catch (cause) {
        if (entry.machine.state === 'starting') this.move(entry, 'error', { cause: messageOf(cause) }, correlationId);
        const rolledBack = await this.stopStarted(correlationId);
        throw new LifecycleError(`module "${entry.name}" failed to start: ${messageOf(cause)}`, entry.name, {
          cause,
          extensions: { rolledBack },
        });
      }
    }
  }

  /** Stops every started module, newest first; one failure does not keep the others running. */
  async stopAll(): Promise<void> {
    const correlationId = randomUUID();
    const failures: Array<{ module: string; cause: unknown }> = [];
    await this.stopStarted(correlationId, failures);
    const first = failures[0];
    if (first) {
      throw new LifecycleError(`module "${first.module}" failed to stop: ${messageOf(first.cause)}`, first.module, { cause: first.cause });
    }
  }

  state(name: string): ModuleState | undefined {
    return this.entries.find((e) => e.name === name)?.machine.state;
  }

  /** Every module with its state, in start order (dependencies first) once started. */
  states(): ModuleStateView[] {
    const present = new Set(this.entries.map((e) => e.name));
    return this.entries.map((e) => ({ module: e.name, state: e.machine.state, dependsOn: (e.dependsOn ?? []).filter((d) => present.has(d)) }));
  }

  /** Instances of the modules currently started, in start order (reload follows it). */
  startedInOrder(): Participant[] {
    return this.started.filter((e) => e.machine.state === 'started').map(({ name, instance }) => ({ name, instance }));
  }

  private async stopStarted(correlationId: string, failures: Array<{ module: string; cause: unknown }> = []): Promise<string[]> {
    const stopped: string[] = [];
    while (this.started.length > 0) {
      const entry = this.started.pop() as Entry;
      if (entry.machine.state !== 'started') continue;
      const began = this.clock().getTime();
      this.move(entry, 'stopping', {}, correlationId);
      try {
        await entry.instance.stop?.();
        this.move(entry, 'stopped', { durationMs: this.clock().getTime() - began }, correlationId);
        stopped.push(entry.name);
      } catch (cause) {
        this.move(entry, 'error', { cause: messageOf(cause) }, correlationId);
        failures.push({ module: entry.name, cause });
      }
    }
    return stopped;
  }

  private move(entry: Entry, phase: ModuleState, details: Record<string, unknown>, correlationId: string): void {
    entry.machine.moveTo(phase);
    this.emit(entry.name, phase, details, correlationId);
  }

  private emit(module: string, phase: LifecyclePhase, details: Record<string, unknown>, correlationId: string): void {
    this.events.publish({ timestamp: this.clock(), module, phase, details, correlationId });
  }
}

/**
 * The participants in an order where each comes after the ones it depends on; otherwise the
 * given order is kept (stable: a participant moves only as far as its dependencies require).
 * Dependencies on names not present are ignored; a cycle is a LifecycleError naming the chain.
 */
export function orderByDependencies<P extends Participant>(participants: readonly P[]): P[] {
  const present = new Set(participants.map((p) => p.name));
  const needs = new Map(participants.map((p) => [p.name, (p.dependsOn ?? []).filter((d) => present.has(d) && d !== p.name)]));
  const cycle = findCycle(needs);
  if (cycle) throw new LifecycleError(`lifecycle dependency cycle: ${cycle.join(' → ')}`, cycle[0]);
  const ordered: P[] = [];
  const placed = new Set<string>();
  const pending = [...participants];
  while (pending.length > 0) {
    const index = pending.findIndex((p) => (needs.get(p.name) ?? []).every((d) => placed.has(d)));
    const [next] = pending.splice(index, 1);
    ordered.push(next);
    placed.add(next.name);
  }
  return ordered;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
