import { ValidationError } from '../../../../src/framework/errors';
import { PAGE_CURSOR_MAX_LENGTH, PageCursor } from '../../../../src/framework/http/page-cursor';
import { decodeCursor, encodeCursor } from '../../../../src/invoices/invoice-cursor';
import { CHANGE_EVENT_CURSOR } from '../../../../src/pipeline/audit/change-events.service';
import { CONFIGURATION_CURSOR } from '../../../../src/pipeline/configurations/configurations.service';

const raw = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** The ValidationError a bad cursor must be: 400 with the field `cursor`. */
function refusal(decode: () => unknown): ValidationError {
  try {
    decode();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  }
  throw new Error('the cursor was accepted');
}

describe('page cursors: one encoding for every list', () => {
  const numbers = new PageCursor('numbers', (p): p is [number] => p.length === 1 && Number.isInteger(p[0]));

  it('round-trips a position as opaque base64url JSON, versioned and named by its list', () => {
    const cursor = numbers.encode([42]);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))).toEqual({ v: 1, k: 'numbers', p: [42] });
    expect(numbers.decode(cursor)).toEqual([42]);
  });

  it.each([
    ['not base64url', 'a+b/c='],
    ['not JSON', Buffer.from('seq:12').toString('base64url')],
    ['JSON but not an object', raw([42])],
    ['another version', raw({ v: 2, k: 'numbers', p: [42] })],
    ['another list', raw({ v: 1, k: 'letters', p: [42] })],
    ['a position the list never makes', raw({ v: 1, k: 'numbers', p: ['42'] })],
    ['no position', raw({ v: 1, k: 'numbers' })],
    ['empty', ''],
    ['too long', 'A'.repeat(PAGE_CURSOR_MAX_LENGTH + 1)],
  ])('refuses %s with a ValidationError on the field cursor', (_name, cursor) => {
    expect(refusal(() => numbers.decode(cursor)).errors).toEqual([{ field: 'cursor', reason: 'must be a next_cursor value from a previous page' }]);
  });

  it('is what the invoice, configuration and audit lists use, and none accepts another list\'s cursor', () => {
    const invoice = encodeCursor('2026-01-02T03:04:05.123456Z', '0b8f8e2e-6a0c-4d56-9c7a-1f2e3d4c5b6a');
    expect(decodeCursor(invoice)).toEqual({ receivedAt: '2026-01-02T03:04:05.123456Z', id: '0b8f8e2e-6a0c-4d56-9c7a-1f2e3d4c5b6a' });
    expect(CONFIGURATION_CURSOR.decode(CONFIGURATION_CURSOR.encode([7]))).toEqual([7]);
    expect(CHANGE_EVENT_CURSOR.decode(CHANGE_EVENT_CURSOR.encode(['9007199254740993']))).toEqual(['9007199254740993']);
    refusal(() => CONFIGURATION_CURSOR.decode(invoice));
    refusal(() => CHANGE_EVENT_CURSOR.decode(CONFIGURATION_CURSOR.encode([7])));
    refusal(() => decodeCursor(CHANGE_EVENT_CURSOR.encode(['7'])));
  });

  it('refuses positions out of range for their column', () => {
    refusal(() => CONFIGURATION_CURSOR.decode(raw({ v: 1, k: 'configurations', p: [0] })));
    refusal(() => CONFIGURATION_CURSOR.decode(raw({ v: 1, k: 'configurations', p: [1.5] })));
    refusal(() => CHANGE_EVENT_CURSOR.decode(raw({ v: 1, k: 'configuration-events', p: ['1'.repeat(19)] })));
    refusal(() => decodeCursor(raw({ v: 1, k: 'invoices', p: ['2026-01-02', 'x'] })));
  });
});
