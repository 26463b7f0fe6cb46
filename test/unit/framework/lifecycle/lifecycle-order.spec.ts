import { LifecycleError } from '../../../../src/framework/errors';
import { LifecycleRunner, orderByDependencies } from '../../../../src/framework/lifecycle';

const participant = (name: string, dependsOn: string[] = [], calls: string[] = [], failing = false) => ({
  name,
  dependsOn,
  instance: {
    start: async () => {
      calls.push(`start ${name}`);
      if (failing) throw new Error(`${name} cannot start`);
    },
    stop: async () => void calls.push(`stop ${name}`),
  },
});

describe('lifecycle order: declared dependencies', () => {
  it('puts every module after the ones it depends on, otherwise keeps the given order', () => {
    const ordered = orderByDependencies([
      participant('pipeline', ['database', 'workers']),
      participant('metrics'),
      participant('tenancy', ['database']),
      participant('database'),
      participant('workers', ['metrics']),
    ]);
    expect(ordered.map((p) => p.name)).toEqual(['metrics', 'database', 'tenancy', 'workers', 'pipeline']);
    const at = (name: string) => ordered.findIndex((p) => p.name === name);
    expect(at('database')).toBeLessThan(at('tenancy'));
    expect(at('database')).toBeLessThan(at('pipeline'));
    expect(at('workers')).toBeLessThan(at('pipeline'));
    expect(at('metrics')).toBeLessThan(at('workers'));
    // Stable: without dependencies between them, metrics stays before database (given order).
    expect(at('metrics')).toBeLessThan(at('database'));
  });

  it('ignores dependencies on modules this application does not have', () => {
    expect(orderByDependencies([participant('health', ['events', 'database']), participant('database')]).map((p) => p.name)).toEqual(['database', 'health']);
  });

  it('refuses a cycle, naming it', () => {
    const failure = (() => {
      try {
        orderByDependencies([participant('a', ['b']), participant('b', ['c']), participant('c', ['a'])]);
      } catch (error) {
        return error;
      }
    })();
    expect(failure).toBeInstanceOf(LifecycleError);
    expect((failure as LifecycleError).message).toBe('lifecycle dependency cycle: a → b → c → a');
  });

  it('starts in dependency order, stops in reverse, and a failed start rolls back in reverse', async () => {
    const calls: string[] = [];
    const runner = new LifecycleRunner();
    for (const p of [participant('pipeline', ['tenancy'], calls), participant('tenancy', ['database'], calls), participant('database', [], calls)]) runner.register(p);
    await runner.startAll();
    expect(runner.states()).toEqual([
      { module: 'database', state: 'started', dependsOn: [] },
      { module: 'tenancy', state: 'started', dependsOn: ['database'] },
      { module: 'pipeline', state: 'started', dependsOn: ['tenancy'] },
    ]);
    await runner.stopAll();
    expect(calls).toEqual(['start database', 'start tenancy', 'start pipeline', 'stop pipeline', 'stop tenancy', 'stop database']);

    const rollback: string[] = [];
    const failing = new LifecycleRunner();
    for (const p of [participant('pipeline', ['tenancy'], rollback, true), participant('tenancy', ['database'], rollback), participant('database', [], rollback)]) failing.register(p);
    await expect(failing.startAll()).rejects.toThrow('module "pipeline" failed to start: pipeline cannot start');
    expect(rollback).toEqual(['start database', 'start tenancy', 'start pipeline', 'stop tenancy', 'stop database']);
  });
});
