import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { runConfigSampleCommand } from '../../../../src/cli/config-command';
import { CONFIG_CLASSES } from '../../../../src/config-classes';
import { ConfigSet, configSample, settingsOf } from '../../../../src/framework/config';

describe('config:sample', () => {
  it('writes a YAML file with every setting described, that loads back to the defaults', async () => {
    const target = join(mkdtempSync(join(tmpdir(), 'sample-')), 'config.yaml');
    const output: string[] = [];
    expect(await runConfigSampleCommand([target], (line) => output.push(line))).toBe(0);
    expect(output.join('\n')).toContain(`wrote ${target}`);
    const text = readFileSync(target, 'utf8');

    for (const setting of CONFIG_CLASSES.flatMap((c) => settingsOf(c))) {
      const lines = text.split('\n');
      const index = lines.findIndex((line) => new RegExp(`^#?\\s*${setting.env}:`).test(line));
      expect({ env: setting.env, found: index >= 0 }).toEqual({ env: setting.env, found: true });
      expect(lines[index - 1]).toContain(setting.description);
      // Secrets never get a value in the sample.
      if (setting.secret) expect(lines[index]).toBe(`# ${setting.env}:`);
    }

    const fromFile = ConfigSet.load(CONFIG_CLASSES, { env: {}, envFile: false, configFile: target });
    const defaults = ConfigSet.load(CONFIG_CLASSES, { env: {}, envFile: false });
    for (const [configClass] of defaults.entries()) expect(fromFile.get(configClass)).toEqual(defaults.get(configClass));
    expect(fromFile.provenance.PORT).toBe('file');
    expect(fromFile.provenance.DATABASE_URL).toBe('default');
  });

  it('marks dynamic and secret fields', () => {
    const sample = parse(configSample(CONFIG_CLASSES)) as Record<string, unknown>;
    expect(sample.LOG_LEVEL).toBe('info');
    expect(sample).not.toHaveProperty('DATABASE_URL');
    expect(configSample(CONFIG_CLASSES)).toContain('# Log level: fatal, error, warn, info, debug, trace, silent. [dynamic]');
  });
});
