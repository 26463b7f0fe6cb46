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
  // Credentials under other common names, and headers logged outside the request serializer.
  '*.accessToken',
  '*.idToken',
  '*.refreshToken',
  '*.authorization',
  '*.headers.authorization',
  '*.headers["x-api-key"]',
  // Configuration fields flagged secret, by property and by variable name.
  '*.jwtSecret',
  '*.bootstrapAdminApiKey',
  '*.databaseUrl',
  '*.AUTH_JWT_SECRET',
  '*.BOOTSTRAP_ADMIN_API_KEY',
  '*.DATABASE_URL',
  // Authorization values configured for outbound requests (module settings, tenant settings).
  '*.auth_header',
  '*.webhookAuthHeader',
  '*.TENANT_WEBHOOK_AUTH_HEADER',
];
