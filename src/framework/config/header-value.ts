import { applyDecorators } from '@nestjs/common';
import { Length, Matches } from 'class-validator';

/**
 * A secret sent as an HTTP header value (e.g. `Authorization: Bearer …`): one line of visible
 * ASCII, so it can never inject another header (no CR/LF), at most 4 KiB.
 */
export function IsHeaderValue(): PropertyDecorator {
  return applyDecorators(
    Length(1, 4096),
    Matches(/^[\x21-\x7e][\x20-\x7e]*$/, { message: 'must be one line of printable ASCII (a header value)' }),
  );
}
