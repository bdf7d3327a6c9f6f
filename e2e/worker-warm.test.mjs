// A consent status that finds a granted consent fetches, after its answer, the credentials the data call that
// usually follows will need (the widget asks for the status first, then for the data): so a cold view waits for
// one Maskinporten round trip less. The status answer never waits for it, a data call arriving meanwhile takes part
// in that fetch instead of making its own, and a consent that is not granted starts nothing.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { startStack } from './worker-harness.mjs';

const total = (stats, route) => stats.requests[route]?.total ?? 0;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls `probe` until it answers truthy (at most 10 s); its last answer. */
async function eventually(probe, what) {
  const deadline = Date.now() + 10_000;
  let v = await probe();
  while (!v && Date.now() < deadline) { await sleep(50); v = await probe(); }
  assert.ok(v, what);
  return v;
}

/** The log lines of `s`'s Worker for `route`, parsed. */
const lines = (s, route) => readFileSync(s.worker.logFile, 'utf8').split('\n')
  .filter((l) => l.startsWith('{') && l.includes(`"route":"${route}"`)).map((l) => JSON.parse(l));
const STATUS = '/v1/parties/{party}/consent';
const DATA = '/v1/parties/{party}/aapnekrav';

describe('Altinn 3', () => {
  let s;
  let token;
  before(async () => {
    s = await startStack();
    token = await s.session();
  });
  after(async () => { await s?.stop(); });
  const status = (party) => s.api('GET', `/v1/parties/${party}/consent`, { token });
  const data = (party) => s.api('GET', `/v1/parties/${party}/aapnekrav`, { token });
  /** A new consent for `party` (nothing cached for it) and the simulator's counters reset. */
  const fresh = async (party) => {
    const { start } = await s.consent(party, { token });
    await s.sim.config({ clearFaults: true });
    await s.sim.resetStats();
    return new URL(start.json.redirectUrl).searchParams.get('id');
  };

  test('the status answers first; the token comes after, and the data call then fetches none', async () => {
    const party = '313367002';
    await fresh(party);
    // Maskinporten slow enough that the answer is back long before the token.
    await s.sim.config({ faults: [{ service: 'maskinporten', route: 'token', delayMs: 1500 }] });
    const before = lines(s, STATUS).length;
    const st = await status(party);
    assert.equal(st.status, 200, st.text);
    assert.equal(st.json.status, 'granted');
    assert.equal((await s.sim.stats()).tokens.issued, 0, 'the answer did not wait for the token');
    await eventually(async () => (await s.sim.stats()).tokens.issued === 1, 'the token was fetched without a data call');
    // The status's log line is written when its work ends, with the token fetch in it.
    const line = await eventually(() => lines(s, STATUS).slice(before).find((l) => l.background), 'the status line');
    assert.equal(line.background, 'warm_credentials');
    assert.ok(line.backgroundEndedMs >= line.durationMs, JSON.stringify(line));
    assert.ok(line.upstream.some((u) => u.api === 'maskinporten' && u.call === 'token' && u.status === 200), JSON.stringify(line));

    await s.sim.config({ clearFaults: true });
    const seen = lines(s, DATA).length;
    const d = await data(party);
    assert.equal(d.status, 200, d.text);
    const stats = await s.sim.stats();
    assert.equal(total(stats, 'maskinporten.token'), 1, 'the data call used the warmed token');
    assert.equal(total(stats, 'skatteetaten.aapnekrav'), 1);
    const dataLine = await eventually(() => lines(s, DATA)[seen], 'the data line');
    assert.deepEqual(dataLine.cache.map((c) => `${c.cache}:${c.outcome}`), ['consent:hit', 'token:hit'],
      'the record the status read and the warmed token, both from memory');
  });

  test('a data call sent right after the status takes part in the fetch under way', async () => {
    const party = '311851381';
    await fresh(party);
    await s.sim.config({ faults: [{ service: 'maskinporten', route: 'token', delayMs: 800 }] });
    const st = await status(party);
    assert.equal(st.json.status, 'granted');
    const seen = lines(s, DATA).length;
    const d = await data(party);
    assert.equal(d.status, 200, d.text);
    const stats = await s.sim.stats();
    assert.equal(total(stats, 'maskinporten.token'), 1, 'one token for both');
    const dataLine = await eventually(() => lines(s, DATA)[seen], 'the data line');
    assert.ok(dataLine.cache.some((c) => c.cache === 'token' && c.outcome === 'shared'), JSON.stringify(dataLine.cache));
  });

  test('a data call that took part in a warm-up whose token fetch failed fetches its own and answers 200', async () => {
    const party = '313367002';
    await fresh(party);
    // The warm-up's fetch is refused once, late enough that the data call is waiting on it; the next one is answered.
    await s.sim.config({ faults: [{ service: 'maskinporten', route: 'token', delayMs: 600, status: 503, times: 1 }] });
    const st = await status(party);
    assert.equal(st.json.status, 'granted');
    const seen = lines(s, DATA).length;
    const d = await data(party);
    assert.equal(d.status, 200, d.text);
    const dataLine = await eventually(() => lines(s, DATA)[seen], 'the data line');
    assert.ok(dataLine.cache.some((c) => c.cache === 'token' && c.outcome === 'refetched'), JSON.stringify(dataLine.cache));
    assert.ok(dataLine.upstream.some((u) => u.api === 'maskinporten' && u.status === 200), JSON.stringify(dataLine.upstream));
    assert.equal(total(await s.sim.stats(), 'maskinporten.token'), 2, "the warm-up's fetch and the data call's own");
  });

  test('a second status with the token held starts no fetch', async () => {
    const party = '313367002';
    assert.equal((await data(party)).status, 200);
    await s.sim.resetStats();
    const seen = lines(s, STATUS).length;
    assert.equal((await status(party)).json.status, 'granted');
    const line = await eventually(() => lines(s, STATUS)[seen], 'the status line');
    assert.equal(line.background, 'warm_credentials');
    assert.equal(total(await s.sim.stats(), 'maskinporten.token'), 0);
  });

  test('a consent that is not granted starts nothing', async () => {
    const party = '314961900';
    await s.sim.resetStats();
    const before = lines(s, STATUS).length;
    const none = await status(party);
    assert.equal(none.json.status, 'none');
    const { start } = await s.consent(party, { token, action: 'reject' });
    assert.ok(start);
    await s.sim.resetStats();
    const denied = await status(party);
    assert.equal(denied.json.status, 'denied');
    const mine = await eventually(() => { const l = lines(s, STATUS).slice(before); return l.length >= 2 && l; }, 'both lines');
    for (const l of mine) assert.equal(l.background, undefined, JSON.stringify(l));
    assert.equal(total(await s.sim.stats(), 'maskinporten.token'), 0);
  });

  test('a consent withdrawn at Altinn is found by the warm-up and recorded; the data call then asks nobody', async () => {
    const party = '311851381';
    const consentId = await fresh(party);
    await s.sim.config({ consents: [{ id: consentId, action: 'revoke' }] });
    assert.equal((await status(party)).json.status, 'granted', 'the record still says granted');
    await eventually(async () => (await status(party)).json.status === 'revoked', 'the warm-up recorded the revocation');
    await s.sim.resetStats();
    const gone = await data(party);
    assert.equal(gone.status, 403, gone.text);
    assert.equal(gone.json.code, 'consent_revoked');
    assert.deepEqual((await s.sim.stats()).requests, {}, 'nothing upstream once the revocation is recorded');
  });
});

describe('Altinn 2', () => {
  let s;
  let token;
  before(async () => {
    s = await startStack({ mode: 'altinn2' });
    token = await s.session();
  });
  after(async () => { await s?.stop(); });

  test('the consent token and the bank token are fetched side by side after the status, and then reused', async () => {
    const party = '313367002';
    await s.consent(party, { token });
    // A fresh isolate: the consent token the callback fetched is no longer held.
    await s.restartWorker();
    await s.sim.resetStats();
    // The consent token slow: the bank token is issued while it is still on its way (fetched one after the other,
    // the bank token would only be asked for after it).
    await s.sim.config({ faults: [{ service: 'altinn2', route: 'token', delayMs: 1500 }] });
    const seen = lines(s, STATUS).length;
    const st = await s.api('GET', `/v1/parties/${party}/consent`, { token });
    assert.equal(st.json.status, 'granted');
    await eventually(async () => (await s.sim.stats()).tokens.issued === 1, 'the bank token was issued');
    assert.equal((await s.sim.stats()).requests['altinn2.token']?.inFlight, 1, 'while the consent token is still on its way');
    const line = await eventually(() => lines(s, STATUS)[seen], 'the status line');
    const calls = line.upstream.map((u) => `${u.api}:${u.call}:${u.status}`).sort();
    assert.deepEqual(calls, ['altinn2:token:200', 'maskinporten:token:200']);
    await s.sim.config({ clearFaults: true });
    await s.sim.resetStats();
    const d = await s.api('GET', `/v1/parties/${party}/aapnekrav`, { token });
    assert.equal(d.status, 200, d.text);
    const stats = await s.sim.stats();
    assert.equal(total(stats, 'maskinporten.token'), 0, 'the bank token was reused');
    assert.equal(total(stats, 'altinn2.token'), 0, 'the consent token was reused');
  });
});
