import { DependencyError } from '../../../../src/framework/errors';
import { findCycle, ServiceRegistry } from '../../../../src/framework/registry';

/** A clock the test moves by hand: registration times are part of the tie-break. */
function manualClock(start = Date.parse('2026-01-01T00:00:00.000Z')) {
  let now = start;
  return { clock: () => new Date(now), tick: (ms = 1) => (now += ms) };
}

describe('ServiceRegistry', () => {
  it('resolves by interface: higher priority first, then the earliest registration; an explicit name wins', () => {
    const { clock, tick } = manualClock();
    const registry = new ServiceRegistry(clock);
    registry.register({ name: 'stage.validate.basic', interface: 'Stage', priority: 1 }, 'basic');
    tick();
    registry.register({ name: 'stage.validate.strict', interface: 'Stage', priority: 5 }, 'strict');
    tick();
    registry.register({ name: 'stage.validate.late', interface: 'Stage', priority: 5 }, 'late');
    expect(registry.resolve({ interface: 'Stage' })).toBe('strict');
    expect(registry.resolve({ name: 'stage.validate.basic' })).toBe('basic');
    expect(registry.resolve({ name: 'stage.validate.late', interface: 'Stage' })).toBe('late');
    expect(registry.candidates('Stage').map((c) => c.descriptor.name)).toEqual([
      'stage.validate.strict',
      'stage.validate.late',
      'stage.validate.basic',
    ]);
  });

  it('refuses an ambiguous interface with a DependencyError listing the candidates', () => {
    const { clock } = manualClock();
    const registry = new ServiceRegistry(clock);
    registry.register({ name: 'export.sftp', interface: 'Exporter', priority: 2 }, 1, 'SftpModule');
    registry.register({ name: 'export.s3', interface: 'Exporter', priority: 2 }, 2, 'S3Module');
    registry.register({ name: 'export.mail', interface: 'Exporter', priority: 1 }, 3, 'MailModule');
    expect(() => registry.resolve({ interface: 'Exporter' })).toThrow(DependencyError);
    expect(() => registry.resolve({ interface: 'Exporter' })).toThrow(
      'ambiguous service for interface "Exporter" (scope global): ' +
        'export.sftp (priority 2, registered 2026-01-01T00:00:00.000Z, from SftpModule), ' +
        'export.s3 (priority 2, registered 2026-01-01T00:00:00.000Z, from S3Module); ' +
        'resolve by name or give one a higher priority',
    );
    expect(registry.resolve({ name: 'export.s3' })).toBe(2);
  });

  it('refuses a duplicate name in the same scope unless it declares an override', () => {
    const registry = new ServiceRegistry();
    registry.register({ name: 'clock', interface: 'Clock' }, 'system', 'CoreModule');
    expect(() => registry.register({ name: 'clock' }, 'other', 'TestModule')).toThrow(
      'service "clock" (scope global) is already registered by CoreModule; declare override: true to replace it',
    );
    registry.register({ name: 'clock', scope: 'tenant' }, 'per-tenant');
    registry.register({ name: 'clock', interface: 'Clock', override: true }, 'fake', 'TestModule');
    expect(registry.resolve({ name: 'clock' })).toBe('fake');
    expect(registry.resolve({ interface: 'Clock' })).toBe('fake');
    expect(registry.resolve({ name: 'clock', scope: 'tenant' })).toBe('per-tenant');
    expect(registry.list('tenant').map((d) => d.name)).toEqual(['clock']);
  });

  it('reports nothing registered as a DependencyError, and optional lookups as undefined', () => {
    const registry = new ServiceRegistry();
    expect(() => registry.resolve({ name: 'missing' })).toThrow('no service registered for name "missing" (scope global)');
    expect(registry.resolveOptional({ interface: 'Cache' })).toBeUndefined();
  });

  it('lets a missing optional dependency pass and fails a missing required one', () => {
    const registry = new ServiceRegistry();
    registry.register({ name: 'pipeline', dependsOn: [{ interface: 'Metrics', optional: true }] }, {});
    expect(registry.verify().missingOptional).toEqual([{ service: 'pipeline', dependency: 'interface "Metrics"' }]);
    registry.register({ name: 'scheduler', dependsOn: [{ name: 'events' }] }, {});
    expect(() => registry.verify()).toThrow('missing service dependencies: scheduler needs name "events"');
  });

  it('reports a circular dependency with its whole chain', () => {
    const registry = new ServiceRegistry();
    registry.register({ name: 'a', dependsOn: [{ name: 'b' }] }, {});
    registry.register({ name: 'b', dependsOn: [{ interface: 'C' }] }, {});
    registry.register({ name: 'c', interface: 'C', dependsOn: [{ name: 'a' }] }, {});
    expect(() => registry.verify()).toThrow('circular service dependency: a -> b -> c -> a');
  });

  it('finds the cycle that does not start at the first node', () => {
    const edges = new Map([
      ['root', ['x']],
      ['x', ['y']],
      ['y', ['x']],
    ]);
    expect(findCycle(edges)).toEqual(['x', 'y', 'x']);
    expect(findCycle(new Map([['a', ['b']], ['b', []]]))).toBeUndefined();
  });
});
