// A bounded soak of the Worker under `wrangler dev` with the simulator, on loopback: CALLERS concurrent clients for
// SECONDS, mixed routes and parties, Maskinporten tokens of LIFETIME seconds (so that many refreshes happen under
// load), and faults sprinkled in (Skatteetaten answering DAS-003 twice in a row, which the Worker's retry absorbs;
// a slow Maskinporten answer), and clients that go away (one call in 16 is cancelled after 20-400 ms by the edge
// stand-in, e2e/edge/front.mjs, as Cloudflare's edge cancels a disconnected client's request). Reports the answers by
// status, unexpected ones, latency quantiles, the workerd processes' resident memory over time, and Maskinporten
// fetches per cache key against token lifetimes elapsed.
// With CONTROL=static every call is a static asset (`/style.css`) instead, at the same concurrency: no kravkit code
// runs, so its memory curve is the runtime's own, to compare the Worker's against.
// Usage: source scripts/env.sh && [CONTROL=static] node e2e/bench-soak.mjs [CALLERS=50] [SECONDS=600] [LIFETIME=30]
import { readFileSync } from 'node:fs';
import { runLoad, runtimeFailures, workerdProcesses } from './load.mjs';
import { TEST_PARTIES, startStack } from './worker-harness.mjs';

const CALLERS = Number(process.argv[2] ?? 50);
const SECONDS = Number(process.argv[3] ?? 600);
const LIFETIME = Number(process.argv[4] ?? 30);
const PARTIES = ['313367002', '311851381', '314961900', '212201782'];
const ROUTES = ['aapnekrav', 'aapnekrav', 'krav?fraOgMed=2026-01-01&tilOgMed=2026-11-30',
  'innbetalinger?fraOgMed=2026-01-01&tilOgMed=2026-11-30', 'utbetalinger?fraOgMed=2026-01-01&tilOgMed=2026-11-30'];

const CONTROL = process.env.CONTROL === 'static';
const s = await startStack({ sim: { tokenLifetimeSecs: LIFETIME }, vars: { UPSTREAM_TIMEOUT_MS: '10000' }, edge: true });
try {
  const token = await s.session({ parties: TEST_PARTIES });
  for (const p of PARTIES) await s.consent(p, { token });
  const headers = { authorization: `Bearer ${token}` };
  // Bank sessions last at most 15 minutes (10 here): a fresh one every 4 minutes, as a netbank would.
  const renewer = setInterval(async () => { headers.authorization = `Bearer ${await s.session({ parties: TEST_PARTIES })}`; }, 240_000);
  await s.sim.resetStats();
  const memory = [];
  const sample = () => {
    const procs = workerdProcesses(s.worker.pid);
    memory.push({ t: Math.round((Date.now() - t0) / 1000), rssMiB: procs.map((p) => Math.round(p.rssKiB / 1024)) });
  };
  const t0 = Date.now();
  sample();
  const sampler = setInterval(sample, 30_000);
  let faults = 0;
  const faulter = setInterval(() => {
    faults++;
    const f = faults % 2
      ? { service: 'skatteetaten', route: 'aapnekrav', skatteetatenError: 'DAS-003', times: 2 }
      : { service: 'maskinporten', route: 'token', delayMs: 1500, times: 1 };
    s.sim.config({ faults: [f] }).catch(() => {});
  }, 7_000);
  const r = await runLoad({
    url: s.url,
    callers: CALLERS,
    durationMs: SECONDS * 1000,
    pick: (i) => {
      if (CONTROL) return { path: '/style.css' };
      const path = `/v1/parties/${PARTIES[i % PARTIES.length]}/${ROUTES[Math.floor(i / PARTIES.length) % ROUTES.length]}`;
      if (i % 16 !== 7) return { path, headers };
      // A client that goes away: answered 499 by the edge stand-in, or 200 when the Worker was quicker.
      const cancel = 20 + ((i * 37) % 381);
      return { path, headers: { ...headers, 'x-edge-cancel-after-ms': String(cancel) }, expect: (status) => status === 499 || status === 200 };
    },
  });
  clearInterval(sampler);
  clearInterval(faulter);
  clearInterval(renewer);
  sample();
  const stats = await s.sim.stats();
  const log = readFileSync(s.worker.logFile, 'utf8');
  const refresh = LIFETIME - 3; // the default CachePolicy: served until 2 s before expiry, refreshed 1 s before that
  const perKey = stats.tokens.issued / PARTIES.length;
  console.log(JSON.stringify({
    control: CONTROL ? 'static' : null, callers: CALLERS, seconds: SECONDS, tokenLifetime: LIFETIME, sent: r.sent, byStatus: r.byStatus,
    unexpected: r.unexpectedCount, unexpectedSample: r.unexpected.slice(0, 5),
    p50: +r.p50.toFixed(1), p90: +r.latencies[Math.floor(r.latencies.length * 0.9)].toFixed(1), p99: +r.p99.toFixed(1), max: +r.max.toFixed(0),
    runtimeFailures: runtimeFailures(log).length, faultsInjected: faults, faultsApplied: stats.faultsApplied,
    tokensIssued: stats.tokens.issued, tokensPerKey: +perKey.toFixed(1),
    tokenLifetimesElapsed: +(r.elapsedMs / 1000 / LIFETIME).toFixed(1), reuseWindowsElapsed: +(r.elapsedMs / 1000 / refresh).toFixed(1),
    skatteetatenMaxInFlight: Math.max(...Object.entries(stats.requests).filter(([k]) => k.startsWith('skatteetaten.')).map(([, v]) => v.maxInFlight)),
    memory,
  }, null, 1));
} finally {
  await s.stop();
}
