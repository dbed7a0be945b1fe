// Who the console speaks for: a pasted token (kept in this tab's sessionStorage only), or the
// server's session cookie after the OAuth2 login (/auth/login), which the browser sends with every
// same-origin request. An optional second token with the personal-data permission is used for
// nothing but a reveal (显示完整信息), whose whole reads the server writes to the audit log.
import { createContext, useContext } from 'react';

import { createClient, type GongzhiClient } from '../../../ts/src';

const TOKEN = 'gongzhi.console.token';
const PERSONAL_DATA_TOKEN = 'gongzhi.console.personalDataToken';

export const graphqlUrl = (): string => new URL('/graphql', window.location.href).toString();

export interface Credentials {
  /** The pasted token; null when the session cookie (or nobody) signs the requests. */
  token: string | null;
  /** A token with PERSONAL_DATA, for reveals only. */
  personalDataToken: string | null;
}

export function loadCredentials(): Credentials {
  return {
    token: sessionStorage.getItem(TOKEN),
    personalDataToken: sessionStorage.getItem(PERSONAL_DATA_TOKEN),
  };
}

export function saveCredentials(c: Credentials): void {
  for (const [key, value] of [
    [TOKEN, c.token],
    [PERSONAL_DATA_TOKEN, c.personalDataToken],
  ] as const) {
    if (value) sessionStorage.setItem(key, value);
    else sessionStorage.removeItem(key);
  }
}

export function clientFor(token: string | null): GongzhiClient {
  return createClient({
    url: graphqlUrl(),
    token: token ?? undefined,
    credentials: 'same-origin',
    // A worker waits for one retry after RATE_LIMITED or UNAVAILABLE; then the error is shown.
    retry: { maxRetries: 1, maxDelayMs: 10_000 },
  });
}

export interface Viewer {
  subject: string;
  roles: readonly string[];
  area: { id: string; name: string; kind: string } | null | undefined;
}

export interface Session {
  client: GongzhiClient;
  /** The client for reveals: the personal-data token's, else the same as `client`. */
  revealClient: GongzhiClient;
  hasPersonalDataToken: boolean;
  viewer: Viewer;
  /** How the console signed in. */
  via: 'token' | 'cookie';
  signOut: () => void;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside a signed-in page');
  return session;
}
