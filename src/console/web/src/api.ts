/**
 * The API client of the console: every call goes to the service's own /api/v1 with the user's
 * credentials (an API key in X-API-Key, or the OIDC access token as a bearer token) and, for
 * platform credentials, the tenant chosen in the header bar as X-Tenant-ID. Errors are the API's
 * problem documents (RFC 9457), shown as they are.
 */

export type Credentials = { kind: 'api-key'; key: string } | { kind: 'bearer'; token: string };

export interface FieldError {
  field: string;
  reason: string;
}

export interface Problem {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  errors?: FieldError[];
  correlation_id?: string;
}

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title ?? `HTTP ${problem.status}`);
  }
  get status(): number {
    return this.problem.status;
  }
}

const API_BASE = '/api/v1';
const KEY_STORAGE = 'console.api-key';
const TENANT_STORAGE = 'console.tenant';

let credentials: Credentials | null = null;
let tenant: string | null = sessionStorage.getItem(TENANT_STORAGE);
const unauthorizedListeners = new Set<() => void>();

export function restoreApiKey(): Credentials | null {
  const key = sessionStorage.getItem(KEY_STORAGE);
  return key ? { kind: 'api-key', key } : null;
}

export function setCredentials(next: Credentials | null): void {
  credentials = next;
  if (next?.kind === 'api-key') sessionStorage.setItem(KEY_STORAGE, next.key);
  else sessionStorage.removeItem(KEY_STORAGE);
}

export function currentTenant(): string | null {
  return tenant;
}

/** The tenant sent as X-Tenant-ID (platform credentials only; null sends none). */
export function setTenant(next: string | null): void {
  tenant = next;
  if (next) sessionStorage.setItem(TENANT_STORAGE, next);
  else sessionStorage.removeItem(TENANT_STORAGE);
}

/** Called when the API answers 401: the credentials are gone or expired. */
export function onUnauthorized(listener: () => void): () => void {
  unauthorizedListeners.add(listener);
  return () => {
    unauthorizedListeners.delete(listener);
  };
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  accept?: string;
  /** Override the tenant header for this call (null: none). */
  tenant?: string | null;
  signal?: AbortSignal;
}

function headers(options: RequestOptions): Headers {
  const result = new Headers({ accept: options.accept ?? 'application/json' });
  if (credentials?.kind === 'api-key') result.set('x-api-key', credentials.key);
  if (credentials?.kind === 'bearer') result.set('authorization', `Bearer ${credentials.token}`);
  const named = options.tenant === undefined ? tenant : options.tenant;
  if (named) result.set('x-tenant-id', named);
  if (options.body !== undefined) result.set('content-type', 'application/json');
  return result;
}

async function send(path: string, options: RequestOptions): Promise<Response> {
  const response = await fetch(API_BASE + path, {
    method: options.method ?? 'GET',
    headers: headers(options),
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    signal: options.signal,
    credentials: 'omit',
    cache: 'no-store',
  });
  if (response.ok) return response;
  let problem: Problem = { status: response.status, title: response.statusText };
  try {
    problem = { ...(await response.json()), status: response.status } as Problem;
  } catch {
    // not a problem document: keep the status line
  }
  if (response.status === 401) for (const listener of unauthorizedListeners) listener();
  throw new ApiError(problem);
}

export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const response = await send(path, options);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

export async function apiText(path: string, options: RequestOptions = {}): Promise<string> {
  return (await send(path, options)).text();
}

export async function apiBlob(path: string, options: RequestOptions = {}): Promise<Blob> {
  return (await send(path, options)).blob();
}

/** `?a=1&b=2` from the defined, non-empty values. */
export function query(values: Record<string, string | number | undefined | null>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** The public settings the page reads before anyone logs in. */
export interface ConsoleConfig {
  api_base: string;
  oidc: { issuer: string; client_id: string; scope: string } | null;
}

export async function loadConsoleConfig(): Promise<ConsoleConfig> {
  const response = await fetch('/console/config.json', { credentials: 'omit', cache: 'no-store' });
  if (!response.ok) throw new Error(`config.json: HTTP ${response.status}`);
  return (await response.json()) as ConsoleConfig;
}
