// What the global setup hands the tests, and the `gongzhi` command they run themselves.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

import { inject } from 'vitest';

export interface Server {
  /** The GraphQL endpoint of the running server. */
  url: string;
  /** The binary (GONGZHI_BIN), and the database and data directory it serves. */
  bin: string;
  databaseUrl: string;
  dataDir: string;
  /** Tokens of the built-in issuer, one subject each (each subject has its own rate bucket). */
  tokens: {
    admin: string;
    resident: string;
    relogin: string;
    rateLimited: string;
  };
  /** `--rate-user-per-minute` of the server. */
  ratePerMinute: number;
}

declare module 'vitest' {
  export interface ProvidedContext {
    gongzhi: Server;
  }
}

export const server = (): Server => inject('gongzhi');

/** Runs `gongzhi ARGS… --database-url … ` against the test's database; its stdout. */
export async function gongzhi(bin: string, args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)(bin, args, { maxBuffer: 1 << 20 });
  return stdout;
}

export interface Exchange {
  body: Record<string, unknown>;
  status: number;
  retryAfter: string | null;
}

/** A `fetch` that passes every request to the server and keeps what went and what came back. */
export function recording(): { fetch: typeof fetch; exchanges: Exchange[] } {
  const exchanges: Exchange[] = [];
  const recorder: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    exchanges.push({
      body: JSON.parse(String(init?.body)) as Record<string, unknown>,
      status: response.status,
      retryAfter: response.headers.get('retry-after'),
    });
    return response;
  };
  return { fetch: recorder, exchanges };
}
