import { envKey } from './config-file';
import { collect, configError, FeederLayer, LoadedConfig, LoadOptions, Problem, readFeeders } from './config-loader';
import { settingsOf } from './setting.decorator';

/**
 * Instance-aware feeders: several named instances of one configurable component (webhook targets,
 * exporters) each get their own namespace. A component's settings share a prefix (`EXPORT_URL`,
 * `EXPORT_TIMEOUT_MS`); instance `erp` reads `EXPORT__ERP__URL`, `EXPORT__ERP__TIMEOUT_MS` from the
 * same feeders (file, .env, environment, overrides), above the un-namespaced values:
 * base < instance. Instance names are case-insensitive: `erp-main` and `ERP_MAIN` are one instance.
 */
const PART = /^[A-Z0-9]+(?:_[A-Z0-9]+)*$/;

/** `EXPORT__ERP__URL` → `EXPORT_URL`; undefined when the key is not namespaced. */
export function baseKeyOf(key: string): string | undefined {
  const parts = key.split('__');
  if (parts.length !== 3 || !parts.every((p) => PART.test(p))) return undefined;
  return `${parts[0]}_${parts[2]}`;
}

/** The variable feeding `baseEnv` (which starts with `<prefix>_`) for one instance. */
export function instanceKey(prefix: string, instance: string, baseEnv: string): string {
  if (!baseEnv.startsWith(`${prefix}_`)) throw new Error(`${baseEnv} does not belong to the ${prefix} component`);
  return `${prefix}__${instanceSegment(instance)}__${baseEnv.slice(prefix.length + 1)}`;
}

/** Instance names present in one feeder's values, lower-case (`EXPORT__ERP_MAIN__URL` → `erp_main`). */
export function instanceNames(prefix: string, values: Readonly<Record<string, unknown>>): string[] {
  const names = new Set<string>();
  for (const key of Object.keys(values)) {
    const parts = key.split('__');
    if (parts.length === 3 && parts[0] === prefix && PART.test(parts[1]) && PART.test(parts[2])) names.add(parts[1].toLowerCase());
  }
  return [...names].sort();
}

/** One feeder's values for one instance, keyed by the base variable names. */
export function instanceValues(prefix: string, instance: string, values: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const segment = `${prefix}__${instanceSegment(instance)}__`;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    if (key.startsWith(segment) && PART.test(key.slice(segment.length))) out[`${prefix}_${key.slice(segment.length)}`] = value;
  }
  return out;
}

/** The instance layer: every base feeder read through the instance's namespace, in feeder order. */
export function instanceLayers(prefix: string, instance: string, layers: readonly FeederLayer[]): FeederLayer[] {
  return layers.map((layer) => ({ source: 'instance', values: instanceValues(prefix, instance, layer.values) }));
}

/**
 * Loads one named instance of a component class: class defaults < base feeders < the instance's
 * namespaced values. Provenance says `instance` for fields the namespace supplied; problems name
 * the namespaced variable, so the operator sees which one to fix.
 */
export function loadNamedInstance<T extends object>(
  configClass: new () => T,
  prefix: string,
  instance: string,
  options: LoadOptions = {},
): LoadedConfig<T> {
  const feeders = readFeeders(options);
  const { config, provenance, problems } = collect(configClass, [...feeders.layers, ...instanceLayers(prefix, instance, feeders.layers)]);
  const all: Problem[] = [
    ...feeders.problems,
    ...problems.map((p) => (p.source === 'instance' ? { ...p, field: instanceKey(prefix, instance, p.field) } : p)),
  ];
  if (all.length > 0) throw configError(all);
  return { config, provenance };
}

/** Every instance named in any feeder, loaded. */
export function loadNamedInstances<T extends object>(
  configClass: new () => T,
  prefix: string,
  options: LoadOptions = {},
): Map<string, LoadedConfig<T>> {
  const known = new Set(settingsOf(configClass).map((s) => s.env));
  const names = new Set(readFeeders(options).layers.flatMap((layer) => instanceNames(prefix, layer.values)));
  const result = new Map<string, LoadedConfig<T>>();
  for (const name of [...names].sort()) {
    // A namespace whose keys match no field of the class is someone else's (or a typo the file check reports).
    const feeds = readFeeders(options).layers.some((l) => Object.keys(instanceValues(prefix, name, l.values)).some((k) => known.has(k)));
    if (feeds) result.set(name, loadNamedInstance(configClass, prefix, name, options));
  }
  return result;
}

function instanceSegment(instance: string): string {
  const segment = envKey(instance);
  if (!PART.test(segment)) throw new Error(`"${instance}" is not a valid instance name (letters, digits, - and _)`);
  return segment;
}
