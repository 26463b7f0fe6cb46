import type { ConfigClass } from './config-set';
import type { ConfigSource } from './config-loader';
import type { SettingMetadata } from './setting.decorator';

/** One field whose effective value differs between the running and the re-read configuration. */
export interface ConfigChange {
  /** Environment variable name: the stable key of a setting. */
  env: string;
  configClass: ConfigClass;
  setting: SettingMetadata;
  /** Real values: never log or return them without `displayValue` (secrets). */
  from: unknown;
  to: unknown;
  source: ConfigSource;
}

/** What Reloadable services receive: the changed fields, by environment variable name. */
export class ConfigDiff {
  private readonly byEnv: ReadonlyMap<string, ConfigChange>;

  constructor(readonly changes: readonly ConfigChange[]) {
    this.byEnv = new Map(changes.map((c) => [c.env, c]));
  }

  get empty(): boolean {
    return this.changes.length === 0;
  }

  has(env: string): boolean {
    return this.byEnv.has(env);
  }

  get(env: string): ConfigChange | undefined {
    return this.byEnv.get(env);
  }

  /** Changed fields that are not flagged dynamic: applying them needs a restart. */
  staticChanges(): ConfigChange[] {
    return this.changes.filter((c) => !c.setting.dynamic);
  }

  names(): string[] {
    return this.changes.map((c) => c.env);
  }
}
