// The console: a community worker's pages over the typed TypeScript client, served by the
// server at /console (client-side routes under /console/…).
import { StrictMode, useCallback, useEffect, useMemo, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Navigate, NavLink, Route, Routes } from 'react-router';

import { ConsoleViewerDocument } from '../../../ts/src';
import { AdminPage } from './admin';
import { AreasPage } from './areas';
import { LoginPage } from './login';
import { PointsPage } from './points';
import { ServicePage } from './service';
import { clientFor, loadCredentials, saveCredentials, SessionContext, type Credentials, type Session, type Viewer } from './session';
import { ErrorBox, L, Loading, T } from './ui';
import { ROLE } from './labels';
import './console.css';

function App() {
  const [credentials, setCredentials] = useState<Credentials>(loadCredentials);
  const [state, setState] = useState<{ viewer?: Viewer | null; error?: unknown }>({});
  const client = useMemo(() => clientFor(credentials.token), [credentials.token]);
  const revealClient = useMemo(
    () => (credentials.personalDataToken ? clientFor(credentials.personalDataToken) : client),
    [credentials.personalDataToken, client],
  );

  // Who signs the requests: the pasted token, or the session cookie of the OAuth2 login.
  useEffect(() => {
    let live = true;
    setState({});
    client.request(ConsoleViewerDocument).then(
      (d) => live && setState({ viewer: d.viewer ?? null }),
      (error: unknown) => live && setState({ viewer: null, error }),
    );
    return () => {
      live = false;
    };
  }, [client]);

  const signIn = useCallback((c: Credentials) => {
    saveCredentials(c);
    setCredentials(c);
  }, []);
  const signOut = useCallback(() => signIn({ token: null, personalDataToken: null }), [signIn]);

  const session: Session | null = useMemo(
    () =>
      state.viewer
        ? {
            client,
            revealClient,
            hasPersonalDataToken: Boolean(credentials.personalDataToken),
            viewer: state.viewer,
            via: credentials.token ? 'token' : 'cookie',
            signOut,
          }
        : null,
    [state.viewer, client, revealClient, credentials, signOut],
  );

  if (state.viewer === undefined) return <Loading />;
  if (!session) {
    return (
      <Routes>
        <Route
          path="/login"
          element={<LoginPage onSignIn={signIn} previousError={credentials.token ? state.error : undefined} />}
        />
        <Route path="*" element={<Navigate to="/login" replace />} />
      </Routes>
    );
  }
  const admin = session.viewer.roles.includes('DISTRICT_ADMIN');
  return (
    <SessionContext.Provider value={session}>
      <header className="top">
        <h1>
          <T en="Gongzhi console">共治 · 工作台</T>
        </h1>
        <nav>
          <NavLink to="/areas">
            <T en="Area tree">区域</T>
          </NavLink>
          <NavLink to="/points">
            <T en="Service points">服务阵地</T>
          </NavLink>
          {admin ? (
            <NavLink to="/admin">
              <T en="Partner clients and audit log">接入与审计</T>
            </NavLink>
          ) : null}
        </nav>
        <div className="who" data-testid="viewer">
          <span title="subject">{session.viewer.subject}</span> ·{' '}
          {session.viewer.roles.map((r) => (
            <L key={r} map={ROLE} v={r} />
          ))}
          {session.viewer.area ? <> · {session.viewer.area.name}</> : null}{' '}
          <button type="button" onClick={signOut} title="Sign out">
            退出
          </button>
        </div>
      </header>
      <main>
        <Routes>
          <Route path="/" element={<Navigate to="/areas" replace />} />
          <Route path="/login" element={<Navigate to="/areas" replace />} />
          <Route path="/areas" element={<AreasPage />} />
          <Route path="/areas/:id" element={<AreasPage />} />
          <Route path="/points" element={<PointsPage />} />
          <Route path="/services/:id" element={<ServicePage />} />
          <Route path="/admin" element={<AdminPage />} />
          <Route
            path="*"
            element={<ErrorBox error={{ code: 'NOT_FOUND', message: '没有这个页面 (no such page)' }} />}
          />
        </Routes>
      </main>
    </SessionContext.Provider>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <BrowserRouter basename="/console">
      <App />
    </BrowserRouter>
  </StrictMode>,
);
