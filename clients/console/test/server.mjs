// Starts the real server for the browser story: `gongzhi serve --demo` on a free port
// (`--bind 127.0.0.1:0`, the address read from its log) with a temporary database and data
// directory; waits for /readyz, mints tokens with `gongzhi token`, and stops it after.
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export async function startServer() {
  // GONGZHI_BIN, or ../../target/debug/gongzhi from clients/console.
  const fallback = fileURLToPath(new URL('../../../target/debug/gongzhi', import.meta.url));
  const bin = resolve(process.env.GONGZHI_BIN ?? fallback);
  if (!existsSync(bin)) {
    throw new Error(`no gongzhi binary at ${bin}: build it (cargo build -p gongzhi-server) or set GONGZHI_BIN`);
  }
  const dir = await mkdtemp(join(tmpdir(), 'gongzhi-console-'));
  const db = ['--database-url', `sqlite://${join(dir, 'gongzhi.db')}`, '--data-dir', join(dir, 'data')];
  const started = Date.now();
  const child = spawn(bin, ['serve', '--demo', '--log-json', '--bind', '127.0.0.1:0', ...db], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = [];
  const exited = new Promise((_, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) =>
      reject(new Error(`gongzhi serve exited (${code ?? signal}) before it was ready:\n${log.join('\n')}`)),
    );
  });
  exited.catch(() => {});
  child.stderr.on('data', (chunk) => log.push(chunk.toString()));
  const address = new Promise((found) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      log.push(line);
      try {
        const addr = JSON.parse(line).fields?.addr;
        if (typeof addr === 'string') found(addr);
      } catch {
        // not a JSON line
      }
    });
  });
  const orphaned = () => child.kill('SIGTERM');
  process.once('exit', orphaned);
  const stop = async () => {
    process.off('exit', orphaned);
    if (child.exitCode === null && child.signalCode === null) {
      const gone = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      const hung = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await gone;
      clearTimeout(hung);
    }
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const base = `http://${await Promise.race([address, exited])}`;
    for (;;) {
      const ready = await fetch(`${base}/readyz`).then((r) => r.ok, () => false);
      if (ready) break;
      await Promise.race([new Promise((r) => setTimeout(r, 100)), exited]);
    }
    const readyMs = Date.now() - started;
    const token = async (subject, ...more) => {
      const { stdout } = await promisify(execFile)(bin, [
        'token', '--area', '八公山区', '--subject', subject, ...more, ...db,
      ]);
      return stdout.trim();
    };
    /** A GraphQL request with a token: the data, or a thrown error with the server's errors. */
    const gql = async (token, query, variables = {}) => {
      const res = await fetch(`${base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query, variables }),
      });
      const body = await res.json();
      if (body.errors) throw new Error(`${JSON.stringify(body.errors)} for ${query}`);
      return body.data;
    };
    return { base, bin, readyMs, token, gql, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
