import { LifecycleError } from '../../../../src/framework/errors';
import { LifecycleEvent, LifecycleRunner, ModuleStateMachine, ObserverHub } from '../../../../src/framework/lifecycle';

function recorder() {
  const calls: string[] = [];
  const module = (name: string, failOn?: 'start' | 'stop') => ({
    name,
    instance: {
      start: async () => {
        calls.push(`start ${name}`);
        if (failOn === 'start') throw new Error(`${name} cannot open its socket`);
      },
      stop: async () => {
        calls.push(`stop ${name}`);
        if (failOn === 'stop') throw new Error(`${name} hung`);
      },
    },
  });
  return { calls, module };
}

async function collected(runner: LifecycleRunner): Promise<LifecycleEvent[]> {
  const events: LifecycleEvent[] = [];
  runner.events.subscribe('test', (e) => void events.push(e));
  return events;
}

describe('LifecycleRunner', () => {
  it('starts in registration order and stops in reverse start order', async () => {
    const { calls, module } = recorder();
    const runner = new LifecycleRunner();
    for (const name of ['database', 'events', 'pipeline']) runner.register(module(name));
    await runner.startAll();
    await runner.stopAll();
    expect(calls).toEqual(['start database', 'start events', 'start pipeline', 'stop pipeline', 'stop events', 'stop database']);
    expect(runner.states().map((s) => s.state)).toEqual(['stopped', 'stopped', 'stopped']);
  });

  it('rolls back the started modules in reverse order when a start fails, and names module and cause', async () => {
    const { calls, module } = recorder();
    const runner = new LifecycleRunner();
    const events = await collected(runner);
    for (const m of [module('database'), module('events'), module('scheduler', 'start'), module('pipeline')]) runner.register(m);

    const failure = await runner.startAll().catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(LifecycleError);
    expect((failure as LifecycleError).message).toBe('module "scheduler" failed to start: scheduler cannot open its socket');
    expect((failure as LifecycleError).moduleName).toBe('scheduler');
    expect((failure as LifecycleError).causeChain()).toEqual([
      'LifecycleError: module "scheduler" failed to start: scheduler cannot open its socket',
      'Error: scheduler cannot open its socket',
    ]);
    expect(calls).toEqual(['start database', 'start events', 'start scheduler', 'stop events', 'stop database']);
    expect(runner.states()).toEqual([
      { module: 'database', state: 'stopped', dependsOn: [] },
      { module: 'events', state: 'stopped', dependsOn: [] },
      { module: 'scheduler', state: 'error', dependsOn: [] },
      { module: 'pipeline', state: 'registering', dependsOn: [] },
    ]);
    await runner.events.idle();
    expect(events.filter((e) => e.phase !== 'registering').map((e) => `${e.module}:${e.phase}`)).toEqual([
      'database:starting', 'database:started', 'events:starting', 'events:started', 'scheduler:starting', 'scheduler:error',
      'events:stopping', 'events:stopped', 'database:stopping', 'database:stopped',
    ]);
    // One correlation id for the whole boot attempt.
    expect(new Set(events.filter((e) => e.phase !== 'registering').map((e) => e.correlationId)).size).toBe(1);
  });

  it('refuses a second start and never stops a module twice', async () => {
    const { calls, module } = recorder();
    const runner = new LifecycleRunner();
    runner.register(module('database'));
    await runner.startAll();
    await expect(runner.startAll()).rejects.toThrow('modules cannot start twice: stopped → started needs a full restart');
    await runner.stopAll();
    await runner.stopAll();
    await expect(runner.startAll()).rejects.toThrow(LifecycleError);
    expect(calls).toEqual(['start database', 'stop database']);
  });

  it('keeps stopping the others when one stop fails, then reports it', async () => {
    const { calls, module } = recorder();
    const runner = new LifecycleRunner();
    for (const m of [module('database'), module('events', 'stop'), module('pipeline')]) runner.register(m);
    await runner.startAll();
    await expect(runner.stopAll()).rejects.toThrow('module "events" failed to stop: events hung');
    expect(calls.slice(3)).toEqual(['stop pipeline', 'stop events', 'stop database']);
    expect(runner.state('events')).toBe('error');
  });

  it('refuses illegal transitions (stopped → started needs a restart)', () => {
    const machine = new ModuleStateMachine('auth');
    machine.moveTo('starting');
    machine.moveTo('started');
    expect(() => machine.moveTo('starting')).toThrow('module "auth" cannot go from started to starting');
    machine.moveTo('stopping');
    machine.moveTo('stopped');
    expect(() => machine.moveTo('stopping')).toThrow('module "auth" cannot go from stopped to stopping');
    expect(() => machine.moveTo('starting')).toThrow(LifecycleError);
  });

  it('isolates observers: one that throws or never returns does not block the lifecycle or the others', async () => {
    const { module } = recorder();
    const runner = new LifecycleRunner();
    const seen: string[] = [];
    let release!: () => void;
    const stuck = new Promise<void>((resolve) => (release = resolve));
    runner.events.subscribe('throws', () => {
      throw new Error('observer bug');
    });
    runner.events.subscribe('slow', () => stuck);
    runner.events.subscribe('healthy', (e) => void seen.push(`${e.module}:${e.phase}`));
    runner.register(module('database'));
    await runner.startAll();
    await runner.stopAll();
    expect(runner.state('database')).toBe('stopped');
    await new Promise((resolve) => setImmediate(resolve));
    expect(seen).toEqual(['database:registering', 'database:starting', 'database:started', 'database:stopping', 'database:stopped']);
    release();
    await runner.events.idle();
  });
});

describe('ObserverHub', () => {
  it('drops the oldest events of a slow observer past its capacity and delivers a warning event', async () => {
    const hub = new ObserverHub<{ n: number; dropped?: number }>('Test', (dropped) => ({ n: -1, dropped }), 3);
    const received: Array<{ n: number; dropped?: number }> = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    hub.subscribe('slow', async (event) => {
      if (event.n === 0) await gate;
      received.push(event);
    });
    hub.publish({ n: 0 });
    await new Promise((resolve) => setImmediate(resolve)); // 0 is now being delivered, and stuck
    for (let n = 1; n < 8; n++) hub.publish({ n }); // returns at once although the observer is stuck
    release();
    await hub.idle();
    // 1..7 queued with room for 3: 1..4 dropped, then a warning saying so, then 5, 6, 7.
    expect(received).toEqual([{ n: 0 }, { n: -1, dropped: 4 }, { n: 5 }, { n: 6 }, { n: 7 }]);
  });
});
