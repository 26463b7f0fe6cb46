import { stringify } from 'yaml';
import type { ConfigClass } from './config-set';
import { settingsOf } from './setting.decorator';

/**
 * A sample configuration file (YAML) generated from the configuration classes: every setting with
 * its description and flags as comments and its default as the value. Settings without a default
 * and secrets are commented out (secrets never get a value in a file meant to be shared).
 */
export function configSample(classes: readonly ConfigClass[]): string {
  const lines = [
    '# Invoice service configuration file: point CONFIG_FILE at it.',
    '# Precedence: defaults < this file < .env < environment < programmatic overrides.',
    '# Keys are environment variable names; sections work too (`db: { poolSize: 20 }` feeds DB_POOL_SIZE).',
    '# Fields marked dynamic can change at runtime: POST /api/v1/admin/config/reload.',
  ];
  for (const configClass of classes) {
    const defaults = new configClass() as Record<string, unknown>;
    lines.push('', `# --- ${configClass.name} ---`);
    for (const setting of settingsOf(configClass)) {
      const flags = [setting.required && 'required', setting.dynamic && 'dynamic', setting.secret && 'secret'].filter(Boolean);
      lines.push('', `# ${setting.description}${flags.length > 0 ? ` [${flags.join(', ')}]` : ''}`);
      const value = defaults[setting.property];
      if (setting.secret) lines.push(`# ${setting.env}:`);
      else if (value === undefined) lines.push(`# ${setting.env}: ${setting.example === undefined ? '' : scalar(setting.example)}`.trimEnd());
      else lines.push(`${setting.env}: ${scalar(value)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

function scalar(value: unknown): string {
  return stringify(value).trimEnd();
}
