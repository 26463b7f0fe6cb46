import { existsSync, readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { validateSync } from 'class-validator';
import { ConfigError, FieldError } from '../errors';
import { readConfigFile } from './config-file';
import { SettingMetadata, settingsOf } from './setting.decorator';
import { REDACTED, redactSettings } from './url-redaction';

/**
 * Where a field's effective value came from. Precedence, lowest first: defaults < configuration
 * file (CONFIG_FILE) < .env file < environment < programmatic overrides. Tenant and instance
 * layers will slot in as further feeders (base < instance < tenant) without changing this shape.
 */
export type ConfigSource = 'default' | 'file' | 'dotenv' | 'env' | 'override' | LayerSource;
/** The base layer's feeders, lowest precedence first. */
export const CONFIG_SOURCES: readonly ConfigSource[] = ['default', 'file', 'dotenv', 'env', 'override'];
/** Layers above the base feeders (see layered-config.ts): base < instance < tenant. */
export type LayerSource = 'instance' | 'tenant';

/** One feeder's raw values, keyed by environment variable name. */
export interface FeederLayer {
  source: ConfigSource;
  values: Readonly<Record<string, unknown>>;
}

export interface LoadedConfig<T> {
  config: T;
  /** Winning feeder per field, keyed by environment variable name. */
  provenance: Record<string, ConfigSource>;
}

export interface LoadOptions {
  /** Process environment; defaults to `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Path of a .env file read below the environment; `false` disables it. Default `.env`. */
  envFile?: string | false;
  /**
   * Configuration file (YAML or JSON); `false` disables it. Default: the CONFIG_FILE value found
   * in the overrides, the environment or the .env file, in that order.
   */
  configFile?: string | false;
  /** Programmatic overrides by environment variable name, highest precedence (tests, embedding). */
  overrides?: Record<string, unknown>;
}

export type Problem = FieldError & { source: string };

/** Optional per-class hook: cross-field rules class-validator cannot express. */
export interface ValidatesConfig {
  /** Problems keyed by environment variable name; an empty list means valid. */
  validateConfig(): FieldError[];
}

export interface Feeders {
  layers: FeederLayer[];
  /** Configuration file actually read, if any. */
  configFile?: string;
  problems: Problem[];
}

/** Reads every feeder once (file, .env, environment, overrides), lowest precedence first. */
export function readFeeders(options: LoadOptions = {}): Feeders {
  const env = options.env ?? process.env;
  const dotenv = readDotenv(options.envFile);
  const overrides = options.overrides ?? {};
  const layers: FeederLayer[] = [];
  const problems: Problem[] = [];
  const configFile =
    options.configFile === false
      ? undefined
      : (options.configFile ?? nonEmpty(overrides.CONFIG_FILE) ?? nonEmpty(env.CONFIG_FILE) ?? nonEmpty(dotenv.CONFIG_FILE));
  if (configFile) {
    const file = readConfigFile(configFile);
    layers.push({ source: 'file', values: file.values });
    problems.push(...file.problems);
  }
  layers.push({ source: 'dotenv', values: dotenv }, { source: 'env', values: env }, { source: 'override', values: overrides });
  return { layers, configFile, problems };
}

/**
 * Builds a configuration object from its feeders, converts strings to the declared types and
 * validates the result. Every problem is collected, then reported at once in a single ConfigError.
 */
export function loadConfig<T extends object>(configClass: new () => T, options: LoadOptions = {}): LoadedConfig<T> {
  const feeders = readFeeders(options);
  const { config, provenance, problems } = collect(configClass, feeders.layers);
  const all = [...feeders.problems, ...problems];
  if (all.length > 0) throw configError(all);
  return { config, provenance };
}

/** Merges, converts and validates one configuration class, returning its problems instead of throwing. */
export function collect<T extends object>(
  configClass: new () => T,
  layers: readonly FeederLayer[],
): LoadedConfig<T> & { problems: Problem[] } {
  const config = new configClass();
  const target = config as Record<string, unknown>;
  const provenance: Record<string, ConfigSource> = {};
  const problems: Problem[] = [];
  const settings = settingsOf(configClass);

  for (const setting of settings) {
    provenance[setting.env] = 'default';
    for (const { source, values } of layers) {
      const raw = values[setting.env];
      if (raw === undefined || raw === null || raw === '') continue;
      const converted = convert(setting, raw);
      if (converted.ok) {
        target[setting.property] = converted.value;
        provenance[setting.env] = source;
      } else {
        problems.push({ field: setting.env, source, reason: converted.reason });
      }
    }
    const value = target[setting.property];
    if (setting.required && (value === undefined || value === null || value === '')) {
      problems.push({ field: setting.env, source: provenance[setting.env], reason: 'is required but no feeder sets it' });
    }
  }

  const byProperty = new Map(settings.map((s) => [s.property, s]));
  for (const error of validateSync(config, { forbidUnknownValues: false })) {
    const setting = byProperty.get(error.property);
    for (const message of Object.values(error.constraints ?? {})) {
      const field = setting?.env ?? error.property;
      problems.push({
        field,
        source: provenance[field] ?? 'default',
        reason: message.replace(new RegExp(`^${error.property}\\s`), ''),
      });
    }
  }

  // The custom hook runs only on values that passed the field rules, so it sees well-typed data.
  if (problems.length === 0 && typeof (config as Partial<ValidatesConfig>).validateConfig === 'function') {
    for (const problem of (config as unknown as ValidatesConfig).validateConfig()) {
      problems.push({ ...problem, source: provenance[problem.field] ?? 'default' });
    }
  }

  return { config, provenance, problems };
}

export function configError(problems: Problem[]): ConfigError {
  const lines = problems.map((p) => `${p.field} (from ${p.source}): ${p.reason}`);
  return new ConfigError(`Invalid configuration:\n  ${lines.join('\n  ')}`, problems);
}

/** The .env file (default `.env` in the working directory), or nothing. */
export function readDotenv(path: string | false = '.env'): Record<string, string> {
  if (path === false || !existsSync(path)) return {};
  return parseEnv(readFileSync(path, 'utf8')) as Record<string, string>;
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

type Conversion = { ok: true; value: unknown } | { ok: false; reason: string };

const TRUE = new Set(['true', '1', 'yes', 'on']);
const FALSE = new Set(['false', '0', 'no', 'off']);

function convert(setting: SettingMetadata, raw: unknown): Conversion {
  // Non-strings (YAML/JSON scalars, programmatic overrides) keep their type; the validators judge them.
  if (typeof raw !== 'string') return { ok: true, value: raw };
  const text = raw.trim();
  switch (setting.type) {
    case 'number': {
      if (!/^-?\d+(\.\d+)?$/.test(text)) return { ok: false, reason: 'must be a number' };
      return { ok: true, value: Number(text) };
    }
    case 'boolean': {
      const lower = text.toLowerCase();
      if (TRUE.has(lower)) return { ok: true, value: true };
      if (FALSE.has(lower)) return { ok: true, value: false };
      return { ok: false, reason: 'must be true or false' };
    }
    default:
      return { ok: true, value: text };
  }
}

/** A value as it may appear in a log, a response or a diff: secrets replaced, URLs without userinfo or query values. */
export function displayValue(setting: SettingMetadata, value: unknown): unknown {
  if (setting.secret && value !== undefined) return REDACTED;
  return typeof value === 'string' ? redactSettings(value) : value;
}

/** The effective values with secrets replaced, safe to log or return. */
export function redactedView<T extends object>(configClass: new () => T, config: T): Record<string, unknown> {
  const view: Record<string, unknown> = {};
  for (const setting of settingsOf(configClass)) {
    view[setting.env] = displayValue(setting, (config as Record<string, unknown>)[setting.property]);
  }
  return view;
}
