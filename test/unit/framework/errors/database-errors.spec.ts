import { QueryFailedError } from 'typeorm';
import {
  ConflictError,
  DependencyError,
  ForbiddenError,
  isDatabaseDataException,
  isDatabaseUnavailable,
  mapDatabaseError,
  NotFoundError,
  problemType,
  sendProblem,
  toProblem,
  ValidationError,
  withDatabaseErrors,
} from '../../../../src/framework/errors';

const ctx = { instance: '/api/v1/invoices', correlationId: 'corr-1' };
const coded = (message: string, code: string) => Object.assign(new Error(message), { code });
const queryFailed = (driverError: Error) => new QueryFailedError('SELECT 1', [], driverError);

describe('database error classification', () => {
  it.each([
    ['a refused connect', coded('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')],
    ['a reset socket', coded('read ECONNRESET', 'ECONNRESET')],
    ['admin shutdown (57P01) inside QueryFailedError', queryFailed(coded('terminating connection due to administrator command', '57P01'))],
    ['crash shutdown (57P02)', coded('terminating connection because of crash of another server process', '57P02')],
    ['cannot connect now (57P03)', coded('the database system is starting up', '57P03')],
    ['a connection exception (08006)', coded('connection failure', '08006')],
    ['too many connections (53300)', coded('sorry, too many clients already', '53300')],
    ['pg: Connection terminated unexpectedly', new Error('Connection terminated unexpectedly')],
    ['pg-pool: acquire timeout', new Error('timeout exceeded when trying to connect')],
    ['a dual-stack AggregateError', new AggregateError([coded('connect ECONNREFUSED ::1:5432', 'ECONNREFUSED')], 'connect failed')],
    ['a cause chain', new Error('tenant lookup failed', { cause: coded('connect ECONNREFUSED', 'ECONNREFUSED') })],
  ])('%s is "database unavailable"', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['a unique violation (23505)', queryFailed(coded('duplicate key value violates unique constraint', '23505'))],
    ['a syntax error (42601)', queryFailed(coded('syntax error at or near', '42601'))],
    ['a plain TypeError', new TypeError("Cannot read properties of undefined (reading 'x')")],
    ['a string', 'Connection terminated'],
    ['null', null],
  ])('%s is not', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });

  it('recognises data exceptions (class 22) but not division by zero', () => {
    expect(isDatabaseDataException(queryFailed(coded('value "2147483648" is out of range for type integer', '22003')))).toBe(true);
    expect(isDatabaseDataException(queryFailed(coded('invalid byte sequence for encoding "UTF8": 0x00', '22021')))).toBe(true);
    expect(isDatabaseDataException(queryFailed(coded('invalid input syntax for type uuid', '22P02')))).toBe(true);
    expect(isDatabaseDataException(queryFailed(coded('division by zero', '22012')))).toBe(false);
    expect(isDatabaseDataException(queryFailed(coded('duplicate key', '23505')))).toBe(false);
  });

  it('turns an unreachable database into 503 dependency-error without driver text', () => {
    const problem = toProblem(queryFailed(coded('terminating connection due to administrator command', '57P01')), ctx);
    expect(problem).toMatchObject({ type: problemType('dependency-error'), status: 503 });
    expect(JSON.stringify(problem)).not.toMatch(/administrator|57P01|terminating/);
  });

  it('turns a refused value into a 400 with a field, without the database text', () => {
    const problem = toProblem(queryFailed(coded('value "2147483648" is out of range for type integer', '22003')), ctx);
    expect(problem).toMatchObject({ type: problemType('validation-error'), status: 400, errors: [{ field: 'request', reason: expect.any(String) }] });
    expect(JSON.stringify(problem)).not.toMatch(/2147483648|integer|out of range for type/);
  });

  it('leaves 4xx AppErrors alone even when their cause is a database failure', () => {
    const error = new ValidationError('bad', [{ field: 'x', reason: 'y' }], { cause: coded('connect ECONNREFUSED', 'ECONNREFUSED') });
    expect(toProblem(error, ctx).status).toBe(400);
    expect(toProblem(new DependencyError('jwks down'), ctx)).toMatchObject({ status: 503, type: problemType('dependency-error') });
  });

  it('still answers 500 for anything else', () => {
    expect(toProblem(new TypeError('boom'), ctx)).toMatchObject({ status: 500, type: problemType('internal-error') });
  });
});

/** A pg error as the driver raises it: SQLSTATE and the violated constraint. */
const violation = (code: string, constraint: string) => queryFailed(Object.assign(new Error(`violates constraint "${constraint}"`), { code, constraint }));

describe('mapDatabaseError (the one mapping of database errors)', () => {
  const table = {
    tenants_pkey: { message: 'Tenant "acme" already exists.', field: 'tenant_id', reason: 'is taken by another tenant' },
    api_keys_tenant_fk: { message: 'Tenant nobody does not exist.', field: 'tenant_id', reason: 'must name an existing tenant', as: 'validation' as const },
    invoices_tenant_fk: { message: 'Tenant nobody does not exist.', as: 'forbidden' as const },
    runs_invoice_fk: { message: 'Invoice x does not exist.' },
    api_keys_roles_valid: { message: 'The key needs a valid role.', field: 'roles', reason: 'must be known roles' },
  };

  it('maps a unique violation of a listed constraint to a 409 carrying the given field and reason', () => {
    const mapped = mapDatabaseError(violation('23505', 'tenants_pkey'), table);
    expect(mapped).toBeInstanceOf(ConflictError);
    const problem = toProblem(mapped, ctx);
    expect(problem).toMatchObject({ status: 409, detail: 'Tenant "acme" already exists.', errors: [{ field: 'tenant_id', reason: 'is taken by another tenant' }] });
    expect(JSON.stringify(problem)).not.toMatch(/violates|tenants_pkey/);
  });

  it('maps a foreign-key violation to 404 by default, or to the kind the table names', () => {
    expect(mapDatabaseError(violation('23503', 'runs_invoice_fk'), table)).toBeInstanceOf(NotFoundError);
    expect(mapDatabaseError(violation('23503', 'invoices_tenant_fk'), table)).toBeInstanceOf(ForbiddenError);
    const validation = mapDatabaseError(violation('23503', 'api_keys_tenant_fk'), table);
    expect(validation).toBeInstanceOf(ValidationError);
    expect((validation as ValidationError).errors).toEqual([{ field: 'tenant_id', reason: 'must name an existing tenant' }]);
  });

  it('maps a check violation of a listed constraint to a 400 with the field', () => {
    const mapped = mapDatabaseError(violation('23514', 'api_keys_roles_valid'), table);
    expect(toProblem(mapped, ctx)).toMatchObject({ status: 400, errors: [{ field: 'roles', reason: 'must be known roles' }] });
  });

  it('lets the table make its own error, so the caller can tell the case apart', () => {
    class KeyTaken extends ConflictError {}
    const cause = violation('23505', 'idempotency_keys_pkey');
    const mapped = mapDatabaseError(cause, { idempotency_keys_pkey: (c) => new KeyTaken('taken', { cause: c }) });
    expect(mapped).toBeInstanceOf(KeyTaken);
    expect((mapped as KeyTaken).cause).toBe(cause);
  });

  it('leaves a violation of an unlisted constraint as it is (a 500: the service got the statement wrong)', () => {
    const error = violation('23505', 'some_other_unique');
    expect(mapDatabaseError(error, table)).toBe(error);
    const inherited = violation('23505', 'constructor');
    expect(mapDatabaseError(inherited, table)).toBe(inherited);
    expect(toProblem(error, ctx).status).toBe(500);
  });

  it('maps class 22 to a 400 and connection failures to a 503 with or without a table; AppErrors pass through', () => {
    expect(mapDatabaseError(queryFailed(coded('invalid input syntax for type uuid', '22P02')), table)).toBeInstanceOf(ValidationError);
    expect(mapDatabaseError(queryFailed(coded('terminating connection due to administrator command', '57P01')))).toBeInstanceOf(DependencyError);
    const own = new NotFoundError('gone');
    expect(mapDatabaseError(own, table)).toBe(own);
    const other = new TypeError('boom');
    expect(mapDatabaseError(other, table)).toBe(other);
  });

  it('withDatabaseErrors returns the work\'s result and throws its failure mapped', async () => {
    await expect(withDatabaseErrors(table, async () => 7)).resolves.toBe(7);
    await expect(withDatabaseErrors(table, () => Promise.reject(violation('23505', 'tenants_pkey')))).rejects.toBeInstanceOf(ConflictError);
  });
});

describe('sendProblem', () => {
  /** A reply stand-in recording status, headers and body. */
  function fakeReply() {
    const headers: Record<string, string> = {};
    const reply = {
      sent: false,
      statusCode: 200,
      body: undefined as unknown,
      hasHeader: (name: string) => name in headers,
      header(name: string, value: string) {
        headers[name] = value;
        return reply;
      },
      status(code: number) {
        reply.statusCode = code;
        return reply;
      },
      send(body: unknown) {
        reply.body = body;
        return reply;
      },
    };
    return { reply, headers };
  }

  it('asks for a retry on 503 (Retry-After) and not on other statuses', () => {
    const request = { url: '/api/v1/invoices?x=1', id: 'corr-9' };
    const down = fakeReply();
    sendProblem(coded('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'), request as never, down.reply as never);
    expect(down.reply.statusCode).toBe(503);
    expect(down.headers).toMatchObject({ 'retry-after': '5', 'content-type': 'application/problem+json' });
    const invalid = fakeReply();
    sendProblem(new ValidationError('bad'), request as never, invalid.reply as never);
    expect(invalid.reply.statusCode).toBe(400);
    expect(invalid.headers['retry-after']).toBeUndefined();
  });
});
