// CPU per request of the Worker under `wrangler dev`: utime+stime of the workerd process that runs it (the one with
// an inspector; the other workerd is wrangler's local proxy), read from /proc/<pid>/stat before and after N
// sequential keep-alive calls of one kind, divided by N. Rounds alternate the
// kinds, so every row is measured under the same conditions as the floor (a static asset: wrangler's asset handling,
// no kravkit code), and each figure is the median over the rounds. wrangler's proxy workerd and its Node process
// (neither exists in production) are reported apart.
//
// Kinds: the floor; GET /healthz; aapnekrav for a small party (212201782) and for the simulator's large one
// (314055403, 5,000 claims) with a cached token, as canonical JSON (the default) and passed through (`Accept:
// application/vnd.kravkit.upstream+json`, what the browser package asks for); and a fresh grant on every call (the simulator issues 2 s tokens,
// which the reuse policy never keeps: WebCrypto signing, the token request and the token cache's bookkeeping).
// Calls ask for `accept-encoding: identity`: in production Cloudflare's edge compresses outside the Worker's CPU,
// while under `wrangler dev` workerd gzips in the measured process; one row shows that cost for the large party.
// Usage: source scripts/env.sh && node e2e/bench-cpu.mjs [ROUNDS=7]   (prints a JSON summary last)
import { processesOf, workerdProcesses } from './load.mjs';
import { startStack } from './worker-harness.mjs';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './stack.mjs';

const ROUNDS = Number(process.argv[2] ?? 7);
const SMALL = '212201782';
const LARGE = '314055403';

const nodeCpuMs = (root) => processesOf(root, '/node', { self: true }).reduce((sum, p) => sum + p.cpuMs, 0);

const median = (xs) => { const v = [...xs].sort((a, b) => a - b); return v.length % 2 ? v[v.length >> 1] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2; };

// The static assets plus one of the size of the large party's document: the floor for moving that many bytes
// through workerd, which a body passed on still costs.
const LARGE_BYTES = 5_044_402;
const assets = mkdtempSync(join(tmpdir(), 'kravkit-bench-assets-'));
cpSync(join(ROOT, 'www'), assets, { recursive: true });
const filler = readFileSync(join(ROOT, 'fixtures/skatteetaten/2024-04-24/aapnekrav.json'), 'utf8');
writeFileSync(join(assets, 'large.json'), filler.repeat(Math.ceil(LARGE_BYTES / filler.length)).slice(0, LARGE_BYTES));

const s = await startStack({ quietSim: true, vars: { UPSTREAM_TIMEOUT_MS: '10000' }, assets });
try {
  const root = s.worker.pid;
  const isWorker = (pid) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--inspector-addr');
  const cpu = () => {
    const procs = workerdProcesses(root);
    const sum = (ps) => ps.reduce((n, p) => n + p.cpuMs, 0);
    return { workerd: sum(procs.filter((p) => isWorker(p.pid))), proxy: sum(procs.filter((p) => !isWorker(p.pid))), node: nodeCpuMs(root) };
  };
  if (workerdProcesses(root).filter((p) => isWorker(p.pid)).length !== 1) throw new Error('expected one workerd with an inspector (the Worker\'s)');
  const token = await s.session({ parties: [SMALL, LARGE] });
  for (const p of [SMALL, LARGE]) await s.consent(p, { token });
  const headers = { authorization: `Bearer ${token}` };
  const get = (path, h = {}) => async () => {
    const r = await fetch(`${s.url}${path}`, { headers: { 'accept-encoding': 'identity', ...h } });
    const b = new Uint8Array(await r.arrayBuffer());
    if (r.status !== 200) throw new Error(`${path}: ${r.status} ${new TextDecoder().decode(b.slice(0, 200))}`);
    return { bytes: b.length, encoding: r.headers.get('content-encoding') };
  };
  // n per round: enough calls that the 10 ms clock tick is a few per cent of the measured time.
  const up = { ...headers, accept: 'application/vnd.kravkit.upstream+json, application/json;q=0.5' };
  const kinds = [
    { key: 'floor', label: 'a static asset (/style.css), the floor', n: 200, call: get('/style.css') },
    { key: 'floorLarge', label: `a static asset of ${LARGE_BYTES} B, the floor for that many bytes`, n: 20, call: get('/large.json') },
    { key: 'healthz', label: 'GET /healthz', n: 200, call: get('/healthz') },
    { key: 'status', label: `GET .../${SMALL}/consent (session check + one D1 read)`, n: 150, call: get(`/v1/parties/${SMALL}/consent`, headers) },
    { key: 'small', label: `aapnekrav, party ${SMALL}, cached token, canonical`, n: 150, call: get(`/v1/parties/${SMALL}/aapnekrav`, headers) },
    { key: 'smallUp', label: `aapnekrav, party ${SMALL}, cached token, passed through`, n: 150, call: get(`/v1/parties/${SMALL}/aapnekrav`, up) },
    { key: 'large', label: `aapnekrav, party ${LARGE}, cached token, canonical`, n: 6, call: get(`/v1/parties/${LARGE}/aapnekrav`, headers) },
    { key: 'largeUp', label: `aapnekrav, party ${LARGE}, cached token, passed through`, n: 20, call: get(`/v1/parties/${LARGE}/aapnekrav`, up) },
    { key: 'largeUpGzip', label: 'the same, gzip accepted (workerd compresses)', n: 6, call: get(`/v1/parties/${LARGE}/aapnekrav`, { ...up, 'accept-encoding': 'gzip' }) },
  ];
  const measure = async (k) => {
    const before = cpu();
    let last;
    for (let i = 0; i < k.n; i++) last = await k.call();
    const after = cpu();
    const per = (f) => (after[f] - before[f]) / k.n;
    return { workerd: per('workerd'), proxy: per('proxy'), node: per('node'), ...last };
  };
  const results = Object.fromEntries(kinds.map((k) => [k.key, []]));
  for (const k of kinds) for (let i = 0; i < 3; i++) await k.call(); // warm-up: JIT, the token cache, the wasm
  for (let r = 0; r < ROUNDS; r++) for (const k of kinds) results[k.key].push(await measure(k));

  // Fresh grants: tokens too short to reuse, so every call signs a grant and fetches a token.
  await s.sim.config({ tokenLifetimeSecs: 2 });
  await s.consent(SMALL, { token });
  await s.sim.resetStats();
  const fresh = { key: 'fresh', label: `aapnekrav, party ${SMALL}, a fresh grant every call, passed through`, n: 100, call: get(`/v1/parties/${SMALL}/aapnekrav`, up) };
  const floor2 = { ...kinds[0], key: 'floor2' };
  results.fresh = []; results.floor2 = [];
  for (let i = 0; i < 3; i++) await fresh.call();
  for (let r = 0; r < ROUNDS; r++) {
    results.floor2.push(await measure(floor2));
    results.fresh.push(await measure(fresh));
  }
  const tokensIssued = (await s.sim.stats()).tokens.issued;

  const summary = {};
  for (const [key, rs] of Object.entries(results)) {
    const label = [...kinds, fresh, floor2].find((k) => k.key === key).label;
    summary[key] = {
      label,
      workerdMs: +median(rs.map((x) => x.workerd)).toFixed(2),
      proxyMs: +median(rs.map((x) => x.proxy)).toFixed(2),
      nodeMs: +median(rs.map((x) => x.node)).toFixed(2),
      bytes: rs[0].bytes,
      encoding: rs[0].encoding,
      rounds: rs.map((x) => +x.workerd.toFixed(2)),
    };
  }
  const over = (k, f = 'floor') => +(summary[k].workerdMs - summary[f].workerdMs).toFixed(2);
  summary.aboveFloor = Object.fromEntries(Object.keys(results).filter((k) => !k.startsWith('floor')).map((k) => [k, over(k, k === 'fresh' ? 'floor2' : 'floor')]));
  summary.aboveLargeFloor = { largeUp: over('largeUp', 'floorLarge'), large: over('large', 'floorLarge') };
  summary.overSmall = { fresh: +(summary.fresh.workerdMs - summary.smallUp.workerdMs).toFixed(2) };
  summary.tokensIssuedForFreshCalls = { issued: tokensIssued, calls: ROUNDS * fresh.n + 3 };
  for (const v of Object.values(summary)) if (v.label) console.log(`${v.label.padEnd(58)} Worker ${String(v.workerdMs).padStart(7)} ms/call   proxy ${String(v.proxyMs).padStart(7)}   node ${String(v.nodeMs).padStart(7)}   ${v.bytes} B`);
  console.log(`above the floor: ${JSON.stringify(summary.aboveFloor)}`);
  console.log(`above the floor of ${LARGE_BYTES} B: ${JSON.stringify(summary.aboveLargeFloor)}`);
  console.log(JSON.stringify(summary));
} finally {
  await s.stop();
  rmSync(assets, { recursive: true, force: true });
}
