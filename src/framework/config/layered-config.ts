import { collect, ConfigSource, FeederLayer, LoadedConfig, Problem } from './config-loader';
import { settingsOf } from './setting.decorator';

/**
 * Configuration layering: base < instance < tenant. The base layer is the ordinary feeders
 * (defaults < file < .env < environment < overrides); the instance layer is a named instance's
 * namespace (named-instances.ts, e.g. this replica's INSTANCE_ID); the tenant layer is a tenant's
 * overrides from the tenants table. Each layer only overrides what it sets, so the result is
 * predictable, and the provenance keeps the winning feeder, whose layer `layerOf` gives.
 */
export type ConfigLayer = 'base' | 'instance' | 'tenant';
export const CONFIG_LAYERS: readonly ConfigLayer[] = ['base', 'instance', 'tenant'];

export function layerOf(source: ConfigSource): ConfigLayer {
  return source === 'instance' || source === 'tenant' ? source : 'base';
}

export interface LayerInput<T> {
  /** The base values (e.g. the live instance from ConfigSet) and where each came from. */
  base: T;
  baseProvenance: Readonly<Record<string, ConfigSource>>;
  /** Instance layer, already read through the instance's namespace (`instanceLayers`). */
  instance?: readonly FeederLayer[];
  /** Tenant overrides keyed by environment variable name. */
  tenant?: Readonly<Record<string, unknown>>;
}

/** Merges the layers of one class, validates the result and returns its problems instead of throwing. */
export function resolveLayers<T extends object>(configClass: new () => T, input: LayerInput<T>): LoadedConfig<T> & { problems: Problem[] } {
  // The base layer is replayed feeder by feeder so its provenance survives unchanged.
  const bySource = new Map<ConfigSource, Record<string, unknown>>();
  for (const setting of settingsOf(configClass)) {
    const source = input.baseProvenance[setting.env] ?? 'default';
    if (source === 'default') continue;
    const values = bySource.get(source) ?? {};
    values[setting.env] = (input.base as Record<string, unknown>)[setting.property];
    bySource.set(source, values);
  }
  const layers: FeederLayer[] = [...bySource].map(([source, values]) => ({ source, values }));
  layers.push(...(input.instance ?? []));
  if (input.tenant) layers.push({ source: 'tenant', values: input.tenant });
  return collect(configClass, layers);
}
