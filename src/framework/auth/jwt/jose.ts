/**
 * jose is published as ES modules only; a dynamic import loads it from this CommonJS build (and
 * under jest, which cannot `require` ES modules).
 */
type Jose = typeof import('jose');

let loading: Promise<Jose> | undefined;

export function loadJose(): Promise<Jose> {
  loading ??= import('jose');
  return loading;
}
