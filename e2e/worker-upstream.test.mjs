// Upstream failures and their problem codes, with the simulator's fault injection: Maskinporten refusals,
// Skatteetaten's error codes (KB-009, KB-004, DAS-003 ...), retries only for GETs on 5xx, timeouts that abort,
// dropped connections, garbage answers, and failures while starting a consent.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { TEST_PARTIES, startStack } from './worker-harness.mjs';

let s;
let token;
const party = '313367002';
const unknownOrg = '974760673'; // a valid organisasjonsnummer the simulator has no data for
before(async () => {
  s = await startStack({ vars: { UPSTREAM_TIMEOUT_MS: '1500' } });
  token = await s.session({ parties: [...TEST_PARTIES, unknownOrg] });
  await s.consent(party, { token });
});
after(async () => { await s?.stop(); });
beforeEach(async () => { await s.sim.config({ clearFaults: true }); });

const total = (stats, route) => stats.requests[route]?.total ?? 0;
const aapnekrav = (p = party) => s.api('GET', `/v1/parties/${p}/aapnekrav`, { token });
/** A new consent for `party`, so that the next data call needs a new Maskinporten token. */
const freshConsent = async (p = party) => { await s.consent(p, { token }); };
const fault = (f) => s.sim.config({ faults: [f] });
const expect = (r, status, code) => {
  assert.equal(r.status, status, r.text);
  assert.equal(r.json.code, code, r.text);
  assert.ok(r.json.detail.length > 0);
};

describe('Maskinporten', () => {
  for (const [name, body, code] of [
    ['an unknown client', { error: 'invalid_grant', error_description: 'Authentication of client by JWT failed: Client not found' }, 'maskinporten_client_unknown'],
    ['a missing scope', { error: 'invalid_scope', error_description: 'Invalid scope - Token request contains invalid scopes for client: skatteetaten:kravogbetalinger' }, 'maskinporten_scope_missing'],
    ['a bad signature', { error: 'invalid_grant', error_description: 'Validation of JWT failed: Could not validate JWT Signature' }, 'maskinporten_error'],
  ]) {
    test(`${name} is ${code}, and nothing is sent to Skatteetaten`, async () => {
      await freshConsent();
      await fault({ service: 'maskinporten', route: 'token', status: 400, body, times: 1 });
      await s.sim.resetStats();
      const r = await aapnekrav();
      expect(r, 502, code);
      assert.equal(total(await s.sim.stats(), 'skatteetaten.aapnekrav'), 0);
    });
  }

  test('Maskinporten down (503, or a dropped connection) is upstream_unavailable, and a POST is not retried', async () => {
    await freshConsent();
    await fault({ service: 'maskinporten', route: 'token', status: 503, body: 'Service Unavailable', times: 1 });
    await s.sim.resetStats();
    expect(await aapnekrav(), 503, 'upstream_unavailable');
    assert.equal(total(await s.sim.stats(), 'maskinporten.token'), 1);
    await fault({ service: 'maskinporten', route: 'token', drop: true, times: 1 });
    expect(await aapnekrav(), 503, 'upstream_unavailable');
    const ok = await aapnekrav();
    assert.equal(ok.status, 200, 'the failure is not cached');
  });
});

describe('clock skew', () => {
  // The Worker learns Maskinporten's clock from its Date header and signs the next grant by it: a grant refused as
  // expired (Maskinporten ahead) or as issued in the future (behind) is made again once, and then succeeds.
  for (const [offset, reason] of [[300, 'expired'], [-300, 'iat_future']]) {
    test(`Maskinporten's clock ${offset > 0 ? 'ahead' : 'behind'} by ${Math.abs(offset)} s: one grant refused (${reason}), the next signed by its clock`, async () => {
      try {
        await freshConsent();
        await s.sim.config({ clockOffsetSecs: offset });
        await s.sim.resetStats();
        const r = await aapnekrav();
        assert.equal(r.status, 200, r.text);
        const stats = await s.sim.stats();
        assert.deepEqual(stats.grantsRejected.byReason, { [reason]: 1 });
        assert.equal(stats.tokens.issued, 1);
      } finally {
        // Back to the real clock, and the Worker re-learns it the same way (so later tests start from zero).
        await s.sim.config({ clockOffsetSecs: 0 });
        await freshConsent();
        assert.equal((await aapnekrav()).status, 200);
      }
    });
  }
});

describe('Skatteetaten', () => {
  test('KB-009 (no such party) is party_not_found with the korrelasjonsid', async () => {
    await freshConsent(unknownOrg);
    const r = await aapnekrav(unknownOrg);
    expect(r, 404, 'party_not_found');
    assert.match(r.json.korrelasjonsid, /^[0-9a-f-]{36}$/);
  });

  test('DAS-003 twice is retried and succeeds the third time', async () => {
    await fault({ service: 'skatteetaten', route: 'aapnekrav', skatteetatenError: 'DAS-003', times: 2 });
    await s.sim.resetStats();
    const r = await aapnekrav();
    assert.equal(r.status, 200, r.text);
    const stats = await s.sim.stats();
    assert.equal(total(stats, 'skatteetaten.aapnekrav'), 3);
    // One logical call: its three attempts carry the same Korrelasjonsid, the one the answer names.
    const sent = stats.skatteetatenCallIds.recent.map((c) => c.korrelasjonsid);
    assert.deepEqual(sent, [r.headers.get('korrelasjonsid'), r.headers.get('korrelasjonsid'), r.headers.get('korrelasjonsid')]);
  });

  test('every call carries a fresh Korrelasjonsid and the Klientid (default: the Maskinporten client id)', async () => {
    await freshConsent(unknownOrg);
    await s.sim.resetStats();
    const answers = [await aapnekrav(), await aapnekrav(), await aapnekrav(unknownOrg)];
    const { skatteetatenCallIds: ids } = await s.sim.stats();
    assert.equal(ids.withKorrelasjonsid, 3, JSON.stringify(ids));
    assert.equal(ids.withoutKorrelasjonsid + ids.malformedKorrelasjonsid, 0);
    assert.deepEqual(ids.byKlientid, { 'kravkit-e2e': 3 });
    const sent = ids.recent.map((c) => c.korrelasjonsid);
    assert.equal(new Set(sent).size, 3, 'one id per call');
    assert.match(sent[0], /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    // The data answer and the problem name the id that was sent (the simulator echoes it).
    assert.deepEqual([answers[0].headers.get('korrelasjonsid'), answers[1].headers.get('korrelasjonsid'), answers[2].json.korrelasjonsid], sent);
  });

  test('DAS-003 that persists is upstream_unavailable after 3 attempts, with the korrelasjonsid', async () => {
    await fault({ service: 'skatteetaten', route: 'krav', skatteetatenError: 'DAS-003' });
    await s.sim.resetStats();
    const r = await s.api('GET', `/v1/parties/${party}/krav?fraOgMed=2025-01-01&tilOgMed=2025-12-31`, { token });
    expect(r, 503, 'upstream_unavailable');
    assert.match(r.json.korrelasjonsid, /^[0-9a-f-]{36}$/);
    assert.equal(total(await s.sim.stats(), 'skatteetaten.krav'), 3);
  });

  test('a 4xx is never retried: KB-006 and DAS-008 are upstream_error after one attempt; KB-004 after one more with a fresh token', async () => {
    for (const [code, attempts, tokens] of [['KB-004', 2, 1], ['KB-006', 1, 0], ['DAS-008', 1, 0]]) {
      await s.sim.config({ clearFaults: true });
      await aapnekrav(); // a token is held
      await fault({ service: 'skatteetaten', route: 'aapnekrav', skatteetatenError: code });
      await s.sim.resetStats();
      expect(await aapnekrav(), 502, 'upstream_error');
      const stats = await s.sim.stats();
      assert.equal(total(stats, 'skatteetaten.aapnekrav'), attempts, code);
      assert.equal(stats.tokens.issued, tokens, `${code}: tokens fetched`);
    }
  });

  test('a token Skatteetaten refuses once (KB-004: expired on its clock while the call waited) is replaced and the call answered', async () => {
    await s.sim.config({ clearFaults: true });
    assert.equal((await aapnekrav()).status, 200, 'a token is held');
    await fault({ service: 'skatteetaten', route: 'aapnekrav', skatteetatenError: 'KB-004', times: 1 });
    await s.sim.resetStats();
    const r = await aapnekrav();
    assert.equal(r.status, 200, r.text);
    const stats = await s.sim.stats();
    assert.equal(total(stats, 'skatteetaten.aapnekrav'), 2, 'the refused attempt and one with a fresh token');
    assert.equal(stats.tokens.issued, 1, 'one fresh token');
  });

  test('a 500 without Skatteetaten\'s body is retried, then upstream_unavailable', async () => {
    await fault({ service: 'skatteetaten', route: 'utbetalinger', status: 502, body: '<html>Bad Gateway</html>', contentType: 'text/html' });
    await s.sim.resetStats();
    const r = await s.api('GET', `/v1/parties/${party}/utbetalinger?fraOgMed=2025-01-01&tilOgMed=2025-12-31`, { token });
    expect(r, 503, 'upstream_unavailable');
    assert.equal(total(await s.sim.stats(), 'skatteetaten.utbetalinger'), 3);
  });

  test('a slow answer is aborted at the timeout and is upstream_unavailable, without a retry', async () => {
    await fault({ service: 'skatteetaten', route: 'aapnekrav', delayMs: 3000, times: 1 });
    await s.sim.resetStats();
    const t0 = Date.now();
    const r = await aapnekrav();
    const took = Date.now() - t0;
    expect(r, 503, 'upstream_unavailable');
    assert.match(r.json.detail, /did not answer within 1500 ms/);
    assert.ok(took >= 1400 && took < 2900, `aborted at the 1.5 s timeout, took ${took} ms`);
    // One attempt reached the simulator (it counts requests when answered, so count the fault instead).
    assert.equal((await s.sim.stats()).faultsApplied, 1);
  });

  test('at most 5 calls to Skatteetaten run at once from one isolate; the rest wait their turn', async () => {
    await fault({ service: 'skatteetaten', route: 'aapnekrav', delayMs: 200 });
    await s.sim.resetStats();
    const results = await Promise.all(Array.from({ length: 20 }, () => aapnekrav()));
    assert.deepEqual(results.map((r) => r.status), Array(20).fill(200));
    // The simulator counts what it was answering at once: 20 calls of 200 ms overlap, 5 at a time, never more.
    const route = (await s.sim.stats()).requests['skatteetaten.aapnekrav'];
    assert.equal(route.total, 20);
    assert.equal(route.maxInFlight, 5);
  });

  test('a dropped connection is retried (a GET), then answers', async () => {
    await fault({ service: 'skatteetaten', route: 'aapnekrav', drop: true, times: 1 });
    const r = await aapnekrav();
    assert.equal(r.status, 200, r.text);
  });

  test('an answer that is not the data is upstream_error', async () => {
    for (const body of ['not json at all', [1, 2, 3], { aapentKravMedGjenstaaendeBeloep: [{ kravidentifikator: 'x', opprinneligBeloep: 'NaN', gjenstaaendeBeloep: 1 }] }]) {
      await s.sim.config({ clearFaults: true });
      await fault({ service: 'skatteetaten', route: 'aapnekrav', status: 200, body });
      expect(await aapnekrav(), 502, 'upstream_error');
    }
  });
});

describe('Altinn', () => {
  test('at most 5 calls to Altinn run at once from one isolate, as for every upstream API', async () => {
    await fault({ service: 'altinn3', route: 'consentrequests.create', delayMs: 200 });
    await s.sim.resetStats();
    const results = await Promise.all(Array.from({ length: 12 }, () =>
      s.api('POST', '/v1/consents', { token, body: { party: '311851381', returnUrl: `${s.url}/return` } })));
    assert.deepEqual(results.map((r) => r.status), Array(12).fill(201));
    const route = (await s.sim.stats()).requests['altinn3.consentrequests.create'];
    assert.equal(route.total, 12);
    assert.equal(route.maxInFlight, 5);
  });

  test('Altinn 3 failing while a consent starts: 5xx is upstream_unavailable, a refusal is upstream_error', async () => {
    await fault({ service: 'altinn3', route: 'consentrequests.create', status: 500, body: { title: 'Internal Server Error', status: 500 }, times: 1 });
    const body = { party, returnUrl: `${s.url}/return` };
    expect(await s.api('POST', '/v1/consents', { token, body }), 503, 'upstream_unavailable');
    await fault({ service: 'altinn3', route: 'consentrequests.create', status: 400, body: { title: 'Invalid party', status: 400, code: 'AM-00001' }, times: 1 });
    const refused = await s.api('POST', '/v1/consents', { token, body });
    expect(refused, 502, 'upstream_error');
    assert.match(refused.json.detail, /AM-00001/);
    await fault({ service: 'altinn3', route: 'consentrequests.create', delayMs: 3000, times: 1 });
    expect(await s.api('POST', '/v1/consents', { token, body }), 503, 'upstream_unavailable');
  });

  test('Altinn 3 failing at the callback: the browser still gets a 303, with kravkitError', async () => {
    const start = await s.api('POST', '/v1/consents', { token, body: { party: '311851381', returnUrl: `${s.url}/return` } });
    const id = new URL(start.json.redirectUrl).searchParams.get('id');
    const answer = await fetch(`${s.sim.url}/altinn3/ui/consent/request/${id}/approve`, { method: 'POST', redirect: 'manual' });
    await fault({ service: 'altinn3', route: 'consentrequests.get', status: 503 });
    const cb = await s.api('GET', new URL(answer.headers.get('location')).pathname + new URL(answer.headers.get('location')).search);
    assert.equal(cb.status, 303);
    const q = Object.fromEntries(new URL(cb.headers.get('location')).searchParams);
    assert.deepEqual(q, { kravkitConsent: 'failed', kravkitParty: '311851381', kravkitError: 'upstream_unavailable' });
  });
});

test('every response matched worker/openapi.json', () => {
  assert.deepEqual(s.invalid, []);
  assert.ok(s.recorded.length > 30);
});
