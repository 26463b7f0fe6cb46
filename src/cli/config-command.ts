import { writeFileSync } from 'node:fs';
import { CONFIG_CLASSES } from '../config-classes';
import { configSample } from '../framework/config';

const USAGE = 'usage: config:sample [file] (default config.sample.yaml; "-" prints to stdout)';

/** `config:sample [file]`: writes a sample YAML configuration file generated from the configuration classes. */
export async function runConfigSampleCommand(args: string[], write: (line: string) => void): Promise<number> {
  if (args.length > 1 || args.some((a) => a.startsWith('--'))) {
    write(USAGE);
    return 2;
  }
  const target = args[0] ?? 'config.sample.yaml';
  const sample = configSample(CONFIG_CLASSES);
  if (target === '-') {
    write(sample.trimEnd());
    return 0;
  }
  writeFileSync(target, sample);
  write(`wrote ${target}: ${CONFIG_CLASSES.length} configuration class(es); set CONFIG_FILE=${target} to use it`);
  return 0;
}
