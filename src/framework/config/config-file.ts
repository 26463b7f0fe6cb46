import { existsSync, readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parse as parseYaml } from 'yaml';

/**
 * The configuration file feeder (path in CONFIG_FILE), YAML or JSON. Keys are environment
 * variable names, either flat (`PORT: 8080`) or grouped in sections whose names join with `_`
 * (`db: { poolSize: 20 }` feeds DB_POOL_SIZE; camelCase and kebab-case keys become SNAKE_CASE).
 */
export interface ConfigFileContent {
  values: Record<string, unknown>;
  /** Problems reading or parsing the file (reported like any other configuration problem). */
  problems: Array<{ field: string; source: 'file'; reason: string }>;
}

export function readConfigFile(path: string): ConfigFileContent {
  if (!existsSync(path)) {
    return { values: {}, problems: [{ field: 'CONFIG_FILE', source: 'file', reason: `file ${path} does not exist` }] };
  }
  let parsed: unknown;
  try {
    const text = readFileSync(path, 'utf8');
    parsed = extname(path).toLowerCase() === '.json' ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    const reason = `cannot parse ${path}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
    return { values: {}, problems: [{ field: 'CONFIG_FILE', source: 'file', reason }] };
  }
  if (parsed === null || parsed === undefined) return { values: {}, problems: [] };
  if (!isPlainObject(parsed)) {
    return { values: {}, problems: [{ field: 'CONFIG_FILE', source: 'file', reason: `${path} must hold a mapping of settings` }] };
  }
  const values: Record<string, unknown> = {};
  flatten(parsed, '', values);
  return { values, problems: [] };
}

/** `poolSize` → `POOL_SIZE`, `data-dir` → `DATA_DIR`, `PORT` stays. */
export function envKey(key: string): string {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[-.\s]+/g, '_')
    .toUpperCase();
}

function flatten(section: Record<string, unknown>, prefix: string, out: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(section)) {
    const name = prefix + envKey(key);
    if (isPlainObject(value)) flatten(value, `${name}_`, out);
    else out[name] = value;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
