import { ValidationError } from '../errors';

/** What a keyset position is made of: the sort key values of the last item of a page. */
export type CursorValue = string | number;

/** The format of every cursor the API hands out; a cursor of another version is refused, never misread. */
export const PAGE_CURSOR_VERSION = 1;

/** Longer than any cursor the API makes: refused before it is decoded. */
export const PAGE_CURSOR_MAX_LENGTH = 512;

/**
 * The one encoding of list cursors (`next_cursor`, sent back as `?cursor=`): base64url of the JSON
 * `{"v":1,"k":<list>,"p":[…position]}`. Opaque to clients; versioned, so the format can change
 * without misreading old cursors; named by list, so a cursor of one list is refused by another.
 * Anything that does not decode to a position this list accepts is the caller's mistake: a
 * ValidationError on `cursor` (400 problem+json), never a 5xx.
 */
export class PageCursor<P extends readonly CursorValue[]> {
  constructor(
    readonly list: string,
    /** Whether a decoded position is one this list can have made (types, formats, ranges). */
    private readonly accepts: (position: readonly unknown[]) => position is P,
  ) {}

  encode(position: P): string {
    return Buffer.from(JSON.stringify({ v: PAGE_CURSOR_VERSION, k: this.list, p: position })).toString('base64url');
  }

  decode(cursor: string): P {
    const position = cursor.length <= PAGE_CURSOR_MAX_LENGTH && /^[A-Za-z0-9_-]+$/.test(cursor) ? this.parse(cursor) : null;
    if (!position) throw invalidCursor();
    return position;
  }

  private parse(cursor: string): P | null {
    let decoded: unknown;
    try {
      decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    } catch {
      return null;
    }
    if (typeof decoded !== 'object' || decoded === null) return null;
    const { v, k, p } = decoded as Record<string, unknown>;
    if (v !== PAGE_CURSOR_VERSION || k !== this.list || !Array.isArray(p)) return null;
    return this.accepts(p) ? p : null;
  }
}

export function invalidCursor(): ValidationError {
  return new ValidationError('The cursor is not one this API returned.', [{ field: 'cursor', reason: 'must be a next_cursor value from a previous page' }]);
}
