/**
 * Paths pino replaces with "[REDACTED]" in every log line: credentials travel in these headers,
 * and configuration fields flagged secret are never logged by value anywhere.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers["proxy-authorization"]',
  'req.headers["x-api-key"]',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.secret',
  '*.token',
  '*.apiKey',
];
