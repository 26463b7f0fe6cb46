import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IsInt, IsOptional, IsString, Min } from 'class-validator';
import { AppConfig, ConfigSet, loadConfig, Setting } from '../../../../src/framework/config';
import { ConfigError, FieldError } from '../../../../src/framework/errors';

function file(name: string, content: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'cfg-')), name);
  writeFileSync(path, content);
  return path;
}

class QueueConfig {
  @Setting({ env: 'QUEUE_URL', description: 'Queue endpoint.', required: true, secret: true })
  @IsOptional()
  @IsString()
  queueUrl?: string;

  @Setting({ env: 'QUEUE_MIN_WORKERS', description: 'Fewest workers.', dynamic: true })
  @IsInt()
  @Min(1)
  minWorkers: number = 1;

  @Setting({ env: 'QUEUE_MAX_WORKERS', description: 'Most workers.', dynamic: true })
  @IsInt()
  @Min(1)
  maxWorkers: number = 4;

  /** Cross-field rule: the custom validator hook. */
  validateConfig(): FieldError[] {
    return this.minWorkers > this.maxWorkers ? [{ field: 'QUEUE_MIN_WORKERS', reason: 'must not exceed QUEUE_MAX_WORKERS' }] : [];
  }
}

const CLASSES = [AppConfig, QueueConfig];

describe('configuration feeders', () => {
  it('records which feeder supplied each field: default < file < .env < environment < override', () => {
    const configFile = file(
      'config.yaml',
      ['PORT: 4000', 'HOST: 10.0.0.1', 'LOG_LEVEL: warn', 'DB_POOL_SIZE: 7', 'queue:', '  url: amqp://file', '  maxWorkers: 9'].join('\n'),
    );
    const envFile = file('.env', 'HOST=10.0.0.2\nLOG_LEVEL=error\n');
    const configs = ConfigSet.load(CLASSES, {
      env: { LOG_LEVEL: 'debug', CONFIG_FILE: configFile, QUEUE_URL: 'amqp://env' },
      envFile,
      overrides: { DB_POOL_SIZE: 3 },
    });
    expect(configs.get(AppConfig)).toMatchObject({ port: 4000, host: '10.0.0.2', logLevel: 'debug', dbPoolSize: 3, bodyLimitBytes: 5242880 });
    expect(configs.get(QueueConfig)).toMatchObject({ queueUrl: 'amqp://env', maxWorkers: 9, minWorkers: 1 });
    expect(configs.provenance).toMatchObject({
      BODY_LIMIT_BYTES: 'default',
      PORT: 'file',
      QUEUE_MAX_WORKERS: 'file',
      HOST: 'dotenv',
      LOG_LEVEL: 'env',
      QUEUE_URL: 'env',
      DB_POOL_SIZE: 'override',
    });
    expect(configs.configFile).toBe(configFile);
  });

  it('reads JSON files, flat or in sections', () => {
    const configFile = file('config.json', JSON.stringify({ PORT: 4100, queue: { url: 'amqp://json', 'min-workers': 2 } }));
    const configs = ConfigSet.load(CLASSES, { env: {}, envFile: false, configFile });
    expect(configs.get(AppConfig).port).toBe(4100);
    expect(configs.get(QueueConfig)).toMatchObject({ queueUrl: 'amqp://json', minWorkers: 2 });
  });

  it('collects every problem, from every feeder and the custom validator, in one ConfigError', () => {
    const configFile = file('config.yaml', 'PORT: eighty\nQUEU_URL: typo\nQUEUE_MIN_WORKERS: 5\nQUEUE_MAX_WORKERS: 2\n');
    const attempt = () => ConfigSet.load(CLASSES, { env: { LOG_LEVEL: 'loud' }, envFile: false, configFile });
    expect(attempt).toThrow(ConfigError);
    const problems = (() => {
      try {
        attempt();
      } catch (error) {
        return (error as ConfigError).problems;
      }
      return [];
    })();
    expect(problems).toEqual(
      expect.arrayContaining([
        { field: 'PORT', source: 'file', reason: 'must be a number' },
        expect.objectContaining({ field: 'LOG_LEVEL', source: 'env' }),
        { field: 'QUEUE_URL', source: 'default', reason: 'is required but no feeder sets it' },
        { field: 'QUEU_URL', source: 'file', reason: 'is not a known setting' },
      ]),
    );
  });

  it('runs the custom validator once the fields are valid', () => {
    const attempt = () =>
      ConfigSet.load([QueueConfig], { env: { QUEUE_URL: 'amqp://x', QUEUE_MIN_WORKERS: '5', QUEUE_MAX_WORKERS: '2' }, envFile: false });
    expect(attempt).toThrow('QUEUE_MIN_WORKERS (from env): must not exceed QUEUE_MAX_WORKERS');
  });

  it('reports an unreadable configuration file as a problem of CONFIG_FILE', () => {
    const broken = file('config.yaml', 'PORT: [unclosed\n');
    expect(() => ConfigSet.load([AppConfig], { env: {}, envFile: false, configFile: broken })).toThrow(/CONFIG_FILE \(from file\): cannot parse/);
    expect(() => ConfigSet.load([AppConfig], { env: { CONFIG_FILE: '/nonexistent/config.yaml' }, envFile: false })).toThrow(
      'CONFIG_FILE (from file): file /nonexistent/config.yaml does not exist',
    );
  });

  it('redacts secrets in the provenance view and never echoes them in errors', () => {
    const configs = ConfigSet.load(CLASSES, {
      env: { DATABASE_URL: 'postgres://app:hunter2@db/app', QUEUE_URL: 'amqp://user:s3cret@mq' },
      envFile: false,
    });
    const view = configs.view();
    expect(view.find((e) => e.env === 'DATABASE_URL')).toMatchObject({ value: '[REDACTED]', source: 'env', secret: true });
    expect(view.find((e) => e.env === 'QUEUE_URL')).toMatchObject({ value: '[REDACTED]', required: true });
    expect(view.find((e) => e.env === 'PORT')).toMatchObject({ value: 3000, source: 'default', secret: false });
    expect(JSON.stringify(view)).not.toMatch(/hunter2|s3cret/);

    const badSecret = () => loadConfig(AppConfig, { env: { DATABASE_URL: 'mysql://root:hunter2@db' }, envFile: false });
    expect(badSecret).toThrow('DATABASE_URL (from env): must be a postgres:// or postgresql:// URL');
    expect(badSecret).not.toThrow(/hunter2/);
  });

  it('diffs a re-read configuration and applies it into the live instances', () => {
    const env: Record<string, string> = { QUEUE_URL: 'amqp://x' };
    const configs = ConfigSet.load(CLASSES, { env, envFile: false });
    const live = configs.get(QueueConfig);
    env.QUEUE_MAX_WORKERS = '8';
    env.PORT = '3001';
    const next = configs.reread();
    const diff = configs.diff(next);
    expect(diff.names()).toEqual(['PORT', 'QUEUE_MAX_WORKERS']);
    expect(diff.staticChanges().map((c) => c.env)).toEqual(['PORT']);
    configs.apply(diff, 'to', next.provenance);
    expect(live.maxWorkers).toBe(8);
    expect(configs.provenance.QUEUE_MAX_WORKERS).toBe('env');
    configs.apply(diff, 'from', { QUEUE_MAX_WORKERS: 'default', PORT: 'default' });
    expect(live.maxWorkers).toBe(4);
    expect(configs.provenance.QUEUE_MAX_WORKERS).toBe('default');
  });
});
