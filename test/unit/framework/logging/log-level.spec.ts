import { PinoLogger } from 'nestjs-pino';
import pino from 'pino';
import { logLevelEnabled } from '../../../../src/framework/logging/log-level';

describe('logLevelEnabled', () => {
  const holder = PinoLogger as unknown as { root?: pino.Logger };
  const saved = holder.root;
  afterEach(() => {
    holder.root = saved;
  });

  it('follows the root logger level, also after a change (LOG_LEVEL reload)', () => {
    const root = pino({ level: 'warn' }, { write: () => undefined });
    holder.root = root;
    expect(logLevelEnabled('debug')).toBe(false);
    expect(logLevelEnabled('warn')).toBe(true);
    root.level = 'debug';
    expect(logLevelEnabled('debug')).toBe(true);
  });

  it('says yes without a root logger (Nest logger only), so the line reaches the logger as before', () => {
    holder.root = undefined;
    expect(logLevelEnabled('debug')).toBe(true);
  });
});
