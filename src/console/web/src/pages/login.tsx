import { useState, type FormEvent, type ReactNode } from 'react';
import type { ConsoleConfig } from '../api';
import { ProblemView } from '../components';
import { oidcManager } from '../oidc';

export function LoginPage({ config, onApiKey, error }: { config: ConsoleConfig; onApiKey: (key: string) => void; error: unknown }): ReactNode {
  const [key, setKey] = useState('');
  const [oidcError, setOidcError] = useState<unknown>(undefined);
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (key.trim()) onApiKey(key.trim());
  };
  const sso = (): void => {
    const manager = oidcManager(config);
    manager?.signinRedirect({ state: window.location.pathname + window.location.search }).catch(setOidcError);
  };
  return (
    <main className="container login">
      <article>
        <header>
          <h1>Invoice service console</h1>
        </header>
        <form onSubmit={submit} aria-label="Log in with an API key">
          <label>
            API key
            <input name="api-key" type="password" autoComplete="off" value={key} onChange={(e) => setKey(e.target.value)} placeholder="isk_…" required />
          </label>
          <button type="submit">Log in</button>
        </form>
        {config.oidc && (
          <>
            <hr />
            <button type="button" className="secondary wide" onClick={sso}>
              Log in with single sign-on
            </button>
          </>
        )}
        <ProblemView error={error ?? oidcError} />
        <footer>
          <small>The key stays in this tab (session storage) and goes only to this service's API.</small>
        </footer>
      </article>
    </main>
  );
}
