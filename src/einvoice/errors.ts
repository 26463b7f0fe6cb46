/**
 * Errors raised while reading a document. Validation never throws: rule
 * failures become report entries. Only unreadable input raises these.
 */

/** The input is not a readable XML / PDF invoice. Line and column are 1-based when known. */
export class ParseError extends Error {
  override readonly name: string = 'ParseError';
  constructor(
    message: string,
    /** 1-based line of the offending character, 0 when unknown (e.g. PDF input). */
    readonly line: number,
    /** 1-based column of the offending character, 0 when unknown. */
    readonly column: number,
    /** Machine-readable reason, e.g. 'MALFORMED_XML', 'DOCTYPE_FORBIDDEN'. */
    readonly code: string = 'MALFORMED_XML',
  ) {
    super(line > 0 ? `${message} (line ${line}, column ${column})` : message);
  }
}

/** The input exceeded a configured safety limit (size, depth, element count...). */
export class LimitExceededError extends ParseError {
  override readonly name: string = 'LimitExceededError';
  constructor(
    message: string,
    line: number,
    column: number,
    /** Which limit: 'maxBytes' | 'maxDepth' | 'maxElements' | 'maxTextLength' | 'maxAttachmentBytes'. */
    readonly limit: string,
  ) {
    super(message, line, column, 'LIMIT_EXCEEDED');
  }
}
