// Starts the real parts for end-to-end tests: `wrangler dev` (workerd, local D1 and Cache API) serving the Worker
// and www/. Each instance gets its own port, inspector port and persistence directory (with the D1 migrations
// applied), and is stopped as a process group.
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
 * wrangler.toml without its [build] step (worker-build takes ~13 s even when nothing changed, and wrangler runs it
 * at every start) and with absolute paths, written to `dir`; `assets` replaces the static assets' directory (www/). The build must exist already (scripts/build).
 */
export function prebuiltConfig(dir, { assets } = {}) {
  let toml = readFileSync(join(ROOT, 'wrangler.toml'), 'utf8');
  toml = toml.replace(/^\[build\][\s\S]*?(?=^\[)/m, '');
  toml = toml.replace(/^(main|directory|migrations_dir) = "([^"]+)"/gm, (_, k, v) => `${k} = ${JSON.stringify(k === 'directory' && assets ? assets : join(ROOT, v))}`);
  const file = join(dir, 'wrangler.toml');
  writeFileSync(file, toml);
  return file;
}

/** The config of the edge stand-in (e2e/edge/front.mjs), bound to the Worker as `KRAVKIT`, written to `dir`. */
function edgeConfig(dir) {
  const toml = readFileSync(join(ROOT, 'wrangler.toml'), 'utf8');
  const date = toml.match(/^compatibility_date = "([^"]+)"/m)[1];
  const file = join(dir, 'edge.toml');
  writeFileSync(file, [
    'name = "kravkit-edge"', `main = ${JSON.stringify(join(ROOT, 'e2e/edge/front.mjs'))}`, `compatibility_date = "${date}"`,
    '[[services]]', 'binding = "KRAVKIT"', 'service = "kravkit"', '',
  ].join('\n'));
  return file;
}

/**
 * One line of a .env file (`.dev.vars`, `--env-file`). dotenv keeps a single-quoted value as it is (a JWK's JSON); a
 * PEM's newlines go as \n inside double quotes, which dotenv expands (and which a PEM never mixes with quotes).
 */
export function envLine(k, v) {
  const s = String(v);
  if (!s.includes('\n') && !s.includes("'")) return `${k}='${s}'`;
  if (s.includes('"')) throw new Error(`${k}: a value with both newlines and quotes cannot be written to a .env file`);
  return `${k}="${s.replace(/\n/g, '\\n')}"`;
}

/** Applies worker/migrations to the local D1 database under `persistTo` (what `wrangler dev --persist-to` uses). */
export async function migrateLocal(persistTo, config = join(ROOT, 'wrangler.toml')) {
  await promisify(execFile)('npx', ['wrangler', 'd1', 'migrations', 'apply', 'DB', '--local', '--persist-to', persistTo,
    '--config', config], { cwd: ROOT, env: process.env });
}

/**
 * Starts `wrangler dev` on a free port (or `port`). `vars` are passed with --var; secrets go in `envFile` (passed
 * with --env-file, which replaces .dev.vars, so they stay out of argv). The D1 migrations are applied first.
 * Returns { url, port, pid (of the process group), logFile, stop, sql }. The build must already exist (scripts/build);
 * wrangler's own build step is then a fast no-op.
 *
 * With `edge: true`, `url` is a stand-in for Cloudflare's edge (e2e/edge/front.mjs) that forwards to the Worker over a
 * service binding and cancels a call as a client that goes away would (header `x-edge-cancel-after-ms`). The two
 * run in one `wrangler dev`; `--var` and `--env-file` reach only the first, so the Worker's vars and secrets are
 * written to the `.dev.vars` beside its config.
 */
export async function startWorker({ vars = {}, envFile, port: wanted, stateDir, edge = false, assets } = {}) {
  const port = wanted ?? await freePort();
  const inspector = await freePort();
  // `stateDir` (from an earlier instance's `stop({ keepState: true })`) keeps its D1 and Cache API.
  const state = stateDir ?? mkdtempSync(join(tmpdir(), 'kravkit-wrangler-'));
  const logFile = join(state, 'wrangler.log');
  const out = openSync(logFile, 'a');
  const config = prebuiltConfig(state, { assets });
  if (!stateDir) await migrateLocal(join(state, 'state'), config);
  // The config lives in a temporary directory, so name the secrets file: the test's own, else the demo's .dev.vars.
  const secrets = envFile ?? (existsSync(join(ROOT, '.dev.vars')) ? join(ROOT, '.dev.vars') : undefined);
  const args = ['wrangler', 'dev'];
  if (edge) {
    args.push('--config', edgeConfig(state));
    const lines = [secrets ? readFileSync(secrets, 'utf8').trimEnd() : '', ...Object.entries(vars).map(([k, v]) => envLine(k, v))];
    writeFileSync(join(state, '.dev.vars'), `${lines.filter(Boolean).join('\n')}\n`, { mode: 0o600 });
  }
  args.push('--config', config, '--ip', '127.0.0.1', '--port', String(port), '--inspector-port', String(inspector),
    '--persist-to', join(state, 'state'), '--show-interactive-dev-session=false', '--log-level', 'log');
  if (!edge) {
    if (secrets) args.push('--env-file', secrets);
    for (const [k, v] of Object.entries(vars)) args.push('--var', `${k}:${v}`);
  }
  const child = spawn('npx', args, { cwd: ROOT, detached: true, stdio: ['ignore', out, out], env: process.env });
  const url = `http://127.0.0.1:${port}`;
  const stop = async ({ keepState = false } = {}) => {
    try { process.kill(-child.pid, 'SIGTERM'); } catch { /* already gone */ }
    await sleep(300);
    try { process.kill(-child.pid, 'SIGKILL'); } catch { /* already gone */ }
    if (!keepState) rmSync(join(state, 'state'), { recursive: true, force: true });
  };
  try {
    await waitFor(`${url}/healthz`, 120_000, logFile);
  } catch (e) {
    await stop();
    throw e;
  }
  /** Runs SQL on this instance's local D1 database (what `wrangler dev` reads), with `wrangler d1 execute`. */
  const sql = async (command) => {
    const { stdout } = await promisify(execFile)('npx', ['wrangler', 'd1', 'execute', 'DB', '--local', '--persist-to',
      join(state, 'state'), '--config', config, '--json', '--command', command], { cwd: ROOT, env: process.env });
    return JSON.parse(stdout);
  };
  return { url, port, pid: child.pid, logFile, stateDir: state, stop, sql };
}
