import { createContext, useContext } from 'react';
import type { Abilities } from './roles';
import type { ConsoleConfig } from './api';
import type { Principal } from './types';

export interface Session {
  principal: Principal;
  can: Abilities;
  /** The tenant the pages show (the credentials' own, or the one chosen for platform credentials). */
  tenant: string | null;
  setTenant: (tenant: string) => void;
  logout: () => void;
  config: ConsoleConfig;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside a session');
  return session;
}
