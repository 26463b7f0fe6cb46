import { BadRequestException, NotFoundException } from '@nestjs/common';
import {
  ConflictError,
  DependencyError,
  NotFoundError,
  problemType,
  toProblem,
  ValidationError,
} from '../../../../src/framework/errors';

const ctx = { instance: '/api/v1/things/1', correlationId: 'corr-1' };

describe('toProblem', () => {
  it('maps a ValidationError to 400 with its field errors', () => {
    const problem = toProblem(new ValidationError('bad', [{ field: 'name', reason: 'must not be empty' }]), ctx);
    expect(problem).toEqual({
      type: problemType('validation-error'),
      title: 'Request validation failed',
      status: 400,
      detail: 'bad',
      instance: '/api/v1/things/1',
      correlation_id: 'corr-1',
      errors: [{ field: 'name', reason: 'must not be empty' }],
    });
  });

  it.each([
    [new NotFoundError('gone'), 404, 'not-found'],
    [new ConflictError('state is active'), 409, 'conflict'],
  ])('maps %p', (error, status, category) => {
    expect(toProblem(error, ctx)).toMatchObject({ status, type: problemType(category), detail: error.message });
  });

  it('hides the message of internal errors and of unknown throwables', () => {
    const dependency = toProblem(new DependencyError('pg at 10.0.0.5 refused: password=x'), ctx);
    expect(dependency.status).toBe(503);
    expect(dependency.detail).not.toContain('10.0.0.5');
    const unknown = toProblem(new TypeError("Cannot read properties of undefined (reading 'x')"), ctx);
    expect(unknown).toMatchObject({ status: 500, type: problemType('internal-error') });
    expect(JSON.stringify(unknown)).not.toContain('Cannot read');
  });

  it('keeps Nest client errors as 4xx with their message', () => {
    expect(toProblem(new NotFoundException('Cannot GET /x'), ctx)).toMatchObject({ status: 404, detail: 'Cannot GET /x' });
    expect(toProblem(new BadRequestException('Unexpected end of JSON input'), ctx)).toMatchObject({
      status: 400,
      type: problemType('bad-request'),
    });
  });

  it('keeps the cause chain on wrapped errors', () => {
    const root = new Error('connection refused');
    const wrapped = new DependencyError('supplier directory unreachable', { cause: root });
    expect(wrapped.causeChain()).toEqual(['DependencyError: supplier directory unreachable', 'Error: connection refused']);
  });
});
