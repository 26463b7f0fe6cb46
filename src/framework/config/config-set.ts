import { isDeepStrictEqual } from 'node:util';
import { ConfigChange, ConfigDiff } from './config-diff';
import { collect, ConfigSource, configError, displayValue, LoadOptions, Problem, readFeeders } from './config-loader';
import { baseKeyOf } from './named-instances';
import { SettingMetadata, settingsOf } from './setting.decorator';

export type ConfigClass<T extends object = object> = new () => T;

/** One field of the effective configuration, safe to show (secrets redacted). */
export interface ConfigEntry {
  env: string;
  configClass: string;
  property: string;
  description: string;
  value: unknown;
  source: ConfigSource;
  secret: boolean;
  dynamic: boolean;
  required: boolean;
}

/**
 * Every module's configuration, loaded together: one pass over the feeders, one ConfigError
 * listing every problem of every class, so boot fails before any module starts. The instances
 * handed to Nest stay the same objects for the life of the process: a reload writes the new
 * values of dynamic fields into them, so every holder sees the change.
 */
export class ConfigSet {
  private constructor(
    private readonly classes: readonly ConfigClass[],
    private readonly options: LoadOptions,
    private readonly instances: Map<ConfigClass, object>,
    private readonly sources: Record<string, ConfigSource>,
    /** Configuration file read, if any (shown with the provenance). */
    readonly configFile: string | undefined,
  ) {}

  static load(classes: readonly ConfigClass[], options: LoadOptions = {}): ConfigSet {
    const feeders = readFeeders(options);
    const instances = new Map<ConfigClass, object>();
    const provenance: Record<string, ConfigSource> = {};
    const problems: Problem[] = [...feeders.problems];
    for (const configClass of classes) {
      const loaded = collect(configClass, feeders.layers);
      instances.set(configClass, loaded.config);
      Object.assign(provenance, loaded.provenance);
      problems.push(...loaded.problems);
    }
    problems.push(...unknownFileKeys(classes, feeders.layers.find((l) => l.source === 'file')?.values));
    if (problems.length > 0) throw configError(problems);
    return new ConfigSet(classes, options, instances, provenance, feeders.configFile);
  }

  /** How this set reads its feeders (named instances and layered configuration read the same ones). */
  get loadOptions(): LoadOptions {
    return this.options;
  }

  /** Winning feeder per environment variable, across all classes. */
  get provenance(): Readonly<Record<string, ConfigSource>> {
    return this.sources;
  }

  get<T extends object>(configClass: ConfigClass<T>): T {
    const instance = this.instances.get(configClass);
    if (!instance) throw new Error(`configuration class ${configClass.name} was not loaded`);
    return instance as T;
  }

  entries(): Array<[ConfigClass, object]> {
    return [...this.instances.entries()];
  }

  /** The effective configuration with provenance, secrets redacted. */
  view(): ConfigEntry[] {
    return this.fields().map(({ configClass, setting, value }) => ({
      env: setting.env,
      configClass: configClass.name,
      property: setting.property,
      description: setting.description,
      value: displayValue(setting, value),
      source: this.sources[setting.env] ?? 'default',
      secret: setting.secret,
      dynamic: setting.dynamic,
      required: setting.required,
    }));
  }

  /** Reads the same feeders again into a new, validated set (throws ConfigError). */
  reread(): ConfigSet {
    return ConfigSet.load(this.classes, this.options);
  }

  /** Fields whose effective value differs in `next`. */
  diff(next: ConfigSet): ConfigDiff {
    const changes: ConfigChange[] = [];
    for (const { configClass, setting, value } of this.fields()) {
      const to = (next.get(configClass) as Record<string, unknown>)[setting.property];
      if (isDeepStrictEqual(value, to)) continue;
      changes.push({ env: setting.env, configClass, setting, from: value, to, source: next.sources[setting.env] ?? 'default' });
    }
    return new ConfigDiff(changes);
  }

  /** Writes the changes into the live instances (direction `to`, or back with `from`). */
  apply(diff: ConfigDiff, direction: 'to' | 'from' = 'to', sources?: Readonly<Record<string, ConfigSource>>): void {
    for (const change of diff.changes) {
      (this.get(change.configClass) as Record<string, unknown>)[change.setting.property] = change[direction];
      if (sources?.[change.env]) this.sources[change.env] = sources[change.env];
    }
  }

  private fields(): Array<{ configClass: ConfigClass; setting: SettingMetadata; value: unknown }> {
    return this.classes.flatMap((configClass) =>
      settingsOf(configClass).map((setting) => ({
        configClass,
        setting,
        value: (this.get(configClass) as Record<string, unknown>)[setting.property],
      })),
    );
  }
}

/** A key in the configuration file that no class declares is almost always a typo. */
function unknownFileKeys(classes: readonly ConfigClass[], values: Readonly<Record<string, unknown>> | undefined): Problem[] {
  if (!values) return [];
  const declared = new Set(classes.flatMap((c) => settingsOf(c).map((s) => s.env)));
  // `PREFIX__<INSTANCE>__FIELD` keys feed named instances (named-instances.ts) of a declared `PREFIX_FIELD`.
  return Object.keys(values)
    .filter((key) => !declared.has(key) && !declared.has(baseKeyOf(key) ?? ''))
    .map((key) => ({ field: key, source: 'file', reason: 'is not a known setting' }));
}
