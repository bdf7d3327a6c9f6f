// Starts the simulator binary (kravkit-sim, release build) on a free port for end-to-end tests and benchmarks,
// waits for /healthz, and stops it as a process group. Helpers for its /config and /stats.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ROOT, freePort, waitFor } from './stack.mjs';

export const SIM_BIN = join(ROOT, 'target/release/kravkit-sim');
let built = false;

/** Builds the simulator once per process (a no-op when cargo finds it current). */
export function buildSim() {
  if (built) return;
  execFileSync('cargo', ['build', '-q', '-p', 'kravkit-sim', '--release'], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  built = existsSync(SIM_BIN);
  if (!built) throw new Error(`${SIM_BIN} was not built`);
}

/**
 * Starts the simulator with `config` (its --config file: clients, altinn2ApiKeys, tokenLifetimeSecs), and `keys`
 * (its --keys directory, so that a restart keeps its signing keys). Returns { url, logFile, stop, config(update),
 * stats(), resetStats() }.
 */
export async function startSim({ config, port: wanted, quiet = false, keys } = {}) {
  buildSim();
  const port = wanted ?? await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'kravkit-sim-'));
  const logFile = join(dir, 'sim.log');
  const args = ['--host', '127.0.0.1', '--port', String(port)];
  if (config) {
    const file = join(dir, 'config.json');
    writeFileSync(file, JSON.stringify(config, null, 2), { mode: 0o600 });
    args.push('--config', file);
  }
  if (keys) args.push('--keys', keys);
  if (quiet) args.push('--quiet');
  const out = openSync(logFile, 'a');
  const child = spawn(SIM_BIN, args, { cwd: ROOT, detached: true, stdio: ['ignore', out, out] });
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    try { process.kill(-child.pid, 'SIGTERM'); } catch { /* already gone */ }
    await sleep(100);
    try { process.kill(-child.pid, 'SIGKILL'); } catch { /* already gone */ }
  };
  try {
    await waitFor(`${url}/healthz`, 60_000, logFile);
  } catch (e) {
    await stop();
    throw e;
  }
  const call = async (method, path, body) => {
    const r = await fetch(`${url}${path}`, {
      method, headers: body ? { 'content-type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined,
    });
    const json = await r.json();
    if (!r.ok) throw new Error(`sim ${method} ${path}: ${r.status} ${JSON.stringify(json)}`);
    return json;
  };
  return {
    url,
    port,
    logFile,
    stop,
    /** POST /config (faults, consents, reset, ...); throws on a 400. */
    config: (update) => call('POST', '/config', update),
    /** GET /config. */
    view: () => call('GET', '/config'),
    /** GET /stats. */
    stats: () => call('GET', '/stats'),
    /** GET /tokens: every token issued (needs `recordTokens: true` in `config`). */
    tokens: () => call('GET', '/tokens'),
    /** POST /stats/reset. */
    resetStats: () => call('POST', '/stats/reset'),
  };
}
