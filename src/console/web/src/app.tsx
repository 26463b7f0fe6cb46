import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { BrowserRouter, NavLink, Route, Routes, useLocation, useNavigate } from 'react-router';
import { api, ApiError, currentTenant, loadConsoleConfig, onUnauthorized, restoreApiKey, setCredentials, setTenant, type ConsoleConfig, type Credentials } from './api';
import { ProblemView } from './components';
import { useLoad } from './hooks';
import { oidcManager } from './oidc';
import { AuditPage, ChangeRequestsPage } from './pages/audit';
import { ApiKeysPage, TenantsPage } from './pages/admin';
import { ConfigurationDetailPage } from './pages/configuration-detail';
import { ConfigurationsPage, NewConfigurationPage } from './pages/configurations';
import { InvoiceDetailPage } from './pages/invoice-detail';
import { InvoicesPage } from './pages/invoices';
import { LoginPage } from './pages/login';
import { ModulesPage } from './pages/modules';
import { OverviewPage } from './pages/overview';
import { ReviewPage } from './pages/review';
import { abilities } from './roles';
import { SessionContext, useSession, type Session } from './session';
import type { Overview, Principal, Tenant } from './types';

/**
 * Who the credentials are: the overview names the principal and the tenant it acts for. Platform
 * credentials without a tenant chosen yet act for the default tenant; tenant-bound ones never send
 * a tenant; credentials that act for no tenant (say a platform auditor) see no invoice pages.
 */
async function identify(): Promise<{ principal: Principal; tenant: string | null }> {
  let overview: Overview;
  try {
    overview = await api<Overview>('/overview');
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 403 || !currentTenant()) throw error;
    setTenant(null);
    overview = await api<Overview>('/overview');
  }
  const { principal } = overview;
  if (principal.tenant_id !== null) {
    setTenant(null);
    return { principal, tenant: principal.tenant_id };
  }
  if (!abilities(principal).platform) {
    setTenant(null);
    return { principal, tenant: null };
  }
  const tenant = overview.tenant_id ?? 'default';
  setTenant(tenant);
  return { principal, tenant };
}

function TenantPicker(): ReactNode {
  const { principal, tenant, setTenant: choose, can } = useSession();
  const tenants = useLoad((signal) => (can.admin && can.platform ? api<Tenant[]>('/admin/tenants', { signal, tenant: null }) : Promise.resolve(null)), [principal.subject]);
  if (principal.tenant_id !== null) return <span className="tenant">tenant {principal.tenant_id}</span>;
  if (tenant === null) return <span className="tenant">no tenant</span>;
  if (tenants.data) {
    return (
      <select aria-label="Tenant" className="tenant" value={tenant} onChange={(e) => choose(e.target.value)}>
        {tenants.data.map((t) => (
          <option key={t.tenant_id} value={t.tenant_id}>
            {t.tenant_id}
          </option>
        ))}
        {!tenants.data.some((t) => t.tenant_id === tenant) && <option value={tenant}>{tenant}</option>}
      </select>
    );
  }
  return (
    <input
      aria-label="Tenant"
      className="tenant"
      defaultValue={tenant}
      onKeyDown={(e) => {
        if (e.key === 'Enter') choose(e.currentTarget.value.trim());
      }}
      onBlur={(e) => e.currentTarget.value.trim() && e.currentTarget.value.trim() !== tenant && choose(e.currentTarget.value.trim())}
    />
  );
}

function Shell(): ReactNode {
  const session = useSession();
  const { can, principal } = session;
  const [menuOpen, setMenuOpen] = useState(false);
  const location = useLocation();
  useEffect(() => setMenuOpen(false), [location.pathname]);
  const links: Array<[string, string, boolean]> = [
    ['/', 'Overview', true],
    ['/invoices', 'Invoices', can.readInvoices],
    ['/review', 'Review queue', can.readReview],
    ['/configurations', 'Configurations', true],
    ['/change-requests', 'Change requests', true],
    ['/audit', 'Audit trail', true],
    ['/modules', 'Fallback & modules', true],
    ['/tenants', 'Tenants', can.admin],
    ['/api-keys', 'API keys', can.admin],
  ];
  return (
    <>
      <header className="topbar">
        <button type="button" className="menu-toggle secondary" aria-expanded={menuOpen} aria-controls="main-nav" onClick={() => setMenuOpen(!menuOpen)}>
          Menu
        </button>
        <strong className="brand">Invoice console</strong>
        <TenantPicker />
        <span className="who" title={principal.roles.join(', ')} data-testid="principal">
          {principal.subject} <small>({principal.roles.join(', ')})</small>
        </span>
        <button type="button" className="secondary outline logout" onClick={session.logout}>
          Log out
        </button>
      </header>
      <div className="layout">
        <nav id="main-nav" className={menuOpen ? 'side open' : 'side'} aria-label="Main">
          <ul>
            {links
              .filter(([, , shown]) => shown)
              .map(([to, label]) => (
                <li key={to}>
                  <NavLink to={to} end={to === '/'}>
                    {label}
                  </NavLink>
                </li>
              ))}
          </ul>
        </nav>
        <main className="content" key={session.tenant ?? ''}>
          <Routes>
            <Route path="/" element={<OverviewPage />} />
            <Route path="/invoices" element={<InvoicesPage />} />
            <Route path="/invoices/:id" element={<InvoiceDetailPage />} />
            <Route path="/review" element={<ReviewPage />} />
            <Route path="/configurations" element={<ConfigurationsPage />} />
            <Route path="/configurations/new" element={<NewConfigurationPage />} />
            <Route path="/configurations/:version" element={<ConfigurationDetailPage />} />
            <Route path="/change-requests" element={<ChangeRequestsPage />} />
            <Route path="/audit" element={<AuditPage />} />
            <Route path="/modules" element={<ModulesPage />} />
            <Route path="/tenants" element={<TenantsPage />} />
            <Route path="/api-keys" element={<ApiKeysPage />} />
            <Route path="/callback" element={<p aria-busy="true">Signing in…</p>} />
            <Route path="*" element={<p>No such page.</p>} />
          </Routes>
        </main>
      </div>
    </>
  );
}

function Root({ config }: { config: ConsoleConfig }): ReactNode {
  const navigate = useNavigate();
  const location = useLocation();
  const [identity, setIdentity] = useState<{ principal: Principal; tenant: string | null } | null>(null);
  const [error, setError] = useState<unknown>(undefined);
  const [checking, setChecking] = useState(true);

  const start = useCallback(async (credentials: Credentials | null): Promise<void> => {
    setCredentials(credentials);
    if (!credentials) {
      setIdentity(null);
      setChecking(false);
      return;
    }
    try {
      setIdentity(await identify());
      setError(undefined);
    } catch (caught) {
      setCredentials(null);
      setIdentity(null);
      setError(caught);
    } finally {
      setChecking(false);
    }
  }, []);

  const logout = useCallback(() => {
    setCredentials(null);
    setTenant(null);
    setIdentity(null);
    void oidcManager(config)?.removeUser();
  }, [config]);

  useEffect(() => onUnauthorized(logout), [logout]);

  useEffect(() => {
    const manager = oidcManager(config);
    if (location.pathname === '/callback' && manager) {
      manager.signinRedirectCallback().then(
        (user) => {
          const back = typeof user.state === 'string' && user.state.startsWith('/console') ? user.state.slice('/console'.length) || '/' : '/';
          void start({ kind: 'bearer', token: user.access_token }).then(() => navigate(back, { replace: true }));
        },
        (caught: unknown) => {
          setError(caught);
          setChecking(false);
          void navigate('/', { replace: true });
        },
      );
      return;
    }
    const key = restoreApiKey();
    if (key) {
      void start(key);
      return;
    }
    if (!manager) {
      void start(null);
      return;
    }
    manager.getUser().then(
      (user) => void start(user && !user.expired ? { kind: 'bearer', token: user.access_token } : null),
      () => void start(null),
    );
    // Once, at load.
  }, []);

  const session = useMemo<Session | null>(
    () =>
      identity && {
        principal: identity.principal,
        can: abilities(identity.principal),
        tenant: identity.tenant,
        setTenant: (tenant: string) => {
          setTenant(tenant);
          setIdentity({ ...identity, tenant });
        },
        logout,
        config,
      },
    [identity, logout, config],
  );

  if (checking) return <p aria-busy="true">Loading…</p>;
  if (!session) return <LoginPage config={config} error={error} onApiKey={(key) => void start({ kind: 'api-key', key })} />;
  return (
    <SessionContext.Provider value={session}>
      <Shell />
    </SessionContext.Provider>
  );
}

export function App(): ReactNode {
  const config = useLoad(() => loadConsoleConfig(), []);
  if (config.error) return <ProblemView error={config.error} />;
  if (!config.data) return <p aria-busy="true">Loading…</p>;
  return (
    <BrowserRouter basename="/console">
      <Root config={config.data} />
    </BrowserRouter>
  );
}
