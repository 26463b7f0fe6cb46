import type { ConfigDiff } from '../config-diff';

/**
 * A lifecycle participant whose behaviour follows dynamic settings. `reload` receives only the
 * changed fields (the configuration instances already hold the new values) and must be
 * idempotent: after a failed reload the same diff may be applied again.
 */
export interface Reloadable {
  reload(diff: ConfigDiff): Promise<void>;
}

export function isReloadable(value: unknown): value is Reloadable {
  return typeof (value as Partial<Reloadable> | undefined)?.reload === 'function';
}
