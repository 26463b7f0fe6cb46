import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppConfig, loadConfig, redactedView } from '../../../../src/framework/config';
import { ConfigError } from '../../../../src/framework/errors';

function dotenv(content: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'cfg-')), '.env');
  writeFileSync(file, content);
  return file;
}

describe('loadConfig', () => {
  it('uses the defaults when no feeder says anything', () => {
    const { config, provenance } = loadConfig(AppConfig, { env: {}, envFile: false });
    expect(config.port).toBe(3000);
    expect(config.bodyLimitBytes).toBe(5 * 1024 * 1024);
    expect(config.databaseUrl).toBeUndefined();
    expect(provenance.PORT).toBe('default');
  });

  it('applies defaults < .env < environment < overrides and records which feeder won', () => {
    const envFile = dotenv('PORT=4000\nLOG_LEVEL=debug\nHOST=127.0.0.1\n');
    const { config, provenance } = loadConfig(AppConfig, {
      env: { PORT: '5000', DB_MIGRATIONS_RUN: 'false' },
      envFile,
      overrides: { HOST: '::1' },
    });
    expect(config).toMatchObject({ port: 5000, logLevel: 'debug', host: '::1', dbMigrationsRun: false });
    expect(provenance).toMatchObject({ PORT: 'env', LOG_LEVEL: 'dotenv', HOST: 'override', DB_MIGRATIONS_RUN: 'env', BODY_LIMIT_BYTES: 'default' });
  });

  it('collects every problem with its field and source in one ConfigError', () => {
    const attempt = () =>
      loadConfig(AppConfig, {
        env: { PORT: 'eighty', DB_MIGRATIONS_RUN: 'maybe', LOG_LEVEL: 'loud', DATABASE_URL: 'mysql://secret-pw@db/x' },
        envFile: false,
      });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (error) {
      const problems = (error as ConfigError).problems;
      expect(problems).toEqual(
        expect.arrayContaining([
          { field: 'PORT', source: 'env', reason: 'must be a number' },
          { field: 'DB_MIGRATIONS_RUN', source: 'env', reason: 'must be true or false' },
          expect.objectContaining({ field: 'LOG_LEVEL', source: 'env' }),
          { field: 'DATABASE_URL', source: 'env', reason: 'must be a postgres:// or postgresql:// URL' },
        ]),
      );
      // The offending secret value is never echoed back.
      expect((error as ConfigError).message).not.toContain('secret-pw');
    }
  });

  it('redacts secret fields in the effective view', () => {
    const { config } = loadConfig(AppConfig, { env: { DATABASE_URL: 'postgres://app:hunter2@db:5432/app' }, envFile: false });
    const view = redactedView(AppConfig, config);
    expect(view.DATABASE_URL).toBe('[REDACTED]');
    expect(JSON.stringify(view)).not.toContain('hunter2');
    expect(view.PORT).toBe(3000);
  });
});
