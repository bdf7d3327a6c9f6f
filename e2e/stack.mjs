// Starts the real parts for end-to-end tests: `wrangler dev` (workerd, local D1 and Cache API) serving the Worker
// and www/. Each instance gets its own port, inspector port and persistence directory, and is stopped as a
// process group.
import { spawn } from 'node:child_process';
import { mkdtempSync, openSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export const ROOT = new URL('..', import.meta.url).pathname;

/** A free TCP port on 127.0.0.1. */
export async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Polls `url` until it answers 200, or throws after `timeoutMs` with the log tail. */
export async function waitFor(url, timeoutMs, logFile) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    try {
      const r = await fetch(url);
      if (r.ok) return;
      last = `HTTP ${r.status}`;
    } catch (e) {
      last = e.message;
    }
    await sleep(250);
  }
  throw new Error(`${url} not ready after ${timeoutMs} ms (${last}); see ${logFile}`);
}

/**
 * Starts `wrangler dev` on a free port. `vars` are passed with --var. Returns { url, logFile, stop }.
 * The build must already exist (scripts/build); wrangler's own build step is then a fast no-op.
 */
export async function startWorker({ vars = {} } = {}) {
  const port = await freePort();
  const inspector = await freePort();
  const state = mkdtempSync(join(tmpdir(), 'kravkit-wrangler-'));
  const logFile = join(state, 'wrangler.log');
  const out = openSync(logFile, 'a');
  const args = ['wrangler', 'dev', '--ip', '127.0.0.1', '--port', String(port), '--inspector-port', String(inspector),
    '--persist-to', join(state, 'state'), '--show-interactive-dev-session=false', '--log-level', 'info'];
  for (const [k, v] of Object.entries(vars)) args.push('--var', `${k}:${v}`);
  const child = spawn('npx', args, { cwd: ROOT, detached: true, stdio: ['ignore', out, out], env: process.env });
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    try { process.kill(-child.pid, 'SIGTERM'); } catch { /* already gone */ }
    await sleep(300);
    try { process.kill(-child.pid, 'SIGKILL'); } catch { /* already gone */ }
    rmSync(join(state, 'state'), { recursive: true, force: true });
  };
  try {
    await waitFor(`${url}/healthz`, 120_000, logFile);
  } catch (e) {
    await stop();
    throw e;
  }
  return { url, logFile, stop };
}
