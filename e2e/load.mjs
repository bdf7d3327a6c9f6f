// A bounded closed-loop load generator for the Worker on loopback: `callers` concurrent clients, each sending one
// request after another (keep-alive) for `durationMs`, every request chosen by `pick(i)`. Used by the load test
// (e2e/worker-load.test.mjs, short) and the soak benchmark (e2e/bench-soak.mjs, long). Only for servers this
// process started on 127.0.0.1.
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';

/** The q-quantile of a sorted array. */
export const quantile = (sorted, q) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : NaN);

/**
 * Runs the load. `pick(i)` returns `{ path, headers?, method?, abortAfterMs?, expect? }` (`expect(status, body)`
 * returns true when the answer is the one wanted; default: status 200). Returns the counts per status, the
 * unexpected answers (at most 50 kept), the latencies (ms, sorted) of completed calls, and the aborts.
 */
export async function runLoad({ url, callers, durationMs, maxRequests = Infinity, pick, onTick }) {
  if (!/^http:\/\/127\.0\.0\.1:\d+$/.test(url)) throw new Error(`load only goes to loopback servers, not ${url}`);
  const deadline = Date.now() + durationMs;
  const byStatus = {};
  const unexpected = [];
  const latencies = [];
  let sent = 0;
  let aborted = 0;
  let unexpectedCount = 0;
  const caller = async () => {
    while (Date.now() < deadline && sent < maxRequests) {
      const i = sent++;
      const req = pick(i);
      const t0 = performance.now();
      const signal = req.abortAfterMs ? AbortSignal.timeout(req.abortAfterMs) : undefined;
      try {
        const r = await fetch(`${url}${req.path}`, { method: req.method ?? 'GET', headers: req.headers, signal });
        const body = await r.text();
        const ms = performance.now() - t0;
        latencies.push(ms);
        byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
        const ok = req.expect ? req.expect(r.status, body) : r.status === 200;
        if (!ok) {
          unexpectedCount++;
          if (unexpected.length < 50) unexpected.push({ path: req.path, status: r.status, ms: Math.round(ms), body: body.slice(0, 300) });
        }
      } catch (e) {
        if (req.abortAfterMs && (e.name === 'TimeoutError' || e.name === 'AbortError')) {
          aborted++;
        } else {
          byStatus.error = (byStatus.error ?? 0) + 1;
          unexpectedCount++;
          if (unexpected.length < 50) unexpected.push({ path: req.path, status: 'error', body: String(e.cause ?? e).slice(0, 300) });
        }
      }
      onTick?.(i);
    }
  };
  const t0 = Date.now();
  await Promise.all(Array.from({ length: callers }, caller));
  latencies.sort((a, b) => a - b);
  return {
    sent,
    elapsedMs: Date.now() - t0,
    byStatus,
    unexpected,
    unexpectedCount,
    aborted,
    latencies,
    p50: quantile(latencies, 0.5),
    p99: quantile(latencies, 0.99),
    max: latencies.at(-1) ?? NaN,
  };
}

/** The pids of the processes in the tree under `root` (Linux /proc). */
export function descendants(root) {
  const children = new Map();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(d));
    } catch { /* gone */ }
  }
  const out = [];
  const walk = (p) => { for (const c of children.get(p) ?? []) { out.push(c); walk(c); } };
  walk(root);
  return out;
}

/**
 * The processes under `root` (and `root` itself when `self`) whose executable's path ends with `exe`, each with its
 * resident memory (KiB) and CPU (utime+stime, ms).
 */
export function processesOf(root, exe, { self = false } = {}) {
  const tick = 1000 / 100; // USER_HZ is 100 on Linux
  return [...(self ? [root] : []), ...descendants(root)].flatMap((pid) => {
    try {
      if (!readlinkSync(`/proc/${pid}/exe`).endsWith(exe)) return [];
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const rss = Number(readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)[1]);
      return [{ pid, rssKiB: rss, cpuMs: (Number(f[11]) + Number(f[12])) * tick }];
    } catch {
      return [];
    }
  });
}

/** The workerd processes under `root`, each with its resident memory (KiB) and CPU (utime+stime, ms). */
export function workerdProcesses(root) {
  return processesOf(root, '/workerd');
}

/** Lines of a log file that show the runtime cancelling or failing a request, or a panic. */
export function runtimeFailures(logText) {
  return logText.split('\n').filter((l) => /had hung|closure invoked|panicked|RuntimeError|Uncaught|different request context|canceled this request/i.test(l));
}
