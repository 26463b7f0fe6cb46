import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { REQUEST_LOG_OPTIONS } from '../../../../src/framework/logging/logging.module';
import { REDACTED_PATHS } from '../../../../src/framework/logging/redaction';
import { createRequestLogger } from '../../../../src/framework/logging/request-logger';

type Line = Record<string, unknown>;

/** A root logger as nestjs-pino builds it (its pino-http instance's), writing into `lines`. */
function rootWith(level: string, lines: Line[]) {
  const options = { level, base: { pid: 1, hostname: 'h', instanceId: 'i' }, redact: { paths: REDACTED_PATHS, censor: '[REDACTED]' }, ...REQUEST_LOG_OPTIONS };
  return pinoHttp(options, { write: (line: string) => void lines.push(JSON.parse(line) as Line) } as never);
}

function exchange(id: string, url = '/api/v1/invoices?wait=true') {
  const req = Object.assign(new EventEmitter(), {
    method: 'POST',
    url,
    id,
    headers: { authorization: 'Bearer secret-token', 'x-api-key': 'k' },
    socket: { remoteAddress: '127.0.0.1', remotePort: 1 },
    readableAborted: false,
  }) as unknown as IncomingMessage & { log: Logger };
  const res = Object.assign(new EventEmitter(), { statusCode: 200, writableEnded: false, getHeaders: () => ({}) }) as unknown as ServerResponse & { statusCode: number; writableEnded: boolean; err?: Error };
  return { req, res };
}

/** The same lines, time, response time and the stack's line numbers aside. */
const comparable = (lines: Line[]) =>
  lines.map(({ time: _time, responseTime, err, ...rest }) => ({
    ...rest,
    responseTime: typeof responseTime,
    ...(err ? { err: { ...(err as Line), stack: String((err as Line).stack).split('\n')[0] } } : {}),
  }));

type Scenario = (req: IncomingMessage & { log: Logger }, res: ServerResponse & { statusCode: number; writableEnded: boolean; err?: Error }) => void;

const SCENARIOS: Record<string, Scenario> = {
  'a line inside the request, then 200': (req, res) => {
    req.log.warn({ context: 'Security', password: 'p', nested: { token: 't' } }, 'inside');
    res.writableEnded = true;
    res.emit('finish');
  },
  'a child logger inside the request, then 404': (req, res) => {
    req.log.child({ runId: 'r-1' }).error({ apiKey: 'a' }, 'child line');
    res.statusCode = 404;
    res.writableEnded = true;
    res.emit('finish');
  },
  '500 with the error on the response': (_req, res) => {
    res.statusCode = 500;
    res.err = new Error('boom');
    res.writableEnded = true;
    res.emit('finish');
  },
  'a stream error': (_req, res) => {
    res.emit('error', new Error('socket gone'));
  },
  'closed before the response ended': (_req, res) => {
    res.emit('close');
  },
};

describe('request logger', () => {
  for (const [name, scenario] of Object.entries(SCENARIOS)) {
    for (const level of ['info', 'warn']) {
      it(`writes what pino-http wrote (${name}, LOG_LEVEL=${level})`, () => {
        const before: Line[] = [];
        const pinoHttpMiddleware = rootWith(level, before);
        const old = exchange('corr-1');
        pinoHttpMiddleware(old.req, old.res);
        scenario(old.req, old.res);

        const after: Line[] = [];
        const root = rootWith(level, after).logger as unknown as Logger;
        const now = exchange('corr-1');
        createRequestLogger(root, REQUEST_LOG_OPTIONS)(now.req, now.res);
        scenario(now.req, now.res);

        expect(comparable(after)).toEqual(comparable(before));
        expect(JSON.stringify(after)).not.toMatch(/secret-token|"t"/);
      });
    }
  }

  it('makes no child logger for a request that writes nothing at the current level', () => {
    const lines: Line[] = [];
    const root = rootWith('warn', lines).logger as unknown as Logger;
    const child = jest.spyOn(root, 'child');
    const { req, res } = exchange('quiet');
    createRequestLogger(root, REQUEST_LOG_OPTIONS)(req, res);
    req.log.info('not written at warn');
    req.log.debug({ detail: 1 }, 'nor this');
    res.writableEnded = true;
    res.emit('finish');
    expect(child).not.toHaveBeenCalled();
    expect(lines).toEqual([]);
    // A line at the level makes it (pino-http's two children: the request, the correlation id), with the request's bindings.
    const second = exchange('loud');
    createRequestLogger(root, REQUEST_LOG_OPTIONS)(second.req, second.res);
    second.req.log.warn('written');
    second.req.log.warn('again');
    expect(child).toHaveBeenCalledTimes(2);
    expect(lines).toEqual(['written', 'again'].map((msg) => expect.objectContaining({ msg, correlationId: 'loud', req: { method: 'POST', url: '/api/v1/invoices?wait=true' } })));
  });

  it('logs a request once when a second logger sees it (the hook for the routes outside Nest)', () => {
    const lines: Line[] = [];
    const root = rootWith('info', lines).logger as unknown as Logger;
    const { req, res } = exchange('once', '/health/live');
    createRequestLogger(root, REQUEST_LOG_OPTIONS)(req, res);
    createRequestLogger(root, REQUEST_LOG_OPTIONS)(req, res);
    res.writableEnded = true;
    res.emit('finish');
    expect(lines.map((line) => line.msg)).toEqual(['request completed']);
  });
});
