import { UserManager, WebStorageStateStore } from 'oidc-client-ts';
import type { ConsoleConfig } from './api';

let manager: UserManager | null = null;

/**
 * OIDC authorization code flow with PKCE (oidc-client-ts) against the service's issuer: a public
 * client, tokens kept in sessionStorage (gone with the tab), no silent renew (no hidden iframes).
 */
export function oidcManager(config: ConsoleConfig): UserManager | null {
  if (!config.oidc) return null;
  manager ??= new UserManager({
    authority: config.oidc.issuer,
    client_id: config.oidc.client_id,
    redirect_uri: `${window.location.origin}/console/callback`,
    post_logout_redirect_uri: `${window.location.origin}/console/`,
    response_type: 'code',
    scope: config.oidc.scope,
    userStore: new WebStorageStateStore({ store: window.sessionStorage }),
    automaticSilentRenew: false,
    monitorSession: false,
    loadUserInfo: false,
  });
  return manager;
}
