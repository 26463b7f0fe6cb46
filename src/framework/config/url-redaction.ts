/**
 * One way of showing URLs and settings that may hold secrets: in responses, stored results,
 * errors and logs. Credentials never belong in a URL (`userinfo` is refused wherever a URL is
 * configured); these helpers make sure one that got there anyway, or a secret in a query string,
 * is never shown.
 */

/** What a secret value is replaced with, everywhere. */
export const REDACTED = '[REDACTED]';

/** Setting names whose values are secrets (e.g. a webhook's `auth_header`): always redacted. */
const SECRET_KEY = /(secret|passw(or)?d|token|auth_header|authorization|api_?key|credential|private_?key)/i;

const URL_LIKE = /^[a-z][a-z0-9+.-]*:\/\//i;

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

function parse(value: string | URL): URL | undefined {
  if (value instanceof URL) return value;
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

/** Whether a URL carries userinfo (`user:pass@` or `user@`). */
export function hasUrlCredentials(value: string | URL): boolean {
  const url = parse(value);
  return url !== undefined && (url.username !== '' || url.password !== '');
}

/**
 * A URL as it may be shown: userinfo and every query value replaced by [REDACTED], the fragment
 * dropped; scheme, host, port and path kept. A string that is not a URL is returned unchanged
 * only when it does not look like one (otherwise it is redacted whole).
 */
export function redactUrl(value: string): string {
  const url = parse(value);
  if (!url) return URL_LIKE.test(value) ? REDACTED : value;
  const userinfo = url.username || url.password ? `${REDACTED}@` : '';
  const query = [...url.searchParams.keys()].map((key) => `${encodeURIComponent(key)}=${REDACTED}`).join('&');
  const authority = url.host ? `//${userinfo}${url.host}` : '';
  return `${url.protocol}${authority}${url.pathname}${query ? `?${query}` : ''}`;
}

/** Scheme, host and port only: what an error message about a failed request may say. */
export function endpointOf(value: string | URL): string {
  const url = parse(value);
  return url?.host ? `${url.protocol}//${url.host}` : 'an invalid URL';
}

/**
 * A settings object as it may be shown: values under secret names become [REDACTED] (whatever
 * their type), URL-looking strings go through redactUrl, nested objects and arrays likewise.
 */
export function redactSettings<T>(value: T, key?: string): T {
  if (key !== undefined && isSecretKey(key) && value !== undefined && value !== null) return REDACTED as T;
  if (typeof value === 'string') return (URL_LIKE.test(value) ? redactUrl(value) : value) as T;
  if (Array.isArray(value)) return (value as unknown[]).map((item) => redactSettings(item, key)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactSettings(v, k)])) as T;
  }
  return value;
}

/** Paths of string values holding the [REDACTED] placeholder: a view sent back as input would store it as the secret. */
export function redactedPlaceholderPaths(value: unknown, path = ''): string[] {
  if (typeof value === 'string') return value.includes(REDACTED) ? [path] : [];
  if (Array.isArray(value)) return value.flatMap((item, index) => redactedPlaceholderPaths(item, `${path}[${index}]`));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => redactedPlaceholderPaths(v, path ? `${path}.${k}` : k));
  }
  return [];
}

/** Paths (e.g. `url`, `targets[0].url`) of string values that are URLs carrying userinfo. */
export function urlCredentialPaths(value: unknown, path = ''): string[] {
  if (typeof value === 'string') return URL_LIKE.test(value) && hasUrlCredentials(value) ? [path] : [];
  if (Array.isArray(value)) return value.flatMap((item, index) => urlCredentialPaths(item, `${path}[${index}]`));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => urlCredentialPaths(v, path ? `${path}.${k}` : k));
  }
  return [];
}

const ERROR_CODE = /^[A-Z][A-Z0-9_]{1,40}$/;

/**
 * Why an outbound HTTP request failed, from the error's name and code only (e.g. `timed out`,
 * `request failed (ECONNREFUSED)`): fetch's messages can echo the URL, userinfo included.
 */
export function fetchFailureReason(error: unknown): string {
  // By name, not instanceof: fetch's DOMExceptions may come from another realm.
  const name = (error as { name?: unknown } | null | undefined)?.name;
  if (name === 'TimeoutError') return 'timed out';
  if (name === 'AbortError') return 'aborted';
  const codeOf = (value: unknown) => {
    const code = (value as { code?: unknown } | null | undefined)?.code;
    return typeof code === 'string' && ERROR_CODE.test(code) ? code : undefined;
  };
  const code = codeOf(error) ?? codeOf((error as { cause?: unknown } | null | undefined)?.cause);
  return code ? `request failed (${code})` : 'request failed';
}
