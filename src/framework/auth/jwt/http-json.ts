import { DependencyError } from '../../errors';

export type FetchLike = (url: string, init: { signal: AbortSignal; headers: Record<string, string> }) => Promise<Response>;

/** GETs a JSON document (JWKS, OIDC discovery) with a timeout; failures are DependencyErrors (503). */
export async function fetchJson(fetchFn: FetchLike, url: string, timeoutMs: number, what: string): Promise<unknown> {
  let response: Response;
  try {
    response = await fetchFn(url, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: 'application/json' } });
  } catch (error) {
    throw new DependencyError(`The ${what} at ${safeUrl(url)} could not be fetched.`, { cause: error });
  }
  if (!response.ok) {
    throw new DependencyError(`The ${what} at ${safeUrl(url)} answered HTTP ${response.status}.`);
  }
  try {
    return (await response.json());
  } catch (error) {
    throw new DependencyError(`The ${what} at ${safeUrl(url)} is not JSON.`, { cause: error });
  }
}

/** A URL fit for messages: no user info, no query string. */
export function safeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  } catch {
    return '(unparseable URL)';
  }
}
