import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

export const CORRELATION_HEADERS = ['x-request-id', 'x-correlation-id'] as const;

/** Caller-supplied ids are echoed into logs and headers, so only plain, short tokens are trusted. */
const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The caller's X-Request-Id or X-Correlation-Id when it is a safe token, otherwise a new UUID. */
export function resolveCorrelationId(headers: IncomingHttpHeaders): string {
  for (const name of CORRELATION_HEADERS) {
    const value = headers[name];
    const candidate = Array.isArray(value) ? value[0] : value;
    if (candidate && SAFE_ID.test(candidate)) return candidate;
  }
  return randomUUID();
}
