// Maskinporten fetches per token lifetime under steady load: CALLERS concurrent clients on one party (one cache key)
// for SECONDS, with tokens of LIFETIME seconds from the simulator. The simulator's count of issued tokens is read
// every 250 ms; the times at which it rose give the intervals between fetches, and LIFETIME over their median is
// the fetches per lifetime in steady state (the physical limit is 1). Also reports issued / lifetimes elapsed over
// the whole run (which counts the first fetch).
// Usage: source scripts/env.sh && node e2e/bench-tokens.mjs [CALLERS=50] [SECONDS=400] [LIFETIME=120]
import { setTimeout as sleep } from 'node:timers/promises';
import { runLoad } from './load.mjs';
import { startStack } from './worker-harness.mjs';

const CALLERS = Number(process.argv[2] ?? 50);
const SECONDS = Number(process.argv[3] ?? 400);
const LIFETIME = Number(process.argv[4] ?? 120);
const PARTY = '313367002';

const s = await startStack({ sim: { tokenLifetimeSecs: LIFETIME }, vars: { UPSTREAM_TIMEOUT_MS: '10000' }, quietSim: true });
try {
  const token = await s.session();
  await s.consent(PARTY, { token });
  const headers = { authorization: `Bearer ${token}` };
  // The consent flow fetched tokens of its own (Altinn's API scopes, a different key); count from here.
  await s.sim.resetStats();
  const rises = [];
  let last = 0;
  let sampling = true;
  const t0 = Date.now();
  const sampler = (async () => {
    while (sampling) {
      const issued = (await s.sim.stats()).tokens.issued;
      if (issued > last) { rises.push({ t: (Date.now() - t0) / 1000, issued }); last = issued; }
      await sleep(250);
    }
  })();
  const r = await runLoad({ url: s.url, callers: CALLERS, durationMs: SECONDS * 1000, pick: () => ({ path: `/v1/parties/${PARTY}/aapnekrav`, headers }) });
  sampling = false;
  await sampler;
  const issued = (await s.sim.stats()).tokens.issued;
  const intervals = rises.slice(1).map((x, i) => +(x.t - rises[i].t).toFixed(2));
  const median = [...intervals].sort((a, b) => a - b)[intervals.length >> 1];
  console.log(JSON.stringify({
    callers: CALLERS, seconds: SECONDS, tokenLifetime: LIFETIME, sent: r.sent, byStatus: r.byStatus, unexpected: r.unexpectedCount,
    unexpectedSample: r.unexpected.slice(0, 3), tokensIssued: issued, fetchTimes: rises.map((x) => +x.t.toFixed(2)), intervals,
    fetchesPerLifetimeSteady: median ? +(LIFETIME / median).toFixed(3) : null,
    fetchesPerLifetimeOverall: +(issued / (r.elapsedMs / 1000 / LIFETIME)).toFixed(3),
  }, null, 1));
} finally {
  await s.stop();
}
