import { DependencyError } from '../errors';
import type { Clock } from '../lifecycle/lifecycle.types';
import { findCycle } from './dependency-graph';
import { PublishOptions, ServiceDependency, ServiceDescriptor, ServiceScope } from './service-descriptor';

export interface ServiceQuery {
  name?: string;
  interface?: string;
  /** Default `global`. */
  scope?: ServiceScope;
}

interface Entry {
  descriptor: ServiceDescriptor;
  instance: unknown;
}

const key = (scope: ServiceScope, id: string): string => `${scope}\u0000${id}`;

/**
 * Nest DI owns the instances; this registry publishes them under descriptors and resolves by name
 * or interface. Lookups are Map hits; candidates per interface are kept sorted at registration
 * (priority desc, then earliest registration), so resolution reads the first two entries only.
 */
export class ServiceRegistry {
  private readonly byName = new Map<string, Entry>();
  private readonly byInterface = new Map<string, Entry[]>();

  constructor(private readonly clock: Clock = () => new Date()) {}

  register(options: PublishOptions, instance: unknown, providerModule = 'unknown'): ServiceDescriptor {
    const scope = options.scope ?? 'global';
    const nameKey = key(scope, options.name);
    const existing = this.byName.get(nameKey);
    if (existing && !options.override) {
      throw new DependencyError(
        `service "${options.name}" (scope ${scope}) is already registered by ${existing.descriptor.providerModule}; ` +
          'declare override: true to replace it',
      );
    }
    if (existing) this.remove(existing);
    const descriptor: ServiceDescriptor = {
      name: options.name,
      interface: options.interface,
      scope,
      priority: options.priority ?? 0,
      registeredAt: this.clock(),
      providerModule,
      dependsOn: options.dependsOn ?? [],
    };
    const entry: Entry = { descriptor, instance };
    this.byName.set(nameKey, entry);
    if (descriptor.interface) {
      const candidates = this.byInterface.get(key(scope, descriptor.interface)) ?? [];
      candidates.push(entry);
      candidates.sort(byPreference);
      this.byInterface.set(key(scope, descriptor.interface), candidates);
    }
    return descriptor;
  }

  /** The instance for a name (wins outright) or an interface; DependencyError when none or ambiguous. */
  resolve<T>(query: ServiceQuery): T {
    const entry = this.find(query);
    if (!entry) throw new DependencyError(`no service registered for ${describe(query)}`);
    return entry.instance as T;
  }

  /** Like resolve, but undefined when nothing is registered (still refuses ambiguity). */
  resolveOptional<T>(query: ServiceQuery): T | undefined {
    return this.find(query)?.instance as T | undefined;
  }

  descriptor(query: ServiceQuery): ServiceDescriptor | undefined {
    return this.find(query)?.descriptor;
  }

  /** Every candidate for an interface, preferred first (the pipeline's stage catalogue lists these). */
  candidates(interfaceToken: string, scope: ServiceScope = 'global'): Array<{ descriptor: ServiceDescriptor; instance: unknown }> {
    return [...(this.byInterface.get(key(scope, interfaceToken)) ?? [])];
  }

  list(scope?: ServiceScope): ServiceDescriptor[] {
    return [...this.byName.values()]
      .map((e) => e.descriptor)
      .filter((d) => scope === undefined || d.scope === scope)
      .sort((a, b) => a.registeredAt.getTime() - b.registeredAt.getTime() || a.name.localeCompare(b.name));
  }

  /**
   * Checks the declared dependencies: a missing required one or a cycle is a DependencyError
   * (the cycle with its whole chain); missing optional ones are returned for a warning.
   */
  verify(): { missingOptional: Array<{ service: string; dependency: string }> } {
    const missingOptional: Array<{ service: string; dependency: string }> = [];
    const missing: string[] = [];
    const edges = new Map<string, string[]>();
    for (const { descriptor } of this.byName.values()) {
      const targets: string[] = [];
      for (const dependency of descriptor.dependsOn) {
        const target = this.find({ ...dependency, scope: descriptor.scope });
        if (target) targets.push(target.descriptor.name);
        else if (dependency.optional) missingOptional.push({ service: descriptor.name, dependency: describeDependency(dependency) });
        else missing.push(`${descriptor.name} needs ${describeDependency(dependency)}`);
      }
      edges.set(descriptor.name, targets);
    }
    if (missing.length > 0) throw new DependencyError(`missing service dependencies: ${missing.join('; ')}`);
    const cycle = findCycle(edges);
    if (cycle) throw new DependencyError(`circular service dependency: ${cycle.join(' -> ')}`);
    return { missingOptional };
  }

  private find(query: ServiceQuery): Entry | undefined {
    const scope = query.scope ?? 'global';
    if (query.name !== undefined) {
      const entry = this.byName.get(key(scope, query.name));
      if (entry && query.interface !== undefined && entry.descriptor.interface !== query.interface) {
        throw new DependencyError(`service "${query.name}" does not provide interface "${query.interface}"`);
      }
      return entry;
    }
    if (query.interface === undefined) throw new DependencyError('a service query needs a name or an interface');
    const candidates = this.byInterface.get(key(scope, query.interface));
    if (!candidates || candidates.length === 0) return undefined;
    const [first, second] = candidates;
    if (second && byPreference(first, second) === 0) {
      const tied = candidates.filter((c) => byPreference(first, c) === 0);
      throw new DependencyError(
        `ambiguous service for interface "${query.interface}" (scope ${scope}): ` +
          `${tied.map((c) => describeCandidate(c.descriptor)).join(', ')}; ` +
          'resolve by name or give one a higher priority',
        { extensions: { candidates: tied.map((c) => c.descriptor.name) } },
      );
    }
    return first;
  }

  private remove(entry: Entry): void {
    const { descriptor } = entry;
    this.byName.delete(key(descriptor.scope, descriptor.name));
    if (!descriptor.interface) return;
    const candidates = this.byInterface.get(key(descriptor.scope, descriptor.interface));
    if (candidates) candidates.splice(candidates.indexOf(entry), 1);
  }
}

/** Higher priority first, then earliest registration; 0 means a genuine tie. */
function byPreference(a: Entry, b: Entry): number {
  return b.descriptor.priority - a.descriptor.priority || a.descriptor.registeredAt.getTime() - b.descriptor.registeredAt.getTime();
}

function describeCandidate(d: ServiceDescriptor): string {
  return `${d.name} (priority ${d.priority}, registered ${d.registeredAt.toISOString()}, from ${d.providerModule})`;
}

function describe(query: ServiceQuery): string {
  const scope = query.scope ?? 'global';
  return query.name !== undefined ? `name "${query.name}" (scope ${scope})` : `interface "${query.interface}" (scope ${scope})`;
}

function describeDependency(d: ServiceDependency): string {
  return d.name !== undefined ? `name "${d.name}"` : `interface "${d.interface}"`;
}
