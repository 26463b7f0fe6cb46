import { existsSync, readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { validateSync } from 'class-validator';
import { ConfigError } from '../errors';
import { SettingMetadata, settingsOf } from './setting.decorator';

/** Where a field's effective value came from, lowest precedence first. */
export type ConfigSource = 'default' | 'dotenv' | 'env' | 'override';

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
  /** Programmatic overrides by environment variable name, highest precedence (tests, embedding). */
  overrides?: Record<string, unknown>;
}

/**
 * Builds a configuration object from its feeders (defaults < .env file < environment <
 * overrides), converts strings to the declared types and validates the result. Every problem is
 * collected, then reported at once in a single ConfigError.
 */
export function loadConfig<T extends object>(configClass: new () => T, options: LoadOptions = {}): LoadedConfig<T> {
  const { config, provenance, problems } = collect(configClass, options, readDotenv(options.envFile));
  if (problems.length > 0) throw configError(problems);
  return { config, provenance };
}

type Problem = NonNullable<ConstructorParameters<typeof ConfigError>[1]>[number];

/** Reads, converts and validates one configuration class, returning its problems instead of throwing. */
export function collect<T extends object>(
  configClass: new () => T,
  options: LoadOptions,
  dotenv: Record<string, string>,
): LoadedConfig<T> & { problems: Problem[] } {
  const env = options.env ?? process.env;
  const config = new configClass();
  const target = config as Record<string, unknown>;
  const provenance: Record<string, ConfigSource> = {};
  const problems: Problem[] = [];

  for (const setting of settingsOf(configClass)) {
    provenance[setting.env] = 'default';
    const layers: Array<[ConfigSource, unknown]> = [
      ['dotenv', dotenv[setting.env]],
      ['env', env[setting.env]],
      ['override', options.overrides?.[setting.env]],
    ];
    for (const [source, raw] of layers) {
      if (raw === undefined || raw === '') continue;
      const converted = convert(setting, raw);
      if (converted.ok) {
        target[setting.property] = converted.value;
        provenance[setting.env] = source;
      } else {
        problems.push({ field: setting.env, source, reason: converted.reason });
      }
    }
  }

  const byProperty = new Map(settingsOf(configClass).map((s) => [s.property, s]));
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

type Conversion = { ok: true; value: unknown } | { ok: false; reason: string };

const TRUE = new Set(['true', '1', 'yes', 'on']);
const FALSE = new Set(['false', '0', 'no', 'off']);

function convert(setting: SettingMetadata, raw: unknown): Conversion {
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

/** The effective values with secrets replaced, safe to log or return. */
export function redactedView<T extends object>(configClass: new () => T, config: T): Record<string, unknown> {
  const view: Record<string, unknown> = {};
  for (const setting of settingsOf(configClass)) {
    const value = (config as Record<string, unknown>)[setting.property];
    view[setting.env] = setting.secret && value !== undefined ? '[REDACTED]' : value;
  }
  return view;
}
