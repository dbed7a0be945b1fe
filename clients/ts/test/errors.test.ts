// Coded top-level errors as typed errors: FORBIDDEN, UNAUTHENTICATED with the re-login callback
// (a token provider's, and the browser's /auth/login), RATE_LIMITED and UNAVAILABLE after
// Retry-After, with bounded retries.
import { describe, expect, it, vi } from 'vitest';

import {
  AuditLogCountDocument,
  browserLogin,
  createClient,
  GongzhiError,
  hasBrowserLogin,
  ViewerDocument,
  type RetryInfo,
} from '../src';
import { recording, server } from './gongzhi';

/** The rejection of a request, checked to be a GongzhiError. */
async function failure(request: Promise<unknown>): Promise<GongzhiError> {
  const error = await request.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GongzhiError);
  return error as GongzhiError;
}

describe('top-level errors', () => {
  it('FORBIDDEN is a typed error naming the field, and no re-login', async () => {
    const onUnauthenticated = vi.fn();
    const client = createClient({ url: server().url, token: server().tokens.resident, onUnauthenticated });
    const error = await failure(client.request(AuditLogCountDocument));
    expect(error.code).toBe('FORBIDDEN');
    expect(error.status).toBe(200);
    expect(error.path).toEqual(['auditLog']);
    expect(error.data).toBeNull();
    expect(onUnauthenticated).not.toHaveBeenCalled();
  });

  it('UNAUTHENTICATED calls the re-login callback, then asks the token provider again', async () => {
    let token = 'a stale token';
    const provider = vi.fn(() => token);
    const onUnauthenticated = vi.fn(async (error: GongzhiError) => {
      expect(error.code).toBe('UNAUTHENTICATED');
      expect(error.status).toBe(401);
      token = server().tokens.relogin;
    });
    const client = createClient({ url: server().url, token: provider, onUnauthenticated });

    const { viewer } = await client.request(ViewerDocument);
    expect(viewer).toMatchObject({ subject: 'ts-relogin', roles: ['DISTRICT_ADMIN'], area: { name: '八公山区' } });
    expect(onUnauthenticated).toHaveBeenCalledTimes(1);
    expect(provider).toHaveBeenCalledTimes(2);
  });

  it('UNAUTHENTICATED after the re-login is thrown, the callback called once', async () => {
    const onUnauthenticated = vi.fn();
    const client = createClient({ url: server().url, token: () => 'still stale', onUnauthenticated });
    const error = await failure(client.request(ViewerDocument));
    expect(error.code).toBe('UNAUTHENTICATED');
    expect(error.status).toBe(401);
    expect(onUnauthenticated).toHaveBeenCalledTimes(1);
  });

  it('a browser with a stale session is sent to /auth/login', async () => {
    const navigate = vi.fn();
    const url = server().url;
    const client = createClient({
      url,
      onUnauthenticated: browserLogin({ url, navigate }),
      // The console's session cookie, as a browser would send it.
      headers: { cookie: 'gongzhi_session=stale' },
    });
    const error = await failure(client.request(ViewerDocument));
    expect(error.code).toBe('UNAUTHENTICATED');
    expect(navigate).toHaveBeenCalledExactlyOnceWith(new URL('/auth/login', url).toString());
    // The demo has no identity provider: its /auth/login answers 404.
    expect(await hasBrowserLogin(url)).toBe(false);
  });
});

describe('Retry-After', () => {
  /** Spends what is left of the rate-limited subject's burst, so that its next request is refused. */
  const exhaust = async (requests: number) => {
    const { url, tokens } = server();
    const statuses = await Promise.all(
      Array.from({ length: requests }, () =>
        fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.rateLimited}` },
          body: JSON.stringify({ query: '{ viewer { subject } }' }),
        }).then((r) => r.status),
      ),
    );
    expect(statuses).toContain(429);
  };

  /**
   * Runs a story that needs its first request refused, after spending the burst. The bucket
   * refills one request every 60/rate seconds; when that lands between the spending and the
   * story's request (a window of a millisecond or so), the story reports it and runs again.
   */
  const refused = async (story: () => Promise<'raced' | 'done'>) => {
    for (let attempt = 0; attempt < 3; attempt++) {
      await exhaust(server().ratePerMinute + 1);
      if ((await story()) === 'done') return;
    }
    throw new Error('the bucket refilled before every attempt');
  };

  it('waits as long as a 429 says, then gets the data', async () => {
    await refused(async () => {
      const { fetch, exchanges } = recording();
      const retries: RetryInfo[] = [];
      const client = createClient({
        url: server().url,
        token: server().tokens.rateLimited,
        fetch,
        retry: { maxRetries: 5, onRetry: (info) => retries.push(info) },
      });

      const { viewer } = await client.request(ViewerDocument);
      if (exchanges[0]?.status === 200) return 'raced';
      expect(viewer?.subject).toBe('ts-rate-limited');
      expect(retries.length).toBeGreaterThanOrEqual(1);
      const tooMany = exchanges.filter((e) => e.status === 429);
      expect(tooMany).toHaveLength(retries.length);
      expect(exchanges.at(-1)?.status).toBe(200);
      retries.forEach((retry, i) => {
        expect(retry.code).toBe('RATE_LIMITED');
        expect(retry.attempt).toBe(i + 1);
        expect(Number(tooMany[i]?.retryAfter)).toBeGreaterThan(0);
        expect(retry.delayMs).toBe(Number(tooMany[i]?.retryAfter) * 1000);
      });
      return 'done';
    });
  });

  it('gives up after its retries: RATE_LIMITED with the seconds to wait', async () => {
    await refused(async () => {
      const { fetch, exchanges } = recording();
      // Instead of waiting, spend anything the bucket regained.
      const sleep = vi.fn(() => exhaust(2));
      const client = createClient({
        url: server().url,
        token: server().tokens.rateLimited,
        fetch,
        retry: { maxRetries: 2, sleep },
      });
      const outcome = await client.request(ViewerDocument).then(
        () => undefined,
        (e: unknown) => e,
      );
      if (exchanges.some((e) => e.status === 200)) return 'raced';
      expect(outcome).toBeInstanceOf(GongzhiError);
      const error = outcome as GongzhiError;
      expect(error.code).toBe('RATE_LIMITED');
      expect(error.status).toBe(429);
      expect(error.retryAfterSeconds).toBeGreaterThan(0);
      expect(sleep).toHaveBeenCalledTimes(2);
      expect(exchanges.map((e) => e.status)).toEqual([429, 429, 429]);
      return 'done';
    });
  });

  it('a Retry-After longer than maxDelayMs is not waited for', async () => {
    await refused(async () => {
      const { fetch, exchanges } = recording();
      const sleep = vi.fn(async () => {});
      const client = createClient({
        url: server().url,
        token: server().tokens.rateLimited,
        fetch,
        retry: { maxDelayMs: 0, sleep },
      });
      const outcome = await client.request(ViewerDocument).then(
        () => undefined,
        (e: unknown) => e,
      );
      if (exchanges[0]?.status === 200) return 'raced';
      expect((outcome as GongzhiError).code).toBe('RATE_LIMITED');
      expect(sleep).not.toHaveBeenCalled();
      expect(exchanges).toHaveLength(1);
      return 'done';
    });
  });

  it('UNAVAILABLE (503) is retried after its Retry-After too', async () => {
    // A 503 as the server answers while its database is down (docs/ARCHITECTURE.md, "Health"),
    // then the real server.
    let outage = 1;
    const onRetry = vi.fn();
    const client = createClient({
      url: server().url,
      fetch: async (input, init) =>
        outage-- > 0
          ? new Response(
              JSON.stringify({ errors: [{ message: 'the database cannot be reached', extensions: { code: 'UNAVAILABLE' } }] }),
              { status: 503, headers: { 'content-type': 'application/json', 'retry-after': '1' } },
            )
          : fetch(input, init),
      retry: { onRetry },
    });
    const { viewer } = await client.request(ViewerDocument);
    expect(viewer).toBeNull();
    expect(onRetry).toHaveBeenCalledExactlyOnceWith(expect.objectContaining({ code: 'UNAVAILABLE', delayMs: 1000 }));
  });
});
