import type { GongzhiError } from './errors';

type MaybePromise<T> = T | Promise<T>;

/**
 * Where the bearer token comes from: a fixed token, or a callback asked before every request (it
 * may refresh, cache, or read a store). `null`/`undefined`: no token (anonymous, or the console's
 * session cookie in a browser).
 */
export type TokenSource = string | (() => MaybePromise<string | null | undefined>);

/**
 * Called when the server answers UNAUTHENTICATED (a bad, expired or malformed token or session):
 * sign in again, then resolve. The request is then sent once more (asking the token source again)
 * unless the callback resolves `false`; a second UNAUTHENTICATED is thrown.
 */
export type OnUnauthenticated = (error: GongzhiError) => MaybePromise<boolean | void>;

/** The server's console login, next to its GraphQL endpoint. */
export function loginUrl(graphqlUrl: string): string {
  const base = typeof location === 'undefined' ? undefined : location.href;
  return new URL('/auth/login', new URL(graphqlUrl, base)).toString();
}

/**
 * Whether the server has the OAuth2 login (`/auth/login` answers 404 when no identity provider is
 * configured for it). It asks without following the redirect to the provider.
 */
export async function hasBrowserLogin(graphqlUrl: string, fetchImpl: typeof fetch = fetch): Promise<boolean> {
  const response = await fetchImpl(loginUrl(graphqlUrl), { method: 'HEAD', redirect: 'manual', credentials: 'same-origin' });
  // A browser hides a redirect's status (`opaqueredirect`); elsewhere it is the 303 itself.
  return response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400);
}

export interface BrowserLoginOptions {
  /** The GraphQL endpoint, to find `/auth/login` next to it. */
  url: string;
  /** How to send the browser there; `location.assign` by default. */
  navigate?: (url: string) => void;
}

/**
 * The re-login of a browser front-end served next to Gongzhi: the session lives in the console's
 * HttpOnly cookie, so an UNAUTHENTICATED answer sends the browser to `/auth/login` (the identity
 * provider, then back to `/`). The request itself fails; the page is going away.
 */
export function browserLogin(options: BrowserLoginOptions): OnUnauthenticated {
  const navigate =
    options.navigate ??
    ((url: string) => {
      if (typeof location === 'undefined') throw new Error('browserLogin needs a browser, or a `navigate` callback');
      location.assign(url);
    });
  return () => {
    navigate(loginUrl(options.url));
    return false;
  };
}
