import { Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { LifecycleError } from '../../../../src/framework/errors';
import { LifecycleEvent, LifecycleEvents, LifecycleModule, LifecycleParticipant, LifecycleService } from '../../../../src/framework/lifecycle';

/** What the participants did, in order; `failing` names the one whose start throws. */
const journal: { calls: string[]; failing?: string } = { calls: [] };

function participant(name: string) {
  @Injectable()
  @LifecycleParticipant({ name })
  class Participant {
    async start(): Promise<void> {
      journal.calls.push(`start ${name}`);
      if (journal.failing === name) throw new Error(`${name}: port 8443 already in use`);
    }
    async stop(): Promise<void> {
      journal.calls.push(`stop ${name}`);
    }
  }
  return Participant;
}

const Database = participant('database');
const Events = participant('events');
const Scheduler = participant('scheduler');
const Pipeline = participant('pipeline');

// pipeline → scheduler → events → database: Nest module depth gives the dependency order.
@Module({ providers: [Database], exports: [Database] })
class DatabaseModule {}
@Module({ imports: [DatabaseModule], providers: [Events], exports: [Events] })
class EventsModule {}
@Module({ imports: [EventsModule], providers: [Scheduler] })
class SchedulerModule {}
@Module({ imports: [SchedulerModule, EventsModule], providers: [Pipeline] })
class PipelineModule {}

async function boot() {
  const moduleRef = await Test.createTestingModule({ imports: [LifecycleModule, PipelineModule] }).compile();
  const events: LifecycleEvent[] = [];
  moduleRef.get(LifecycleEvents).subscribe('test', (e) => void events.push(e));
  return { moduleRef, events };
}

describe('lifecycle driven by Nest hooks', () => {
  beforeEach(() => {
    journal.calls = [];
    journal.failing = undefined;
  });

  it('starts in dependency order (deepest module first) and stops in reverse start order', async () => {
    const { moduleRef, events } = await boot();
    await moduleRef.init();
    expect(journal.calls).toEqual(['start database', 'start events', 'start scheduler', 'start pipeline']);
    expect(moduleRef.get(LifecycleService).states().every((s) => s.state === 'started')).toBe(true);
    await moduleRef.close();
    expect(journal.calls.slice(4)).toEqual(['stop pipeline', 'stop scheduler', 'stop events', 'stop database']);
    await moduleRef.get(LifecycleEvents).idle();
    expect(events.filter((e) => e.module === 'events').map((e) => e.phase)).toEqual([
      'registering', 'starting', 'started', 'stopping', 'stopped',
    ]);
  });

  it('fails the boot with a LifecycleError and rolls back the started modules in reverse order', async () => {
    journal.failing = 'scheduler';
    const { moduleRef } = await boot();
    const failure = await moduleRef.init().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(LifecycleError);
    expect((failure as LifecycleError).causeChain()).toEqual([
      'LifecycleError: module "scheduler" failed to start: scheduler: port 8443 already in use',
      'Error: scheduler: port 8443 already in use',
    ]);
    expect(journal.calls).toEqual(['start database', 'start events', 'start scheduler', 'stop events', 'stop database']);
    expect(moduleRef.get(LifecycleService).states()).toEqual([
      { module: 'database', state: 'stopped', dependsOn: [] },
      { module: 'events', state: 'stopped', dependsOn: [] },
      { module: 'scheduler', state: 'error', dependsOn: [] },
      { module: 'pipeline', state: 'registering', dependsOn: [] },
    ]);
    // Since Nest 12 a context whose init failed still closes (its shutdown hooks release what the
    // partial start acquired); the lifecycle already rolled back, so nothing is stopped twice.
    await moduleRef.close();
    expect(journal.calls).toHaveLength(5);
    expect(moduleRef.get(LifecycleService).states().map((s) => s.state)).toEqual(['stopped', 'stopped', 'error', 'registering']);
  });
});
