import { createHash } from 'node:crypto';
import { RENDERING_STYLE } from '../invoices/rendering/invoice-html';

/**
 * The console's Content-Security-Policy: its own scripts and styles only (no inline script, no
 * eval), API calls to its own origin and the OIDC provider's, no plugins, no framing of the
 * console. The rendered invoice is shown in a sandboxed iframe (srcdoc, no scripts), which
 * inherits this policy: its one inline style block is allowed by hash.
 */
export function consoleContentSecurityPolicy(oidcIssuer: string | undefined): string {
  const connect = ["'self'"];
  if (oidcIssuer) connect.push(new URL(oidcIssuer).origin);
  const renderingStyle = `'sha256-${createHash('sha256').update(RENDERING_STYLE).digest('base64')}'`;
  return [
    "default-src 'none'",
    "script-src 'self'",
    `style-src 'self' ${renderingStyle}`,
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src ${connect.join(' ')}`,
    "frame-src 'self'",
    "manifest-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}
