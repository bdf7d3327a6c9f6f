// Wall-clock latency of the Worker under `wrangler dev` on loopback, from a Node client (keep-alive fetch, one
// request at a time, medians of N requests after a warm-up):
//   0. a static asset (www/style.css), answered by wrangler's asset handling without running the Worker: the
//      floor that `wrangler dev`'s local proxy adds to every request;
//   1. GET /healthz;
//   2. a proxied aapnekrav with a cached Maskinporten token, against the same call made straight to the simulator
//      with a token the benchmark gets itself (the difference of the medians is the Worker's added latency);
//   3. the proxied call with a fresh grant every time (the simulator issues 10 s tokens, which the cache policy
//      never caches), i.e. WebCrypto signing plus a token request on each call.
// For the proxied calls it also reads the Worker's own log lines: `durationMs` (the Worker's wall time from request
// to response, as workerd's clock shows it: it advances on I/O only) and the upstream call's `ms`.
// Usage: source scripts/env.sh && node e2e/bench-worker.mjs [N]   (default N = 300)
import { readFileSync } from 'node:fs';
import { startStack } from './worker-harness.mjs';

const N = Number(process.argv[2] ?? 300);
const WARMUP = 20;
const party = '313367002';

async function time(label, call) {
  for (let i = 0; i < WARMUP; i++) await call();
  const t = [];
  for (let i = 0; i < N; i++) {
    const t0 = performance.now();
    await call();
    t.push(performance.now() - t0);
  }
  t.sort((a, b) => a - b);
  const q = (p) => t[Math.min(t.length - 1, Math.floor(p * t.length))];
  const r = { label, n: N, p50: q(0.5), p90: q(0.9), p99: q(0.99), mean: t.reduce((a, b) => a + b, 0) / N };
  console.log(`${label.padEnd(44)} p50 ${r.p50.toFixed(2).padStart(7)} ms   p90 ${r.p90.toFixed(2).padStart(7)} ms   p99 ${r.p99.toFixed(2).padStart(7)} ms   mean ${r.mean.toFixed(2).padStart(7)} ms`);
  return r;
}

async function check(r, label) {
  const body = await r.text();
  if (r.status !== 200) throw new Error(`${label}: HTTP ${r.status} ${body.slice(0, 200)}`);
  return body;
}

const s = await startStack();
try {
  const token = await s.session();
  const { start } = await s.consent(party, { token });
  const consentId = new URL(start.json.redirectUrl).searchParams.get('id');
  const headers = { authorization: `Bearer ${token}` };
  const viaWorker = async () => check(await fetch(`${s.url}/v1/parties/${party}/aapnekrav`, { headers }), 'worker');

  // The simulator directly, with a consent token the benchmark fetches itself (as the Worker would).
  const accessToken = await s.directToken(party, consentId);
  const direct = async () => check(await fetch(`${s.sim.url}/skatteetaten/v1/finans/${party}/aapnekrav`,
    { headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' } }), 'direct');

  console.log(`kravkit Worker under wrangler dev, loopback, ${N} sequential requests each after ${WARMUP} warm-up (party ${party}, ${(await viaWorker()).length} B canonical JSON)\n`);
  const asset = await time('a static asset (no Worker code runs)', async () => check(await fetch(`${s.url}/style.css`), 'asset'));
  const health = await time('GET /healthz (Worker)', async () => check(await fetch(`${s.url}/healthz`), 'healthz'));
  const sim = await time('aapnekrav straight to the simulator', direct);
  const logLines = () => readFileSync(s.worker.logFile, 'utf8').split('\n')
    .filter((l) => l.includes('"route":"/v1/parties/{party}/aapnekrav"')).map((l) => JSON.parse(l));
  const before = logLines().length;
  const cached = await time('aapnekrav via the Worker, cached token', viaWorker);
  const lines = logLines().slice(before + WARMUP);
  const med = (xs) => { const v = [...xs].sort((a, b) => a - b); return v[v.length >> 1]; };
  const own = { durationMs: med(lines.map((l) => l.durationMs)), upstreamMs: med(lines.map((l) => l.upstream.reduce((n, u) => n + u.ms, 0))), n: lines.length };
  await s.sim.config({ tokenLifetimeSecs: 2 }); // within the cache margin: never reused
  await s.consent(party, { token }); // a new consent: nothing cached for it
  await s.sim.resetStats();
  const fresh = await time('aapnekrav via the Worker, fresh grant each call', viaWorker);
  const stats = await s.sim.stats();
  console.log(`\nadded latency p50 (cached token):  ${(cached.p50 - sim.p50).toFixed(2)} ms over the simulator, of which ${asset.p50.toFixed(2)} ms is wrangler dev's floor (the asset)`);
  console.log(`the Worker's own log, cached token: durationMs p50 ${own.durationMs}, upstream ms p50 ${own.upstreamMs} (n=${own.n})`);
  console.log(`fresh grant p50 over cached p50:   ${(fresh.p50 - cached.p50).toFixed(2)} ms (sign + token request; ${stats.tokens.issued} tokens issued for ${N + WARMUP} calls)`);
  console.log(JSON.stringify({ asset, health, sim, cached, fresh, own, addedP50: cached.p50 - sim.p50, freshOverCachedP50: fresh.p50 - cached.p50, tokensIssued: stats.tokens.issued }));
} finally {
  await s.stop();
}
