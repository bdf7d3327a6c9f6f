// The Worker under sustained concurrent load with state changing underneath: short-lived Maskinporten tokens, so
// that many refreshes happen while requests are in flight, mixed routes and parties; and clients that go away
// while the upstream is slow. Every answer must be the one wanted, the runtime must never cancel a request as hung,
// and a client that left must not hold upstream permits or token fetches. The long version is e2e/bench-soak.mjs.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { runLoad, runtimeFailures } from './load.mjs';
import { TEST_PARTIES, startStack } from './worker-harness.mjs';

/**
 * Seconds between two fetches of a token of `lifetime` seconds under steady load, at least: the default cache policy
 * serves it until 2 s before its earliest expiry (the request's send time plus its lifetime) and fetches the next one
 * from 1 s plus the token request's round trip before that.
 */
const refreshSecs = (lifetime) => lifetime - 3;

describe('sustained load with token refreshes', () => {
  const LIFETIME = 12; // served for 10 s, refreshed after 9 s: several refreshes per party under load
  const PARTIES = ['313367002', '311851381', '314961900'];
  const SECONDS = Number(process.env.KRAVKIT_LOAD_SECONDS ?? 40);
  let s;
  let token;
  before(async () => {
    s = await startStack({ sim: { tokenLifetimeSecs: LIFETIME }, vars: { UPSTREAM_TIMEOUT_MS: '10000' } });
    token = await s.session({ parties: TEST_PARTIES });
    for (const p of PARTIES) await s.consent(p, { token });
  });
  after(async () => { await s?.stop(); });

  test(`${SECONDS} s of 20 concurrent callers over ${PARTIES.length} parties and four routes: every answer 200, nothing cancelled as hung`, async () => {
    await s.sim.resetStats();
    const headers = { authorization: `Bearer ${token}` };
    const routes = ['aapnekrav', 'krav?fraOgMed=2026-01-01&tilOgMed=2026-11-30', 'innbetalinger?fraOgMed=2026-01-01&tilOgMed=2026-11-30', 'utbetalinger?fraOgMed=2026-01-01&tilOgMed=2026-11-30'];
    const r = await runLoad({
      url: s.url,
      callers: 20,
      durationMs: SECONDS * 1000,
      pick: (i) => ({ path: `/v1/parties/${PARTIES[i % PARTIES.length]}/${routes[Math.floor(i / PARTIES.length) % routes.length]}`, headers }),
    });
    const log = readFileSync(s.worker.logFile, 'utf8');
    const failures = runtimeFailures(log);
    console.log(`# ${r.sent} calls in ${r.elapsedMs} ms: ${JSON.stringify(r.byStatus)}, p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms, max ${r.max.toFixed(0)} ms`);
    assert.ok(r.sent > 200, `load was sent (${r.sent})`);
    assert.equal(r.unexpectedCount, 0, JSON.stringify(r.unexpected.slice(0, 5), null, 1));
    assert.deepEqual(failures.slice(0, 5), [], 'the runtime cancelled or failed no request');
    // Tokens: one per party per reuse window elapsed, plus the first (the consent is per party, so is the key).
    const stats = await s.sim.stats();
    const windows = Math.ceil(r.elapsedMs / 1000 / refreshSecs(LIFETIME)) + 1;
    assert.ok(stats.tokens.issued <= PARTIES.length * windows,
      `at most ${PARTIES.length * windows} tokens for ${PARTIES.length} keys over ${r.elapsedMs} ms; got ${stats.tokens.issued}`);
    assert.ok(stats.tokens.issued >= PARTIES.length * (windows - 2), `tokens were refreshed under load (${stats.tokens.issued})`);
  });
});

// At Cloudflare's edge a client that disconnects cancels its request: the Worker's `request.signal` aborts and the
// request's pending work is dropped. Under `wrangler dev` no disconnect reaches a Worker (wrangler's proxy forwards
// with a fetch nothing cancels, and workerd's HTTP server does not cancel on a closed socket either), so these tests
// put the edge stand-in (e2e/edge/front.mjs) in front: it cancels its service-binding call to the Worker after
// `x-edge-cancel-after-ms`, which workerd delivers exactly as a disconnect (the signal aborts, the work stops).
const cancelAfter = (ms) => ({ 'x-edge-cancel-after-ms': String(ms) });

describe('clients that go away', () => {
  let s;
  let token;
  const party = '313367002';
  before(async () => {
    s = await startStack({ vars: { UPSTREAM_TIMEOUT_MS: '10000' }, edge: true });
    token = await s.session();
    await s.consent(party, { token });
  });
  after(async () => { await s?.stop(); });

  test('five calls abandoned on a slow upstream hold no permits: the next call is answered at once', async () => {
    const headers = { authorization: `Bearer ${token}` };
    const { url } = s;
    const ok = await fetch(`${url}/v1/parties/${party}/aapnekrav`, { headers });
    assert.equal(ok.status, 200, 'warm: the token is cached');
    await ok.text();
    await s.sim.config({ faults: [{ service: 'skatteetaten', route: 'aapnekrav', delayMs: 8000, times: 5 }] });
    const abandoned = await runLoad({
      url, callers: 5, durationMs: 60_000, maxRequests: 5,
      pick: () => ({ path: `/v1/parties/${party}/aapnekrav`, headers: { ...headers, ...cancelAfter(1000) } }),
    });
    assert.deepEqual(abandoned.byStatus, { 499: 5 }, 'the five clients went away');
    const stats = await s.sim.stats();
    assert.equal(stats.faultsApplied, 5, 'all five reached the slow upstream');
    const t0 = performance.now();
    const next = await fetch(`${url}/v1/parties/${party}/aapnekrav`, { headers });
    const ms = performance.now() - t0;
    assert.equal(next.status, 200, await next.text());
    console.log(`# the next call after five abandoned ones: ${ms.toFixed(0)} ms`);
    // The abandoned calls' upstream requests are still running (8 s); the permits they held must be free now.
    assert.ok(ms < 3000, `the next call took ${ms.toFixed(0)} ms (the abandoned ones would hold it for ~7 s)`);
    await sleep(100);
    assert.deepEqual(runtimeFailures(readFileSync(s.worker.logFile, 'utf8')), []);
  });

  test('a client that goes away while its request fetches a token does not block the others', async () => {
    const headers = { authorization: `Bearer ${token}` };
    const { url } = s;
    await s.consent(party, { token }); // a new consent: the next data call needs a new token
    await s.sim.config({ clearFaults: true, faults: [{ service: 'maskinporten', route: 'token', delayMs: 8000, times: 1 }] });
    const leaver = fetch(`${url}/v1/parties/${party}/aapnekrav`, { headers: { ...headers, ...cancelAfter(800) } }).then((r) => r.status);
    await sleep(300);
    const t0 = performance.now();
    const joiners = await Promise.all([1, 2, 3].map(() => fetch(`${url}/v1/parties/${party}/aapnekrav`, { headers }).then(async (r) => [r.status, await r.text()])));
    const ms = performance.now() - t0;
    assert.equal(await leaver, 499, 'the first client went away');
    for (const [status, body] of joiners) assert.equal(status, 200, body);
    console.log(`# three joiners after an abandoned token fetch: ${ms.toFixed(0)} ms`);
    assert.ok(ms < 5000, `the joiners took ${ms.toFixed(0)} ms (the abandoned token fetch takes 8 s)`);
    assert.deepEqual(runtimeFailures(readFileSync(s.worker.logFile, 'utf8')), []);
  });
});
