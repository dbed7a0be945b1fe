// Starts the real server for the tests: `gongzhi serve --demo` on a free port (`--bind
// 127.0.0.1:0`, the address read from its log), with a temporary database and data directory;
// waits for /readyz, mints tokens with `gongzhi token`, and stops it after the run.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

import type { TestProject } from 'vitest/node';

import { gongzhi, type Server } from './gongzhi';

const RATE_PER_MINUTE = 30;

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // GONGZHI_BIN, or ../../target/debug/gongzhi from clients/ts.
  const fallback = fileURLToPath(new URL('../../../target/debug/gongzhi', import.meta.url));
  const bin = resolve(process.env['GONGZHI_BIN'] ?? fallback);
  if (!existsSync(bin)) {
    throw new Error(`no gongzhi binary at ${bin}: build it (cargo build -p gongzhi-server) or set GONGZHI_BIN`);
  }
  const dir = await mkdtemp(join(tmpdir(), 'gongzhi-ts-'));
  const databaseUrl = `sqlite://${join(dir, 'gongzhi.db')}`;
  const dataDir = join(dir, 'data');
  const started = Date.now();
  const child = spawn(
    bin,
    [
      'serve',
      '--demo',
      '--log-json',
      '--bind',
      '127.0.0.1:0',
      '--database-url',
      databaseUrl,
      '--data-dir',
      dataDir,
      '--rate-user-per-minute',
      String(RATE_PER_MINUTE),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const log: string[] = [];
  const exited = new Promise<never>((_, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) =>
      reject(new Error(`gongzhi serve exited (${code ?? signal}) before it was ready:\n${log.join('\n')}`)),
    );
  });
  exited.catch(() => {});
  child.stderr.on('data', (chunk: Buffer) => log.push(chunk.toString()));
  const address = new Promise<string>((resolveAddress) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      log.push(line);
      try {
        const addr = (JSON.parse(line) as { fields?: { addr?: unknown } }).fields?.addr;
        if (typeof addr === 'string') resolveAddress(addr);
      } catch {
        // not a JSON line
      }
    });
  });
  // Should the run end without its teardown (an interrupted run), the server goes with it.
  const orphaned = () => child.kill('SIGTERM');
  process.once('exit', orphaned);
  const stop = async () => {
    process.off('exit', orphaned);
    if (child.exitCode === null && child.signalCode === null) {
      const gone = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      // A graceful shutdown that does not end is cut short.
      const hung = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await gone;
      clearTimeout(hung);
    }
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const base = `http://${await Promise.race([address, exited])}`;
    for (;;) {
      const ready = await fetch(`${base}/readyz`).then(
        (r) => r.ok,
        () => false,
      );
      if (ready) break;
      await Promise.race([new Promise((r) => setTimeout(r, 100)), exited]);
    }
    console.log(`gongzhi serve --demo ready at ${base} after ${Date.now() - started} ms`);
    const token = async (subject: string, role: string, ...more: string[]) =>
      (
        await gongzhi(bin, [
          'token',
          '--role',
          role,
          '--area',
          '八公山区',
          '--subject',
          subject,
          ...more,
          '--database-url',
          databaseUrl,
          '--data-dir',
          dataDir,
        ])
      ).trim();
    const server: Server = {
      url: `${base}/graphql`,
      bin,
      databaseUrl,
      dataDir,
      tokens: {
        admin: await token('ts-admin', 'DISTRICT_ADMIN'),
        resident: await token('ts-resident', 'RESIDENT'),
        relogin: await token('ts-relogin', 'DISTRICT_ADMIN'),
        rateLimited: await token('ts-rate-limited', 'DISTRICT_ADMIN'),
      },
      ratePerMinute: RATE_PER_MINUTE,
    };
    project.provide('gongzhi', server);
    return stop;
  } catch (e) {
    await stop();
    throw e;
  }
}
