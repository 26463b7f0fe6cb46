import { IsInt, IsOptional, IsString, Min } from 'class-validator';
import { ConfigDiff, ConfigSet, Setting } from '../../../../../src/framework/config';
import { ConfigReloadEvent, ConfigReloadEvents, ConfigReloadService } from '../../../../../src/framework/config/reload';
import { ConflictError, LifecycleError } from '../../../../../src/framework/errors';
import type { LifecycleService, Participant } from '../../../../../src/framework/lifecycle';

class WorkerConfig {
  @Setting({ env: 'WORKERS', description: 'Worker concurrency.', dynamic: true })
  @IsInt()
  @Min(1)
  workers: number = 2;

  @Setting({ env: 'RATE_LIMIT', description: 'Requests per second.', dynamic: true })
  @IsInt()
  rateLimit: number = 10;

  @Setting({ env: 'PARTNER_TOKEN', description: 'Token for the partner API.', dynamic: true, secret: true })
  @IsOptional()
  @IsString()
  partnerToken?: string;

  @Setting({ env: 'LISTEN_PORT', description: 'Port.' })
  @IsInt()
  port: number = 80;
}

function setup(modules: Participant[]) {
  const env: Record<string, string> = {};
  const configs = ConfigSet.load([WorkerConfig], { env, envFile: false });
  const lifecycle = { startedInOrder: () => modules } as unknown as LifecycleService;
  const events = new ConfigReloadEvents();
  const seen: ConfigReloadEvent[] = [];
  events.subscribe('test', (e) => void seen.push(e));
  return { env, configs, live: configs.get(WorkerConfig), service: new ConfigReloadService(configs, lifecycle, events), events, seen };
}

describe('ConfigReloadService', () => {
  it('applies dynamic changes, then calls reload(diff) on Reloadable modules in start order', async () => {
    const calls: string[] = [];
    const reloadable = (name: string): Participant => ({
      name,
      instance: Object.assign({ start: async () => undefined }, { reload: async (diff: ConfigDiff) => void calls.push(`${name}:${diff.names().join(',')}`) }),
    });
    const { env, live, service, events, seen } = setup([reloadable('scheduler'), { name: 'plain', instance: {} }, reloadable('pipeline')]);
    env.WORKERS = '6';
    const result = await service.reload();
    expect(live.workers).toBe(6);
    expect(calls).toEqual(['scheduler:WORKERS', 'pipeline:WORKERS']);
    expect(result).toMatchObject({ changed: [{ env: 'WORKERS', from: 2, to: 6, source: 'env' }], reloaded: ['scheduler', 'pipeline'] });
    expect((await service.reload()).changed).toEqual([]);
    expect(calls).toHaveLength(2);
    await events.idle();
    expect(seen.map((e) => e.type)).toEqual(['ConfigReloadStarted', 'ConfigReloadCompleted', 'ConfigReloadStarted', 'ConfigReloadNoop']);
  });

  it('refuses a static change with nothing applied, even alongside dynamic ones', async () => {
    const { env, live, service } = setup([]);
    env.WORKERS = '6';
    env.LISTEN_PORT = '8080';
    await expect(service.reload()).rejects.toThrow(new ConflictError('restart required: LISTEN_PORT cannot change at runtime; nothing was applied'));
    expect(live).toMatchObject({ workers: 2, port: 80 });
  });

  it('stops at the first failing module, restores the previous values, and a retry applies the same diff again', async () => {
    const calls: string[] = [];
    let failures = 1;
    const modules: Participant[] = [
      { name: 'scheduler', instance: Object.assign({}, { reload: async () => void calls.push('scheduler') }) },
      {
        name: 'rate-limiter',
        instance: Object.assign({}, {
          reload: async () => {
            calls.push('rate-limiter');
            if (failures-- > 0) throw new Error('token bucket locked');
          },
        }),
      },
      { name: 'pipeline', instance: Object.assign({}, { reload: async () => void calls.push('pipeline') }) },
    ];
    const { env, configs, live, service, events, seen } = setup(modules);
    env.RATE_LIMIT = '50';
    const failure = await service.reload().catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(LifecycleError);
    expect((failure as LifecycleError).causeChain()).toEqual([
      'LifecycleError: module "rate-limiter" failed to reload: token bucket locked',
      'Error: token bucket locked',
    ]);
    expect((failure as LifecycleError).extensions).toMatchObject({ reloaded: ['scheduler'], notReloaded: ['pipeline'] });
    expect(calls).toEqual(['scheduler', 'rate-limiter']);
    expect(live.rateLimit).toBe(10);
    expect(configs.provenance.RATE_LIMIT).toBe('default');
    await events.idle();
    expect(seen.at(-1)).toMatchObject({ type: 'ConfigReloadCompleted', success: false, changed: ['RATE_LIMIT'], error: expect.stringContaining('rate-limiter') });

    const retry = await service.reload();
    expect(retry.reloaded).toEqual(['scheduler', 'rate-limiter', 'pipeline']);
    expect(live.rateLimit).toBe(50);
  });

  it('applies a dynamic secret but shows it redacted in the result and the events', async () => {
    const { env, live, service, events, seen } = setup([]);
    env.PARTNER_TOKEN = 'tok-hunter2';
    const result = await service.reload();
    expect(live.partnerToken).toBe('tok-hunter2');
    expect(result.changed).toEqual([{ env: 'PARTNER_TOKEN', from: undefined, to: '[REDACTED]', source: 'env' }]);
    await events.idle();
    expect(JSON.stringify(seen)).not.toContain('hunter2');
  });

  it('runs reloads one at a time', async () => {
    const order: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { env, service } = setup([
      {
        name: 'slow',
        instance: Object.assign({}, {
          reload: async (diff: ConfigDiff) => {
            order.push(`begin ${diff.names().join(',')}`);
            if (diff.has('WORKERS')) await gate;
            order.push(`end ${diff.names().join(',')}`);
          },
        }),
      },
    ]);
    env.WORKERS = '3';
    const first = service.reload();
    await new Promise((resolve) => setImmediate(resolve));
    env.RATE_LIMIT = '20';
    const second = service.reload();
    release();
    await Promise.all([first, second]);
    expect(order).toEqual(['begin WORKERS', 'end WORKERS', 'begin RATE_LIMIT', 'end RATE_LIMIT']);
  });
});
