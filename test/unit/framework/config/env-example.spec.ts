import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { CONFIG_CLASSES } from '../../../../src/config-classes';
import { settingsOf } from '../../../../src/framework/config';
import { ROOT } from '../../../support/paths';

const SETTINGS = CONFIG_CLASSES.flatMap((configClass) => settingsOf(configClass));

/** .env.example is the documentation of every variable: it must list exactly the declared settings. */
describe('.env.example', () => {
  const text = readFileSync(join(ROOT, '.env.example'), 'utf8');
  const documented = new Set(
    text
      .split('\n')
      .map((line) => /^#?\s*([A-Z][A-Z0-9_]+)=/.exec(line)?.[1])
      .filter((name): name is string => name !== undefined),
  );

  it('documents every setting, with its description on the line above', () => {
    for (const setting of SETTINGS) {
      expect({ env: setting.env, documented: documented.has(setting.env) }).toEqual({ env: setting.env, documented: true });
      const lines = text.split('\n');
      const index = lines.findIndex((line) => new RegExp(`^#?\\s*${setting.env}=`).test(line));
      expect(lines[index - 1]).toContain(setting.description.slice(0, 30));
    }
  });

  it('documents nothing that is not a setting', () => {
    const declared = new Set(SETTINGS.map((s) => s.env));
    expect([...documented].filter((name) => !declared.has(name))).toEqual([]);
  });

  it('holds no secret value', () => {
    const values = parseEnv(text);
    for (const setting of SETTINGS.filter((s) => s.secret)) expect(values[setting.env]).toBeUndefined();
  });
});
