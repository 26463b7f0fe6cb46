import { collect, ConfigSource, configError, LoadOptions, readDotenv } from './config-loader';

export type ConfigClass<T extends object = object> = new () => T;

/**
 * Every module's configuration, loaded together: one pass over the feeders, one ConfigError
 * listing every problem of every class, so boot fails before any module starts.
 */
export class ConfigSet {
  private constructor(
    private readonly instances: Map<ConfigClass, object>,
    /** Winning feeder per environment variable, across all classes. */
    readonly provenance: Readonly<Record<string, ConfigSource>>,
  ) {}

  static load(classes: readonly ConfigClass[], options: LoadOptions = {}): ConfigSet {
    const dotenv = readDotenv(options.envFile);
    const instances = new Map<ConfigClass, object>();
    const provenance: Record<string, ConfigSource> = {};
    const problems: Parameters<typeof configError>[0] = [];
    for (const configClass of classes) {
      const loaded = collect(configClass, options, dotenv);
      instances.set(configClass, loaded.config);
      Object.assign(provenance, loaded.provenance);
      problems.push(...loaded.problems);
    }
    if (problems.length > 0) throw configError(problems);
    return new ConfigSet(instances, provenance);
  }

  get<T extends object>(configClass: ConfigClass<T>): T {
    const instance = this.instances.get(configClass);
    if (!instance) throw new Error(`configuration class ${configClass.name} was not loaded`);
    return instance as T;
  }

  entries(): Array<[ConfigClass, object]> {
    return [...this.instances.entries()];
  }
}
