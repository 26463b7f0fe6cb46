import { ValidationError } from '../framework/errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/** An opaque list cursor: the (received_at, id) of the last invoice of a page. */
export function encodeCursor(receivedAt: string, id: string): string {
  return Buffer.from(`${receivedAt}|${id}`).toString('base64url');
}

export function decodeCursor(cursor: string): { receivedAt: string; id: string } {
  const [receivedAt, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!receivedAt || !id || !TIMESTAMP.test(receivedAt) || !UUID.test(id)) {
    throw new ValidationError('The cursor is not valid.', [{ field: 'cursor', reason: 'must be a next_cursor value from a previous page' }]);
  }
  return { receivedAt, id };
}
