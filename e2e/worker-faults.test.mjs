// The fault matrix: every upstream call the Worker makes × every fault the simulator injects. Each row checks the
// answer (the documented problem code, with Skatteetaten's korrelasjonsid where it sent one), the D1 record after
// it, and that the next call once the fault is cleared succeeds (no stuck state). One simulator and one Worker per
// consent mode (the mode is a deployment setting), reset between rows; the wrangler log is checked for panics,
// hung requests and uncaught errors at the end. docs/reliability.md (## Fault matrix) shows the same table.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startSim } from './sim.mjs';
import { query, startStack } from './worker-harness.mjs';

const TIMEOUT_MS = 800;
const today = () => new Date().toISOString().slice(0, 10);
const yearAgo = () => new Date(Date.now() - 364 * 86_400_000).toISOString().slice(0, 10);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const total = (stats, route) => stats.requests[route]?.total ?? 0;

/** Faults that every upstream call gets. */
const GENERIC = {
  '4xx, HTML body': { status: 400, body: '<html><body>Bad Request</body></html>', contentType: 'text/html' },
  '5xx, odd JSON body': { status: 500, body: { unexpected: [1, 2, 3] } },
  '5xx, empty body': { status: 503 },
  '2xx, not JSON': { status: 200, body: 'not json at all' },
  [`delay past the ${TIMEOUT_MS} ms timeout`]: { delayMs: TIMEOUT_MS + 700 },
  'dropped connection': { drop: true },
};
const transport = (name) => name.startsWith('delay') || name === 'dropped connection';
/** The documented answer to a generic fault: 5xx, a timeout or a dropped connection is unavailable, the rest an error. */
const genericCode = (name) => (transport(name) || name.startsWith('5xx') ? 'upstream_unavailable' : 'upstream_error');

/** Skatteetaten's codes as the simulator answers them, and the documented answer to each. */
const SKE_CODES = {
  'KB-001': [503, 'upstream_unavailable'], 'KB-002': [503, 'upstream_unavailable'], 'KB-003': [502, 'upstream_error'],
  'KB-004': [502, 'upstream_error'], 'KB-005': [403, 'consent_required'], 'KB-006': [502, 'upstream_error'],
  'KB-007': [200, null], 'KB-008': [502, 'upstream_error'], 'KB-009': [404, 'party_not_found'],
  'DAS-001': [503, 'upstream_unavailable'], 'DAS-002': [502, 'upstream_error'], 'DAS-003': [503, 'upstream_unavailable'],
  'DAS-004': [503, 'upstream_unavailable'], 'DAS-008': [502, 'upstream_error'],
};
const STATUS_OF = { upstream_unavailable: 503, upstream_error: 502, maskinporten_error: 502, consent_required: 403, consent_revoked: 403, party_not_found: 404 };

/** The rows run, for the summary printed at the end (the docs table is checked against it by eye). */
const matrix = [];

function expectProblem(r, code, { korrelasjonsid = false } = {}) {
  assert.equal(r.status, STATUS_OF[code], r.text);
  assert.match(r.headers.get('content-type') ?? '', /^application\/problem\+json/);
  assert.equal(r.json.code, code, r.text);
  assert.ok(r.json.detail.length > 0);
  if (korrelasjonsid) assert.match(r.json.korrelasjonsid ?? '', UUID, 'the korrelasjonsid of the call to Skatteetaten');
  else assert.equal(r.json.korrelasjonsid, undefined);
}

/** The wrangler log has no panic, no request the runtime cancelled as hung, no uncaught error. */
function assertCleanLog(logFile) {
  const log = readFileSync(logFile, 'utf8');
  const bad = log.split('\n').filter((l) => /panicked|hung|uncaught|RuntimeError|closure invoked/i.test(l));
  assert.deepEqual(bad, [], `the wrangler log (${logFile})`);
}

/** D1 read directly (wrangler d1 execute): every record is one the API shows the same way, in a valid state. */
async function assertD1(s, api, mode) {
  const [{ results }] = await s.worker.sql(`SELECT party, mode, status, consent_ref FROM consents ORDER BY party`);
  assert.ok(results.length >= 3);
  for (const row of results) {
    assert.equal(row.mode, mode);
    assert.match(row.consent_ref, /^[0-9a-f-]{36}$/i);
    const view = (await api('GET', `/v1/parties/${row.party}/consent`)).json;
    assert.equal(view.status, row.status, `party ${row.party}`);
  }
}

/**
 * A return URL of its own for each consent start: a start for the same subject, party and return URL as a recent
 * pending one reuses it (no call to Altinn), and each row here must reach Altinn.
 */
let starts = 0;
/** The Worker's outcome parameters on a return URL (without the row's own `start`). */
const outcome = (location) => {
  const { start: _, ...rest } = query(location);
  return rest;
};
function returnUrl(base) {
  starts += 1;
  return `${base}/return?start=${starts}`;
}

describe('Altinn 3 consent', () => {
  let s;
  let token;
  let sim; // the simulator in use (replaced when the restart row restarts it)
  const simKeys = mkdtempSync(join(tmpdir(), 'kravkit-sim-keys-')); // kept across that restart, as scripts/demo does
  const SKE_PARTY = '313367002';
  const MP_PARTY = '314961900';
  const A3_PARTY = '311851381';
  const GONE_PARTY = '314055403';
  const RESTART_PARTY = '212201782';
  const api = (method, path, opts = {}) => s.api(method, path, { token, ...opts });
  const consentOf = async (party) => (await api('GET', `/v1/parties/${party}/consent`)).json;
  const d1 = async (party) => {
    const [{ results }] = await s.worker.sql(`SELECT status, consent_ref FROM consents WHERE party = '${party}' AND mode = 'altinn3'`);
    return results[0];
  };
  const consentId = (start) => new URL(start.json.redirectUrl).searchParams.get('id');
  /** Between rows: no faults, real clocks, counters from zero. */
  const clean = async () => { await sim.config({ clearFaults: true, clockOffsetSecs: 0, clockOffsets: {} }); await sim.resetStats(); };
  const fault = (f) => sim.config({ faults: [f] });
  const data = (endpoint, party = SKE_PARTY) =>
    api('GET', `/v1/parties/${party}/${endpoint}${endpoint === 'aapnekrav' ? '' : `?fraOgMed=${yearAgo()}&tilOgMed=${today()}`}`);

  before(async () => {
    s = await startStack({
      mode: 'altinn3',
      simKeys,
      sim: { tokenLifetimeSecs: 3600 }, // only the faults make the Worker fetch new tokens
      vars: (started) => ({ SESSION_JWKS: '', SESSION_JWKS_URL: `${started.url}/session/jwks.json`, UPSTREAM_TIMEOUT_MS: String(TIMEOUT_MS) }),
    });
    sim = s.sim;
    await sim.config({ sessionJwks: s.jwks });
    token = await s.session();
  });
  after(async () => {
    await s?.stop();
    if (sim !== s?.sim) await sim?.stop();
  });

  // Before anything else: the session JWKS is fetched only until the first success (then cached), so its rows come
  // first. Each row's fault is met by a fresh fetch once the last failure is no longer remembered (2 s); the last
  // row's next call succeeds.
  describe('session JWKS URL', () => {
    for (const [name, f] of Object.entries(GENERIC)) {
      test(`session JWKS × ${name}: 503 upstream_unavailable, tried again on the next call`, async () => {
        // A failed fetch is remembered for 2 s (no request fetches again meanwhile): each row waits it out.
        await sleep(2_100);
        await clean();
        await fault({ service: 'session', route: 'jwks', ...f });
        const r = await api('GET', `/v1/parties/${SKE_PARTY}/consent`);
        expectProblem(r, 'upstream_unavailable');
        assert.match(r.json.detail, /session key set/);
        assert.doesNotMatch(r.text, /jwks\.json|127\.0\.0\.1/, 'the URL is not revealed');
        assert.ok((await sim.stats()).faultsApplied >= 1, 'the Worker fetched the key set again');
        matrix.push(['session JWKS', name, r.json.code, r.status, false, 'unchanged', 'ok']);
      });
    }
    test('session JWKS: the next call after the faults succeeds, and nothing was cached from them', async () => {
      await sleep(2_100);
      await clean();
      const r = await api('GET', `/v1/parties/${SKE_PARTY}/consent`);
      assert.equal(r.status, 200, r.text);
      assert.equal(total(await sim.stats(), 'session.jwks'), 1);
    });
  });

  describe('setup', () => {
    test('a granted consent for the data rows', async () => {
      await clean();
      await s.consent(SKE_PARTY, { token });
      assert.equal((await data('aapnekrav')).status, 200);
    });
  });

  describe('Maskinporten token', () => {
    const rows = { ...GENERIC, '400 invalid_grant, odd description': { status: 400, body: { error: 'invalid_grant', error_description: '\u0000☃'.repeat(50) } } };
    for (const [name, f] of Object.entries(rows)) {
      // Any answer from the token endpoint that is not a token, and not a 5xx, is a Maskinporten refusal.
      const code = genericCode(name) === 'upstream_error' || name.startsWith('400') ? 'maskinporten_error' : genericCode(name);
      test(`Maskinporten token × ${name}: ${code}; the consent stays granted; the next call succeeds`, async () => {
        await clean();
        await s.consent(MP_PARTY, { token }); // a new consent: the data call needs a new token
        await fault({ service: 'maskinporten', route: 'token', ...f });
        const r = await data('aapnekrav', MP_PARTY);
        expectProblem(r, code);
        assert.equal(total(await sim.stats(), 'skatteetaten.aapnekrav'), 0, 'nothing sent to Skatteetaten');
        assert.equal((await consentOf(MP_PARTY)).status, 'granted');
        await sim.config({ clearFaults: true });
        assert.equal((await data('aapnekrav', MP_PARTY)).status, 200);
        matrix.push(['Maskinporten token', name, code, r.status, false, 'granted', 'ok']);
      });
    }
    for (const [offset, reason] of [[300, 'expired'], [-300, 'iat_future']]) {
      const name = `clock ${offset > 0 ? 'ahead' : 'behind'} ${Math.abs(offset)} s`;
      test(`Maskinporten token × ${name}: one grant refused (${reason}), signed again by its clock: 200`, async () => {
        await clean();
        await s.consent(MP_PARTY, { token });
        await sim.config({ clockOffsetSecs: offset });
        await sim.resetStats();
        const r = await data('aapnekrav', MP_PARTY);
        assert.equal(r.status, 200, r.text);
        assert.deepEqual((await sim.stats()).grantsRejected.byReason, { [reason]: 1 });
        // Back to the real clock: the Worker re-learns it the same way.
        await sim.config({ clockOffsetSecs: 0 });
        await s.consent(MP_PARTY, { token });
        assert.equal((await data('aapnekrav', MP_PARTY)).status, 200, 'back on the real clock');
        matrix.push(['Maskinporten token', name, '200 (grant made again)', 200, false, 'granted', 'ok']);
      });
    }
  });

  describe('Altinn 3 create', () => {
    for (const [name, f] of Object.entries(GENERIC)) {
      const code = genericCode(name);
      test(`Altinn 3 create × ${name}: ${code}; no record; the next start succeeds`, async () => {
        await clean();
        const before = await consentOf(A3_PARTY);
        await fault({ service: 'altinn3', route: 'consentrequests.create', ...f });
        const r = await api('POST', '/v1/consents', { body: { party: A3_PARTY, returnUrl: returnUrl(s.url) } });
        expectProblem(r, code);
        assert.deepEqual(await consentOf(A3_PARTY), before, 'the record is unchanged');
        await sim.config({ clearFaults: true });
        const next = await api('POST', '/v1/consents', { body: { party: A3_PARTY, returnUrl: returnUrl(s.url) } });
        assert.equal(next.status, 201, next.text);
        assert.equal((await consentOf(A3_PARTY)).status, 'pending');
        matrix.push(['Altinn 3 create', name, code, r.status, false, `unchanged (${before.status})`, 'ok']);
      });
    }
  });

  describe('Altinn 3 get (confirming the callback)', () => {
    for (const [name, f] of Object.entries(GENERIC)) {
      const code = genericCode(name);
      test(`Altinn 3 get × ${name}: 303 with kravkitError=${code}; pending; the next flow is granted`, async () => {
        await clean();
        const start = await api('POST', '/v1/consents', { body: { party: A3_PARTY, returnUrl: returnUrl(s.url) } });
        assert.equal(start.status, 201, start.text);
        const answer = await fetch(`${sim.url}/altinn3/ui/consent/request/${consentId(start)}/approve`, { method: 'POST', redirect: 'manual' });
        const callback = new URL(answer.headers.get('location'));
        const before = await consentOf(A3_PARTY);
        await fault({ service: 'altinn3', route: 'consentrequests.get', ...f });
        const cb = await s.api('GET', callback.pathname + callback.search);
        assert.equal(cb.status, 303, cb.text);
        assert.deepEqual(outcome(cb.headers.get('location')), { kravkitConsent: 'failed', kravkitParty: A3_PARTY, kravkitError: code });
        assert.deepEqual(await consentOf(A3_PARTY), before, 'nothing recorded without Altinn\'s word');
        await sim.config({ clearFaults: true });
        const next = await s.consent(A3_PARTY, { token });
        assert.equal(query(next.location).kravkitConsent, 'granted');
        matrix.push(['Altinn 3 get (callback)', name, `303 kravkitError=${code}`, 303, false, 'unchanged', 'ok']);
      });
    }
  });

  for (const endpoint of ['aapnekrav', 'krav', 'innbetalinger', 'utbetalinger']) {
    describe(`Skatteetaten ${endpoint}`, () => {
      for (const [name, f] of Object.entries(GENERIC)) {
        const code = genericCode(name);
        test(`Skatteetaten ${endpoint} × ${name}: ${code}; granted; the next call succeeds`, async () => {
          await clean();
          await fault({ service: 'skatteetaten', route: endpoint, ...f });
          const r = await data(endpoint);
          // The call was made: the problem names its Korrelasjonsid (the Worker's own when the answer had none).
          expectProblem(r, code, { korrelasjonsid: true });
          assert.equal((await consentOf(SKE_PARTY)).status, 'granted');
          await sim.config({ clearFaults: true });
          assert.equal((await data(endpoint)).status, 200);
          matrix.push([`Skatteetaten ${endpoint}`, name, code, r.status, false, 'granted', 'ok']);
        });
      }
      for (const [kode, [status, code]] of Object.entries(SKE_CODES)) {
        test(`Skatteetaten ${endpoint} × ${kode}: ${code ?? 'an empty answer'}, with the korrelasjonsid; the next call succeeds`, async () => {
          await clean();
          await fault({ service: 'skatteetaten', route: endpoint, skatteetatenError: kode });
          const r = await data(endpoint);
          if (code) expectProblem(r, code, { korrelasjonsid: true });
          else {
            assert.equal(r.status, 200, r.text);
            assert.match(r.headers.get('korrelasjonsid') ?? '', UUID);
          }
          // KB-005 with a consent Altinn still holds: the token is dropped, the record stays. (The status starts
          // the warm-up, which fetches the next token: counted from here.)
          await sim.resetStats();
          assert.equal((await consentOf(SKE_PARTY)).status, 'granted');
          await sim.config({ clearFaults: true });
          assert.equal((await data(endpoint)).status, 200);
          // A token Skatteetaten refused (KB-004) or found no consent in (KB-005) is not used again.
          const fresh = (await sim.stats()).tokens.byScope['skatteetaten:kravogbetalinger'] ?? 0;
          assert.equal(fresh, ['KB-004', 'KB-005'].includes(kode) ? 1 : 0, 'tokens fetched by the next call');
          matrix.push([`Skatteetaten ${endpoint}`, kode, code ?? '200 (empty)', status, true, 'granted', 'ok']);
        });
      }
    });
  }

  describe('Skatteetaten clock', () => {
    for (const offset of [3700, -3700]) { // past the hour the tokens live
      const name = `clock ${offset > 0 ? 'ahead' : 'behind'} ${Math.abs(offset)} s`;
      test(`Skatteetaten × ${name}: answered, and the next call on the real clock succeeds`, async () => {
        await clean();
        await s.consent(MP_PARTY, { token });
        assert.equal((await data('aapnekrav', MP_PARTY)).status, 200, 'a token is cached');
        await sim.config({ clockOffsets: { skatteetaten: offset } });
        const r = await data('aapnekrav', MP_PARTY);
        // Ahead, the token has expired for Skatteetaten (KB-004, and it is dropped); behind, it is still good.
        const code = offset > 0 ? 'upstream_error' : null;
        if (code) expectProblem(r, code, { korrelasjonsid: true });
        else assert.equal(r.status, 200, r.text);
        assert.equal((await consentOf(MP_PARTY)).status, 'granted');
        await sim.config({ clockOffsets: {} });
        assert.equal((await data('aapnekrav', MP_PARTY)).status, 200);
        matrix.push(['Skatteetaten', name, code ?? '200', r.status, Boolean(code), 'granted', 'ok']);
      });
    }
  });

  describe('consent changes at Altinn', () => {
    /** A new granted consent for `party`; with `cached`, a data call first so that a token carrying it is cached. */
    const granted = async (party, cached) => {
      const { start } = await s.consent(party, { token });
      if (cached) assert.equal((await data('aapnekrav', party)).status, 200);
      return consentId(start);
    };
    const rows = [
      ['revoked, token cached', 'revoke', true, 'consent_revoked', 'revoked', true],
      ['revoked, no token yet', 'revoke', false, 'consent_revoked', 'revoked', false],
      ['expired, token cached', 'expire', true, 'consent_required', 'expired', true],
      ['expired, no token yet', 'expire', false, 'consent_required', 'expired', false],
      ['no longer known to Altinn, token cached', 'forget', true, 'consent_revoked', 'revoked', true],
      ['no longer known to Altinn, no token yet', 'forget', false, 'consent_revoked', 'revoked', false],
    ];
    for (const [name, action, cached, code, recorded, korrelasjonsid] of rows) {
      test(`consent ${name}: ${code}, recorded ${recorded} once, then answered without upstream calls; a new consent works`, async () => {
        await clean();
        const id = await granted(GONE_PARTY, cached);
        await sim.config({ consents: [{ id, action }] });
        await sim.resetStats();
        const r = await data('aapnekrav', GONE_PARTY);
        expectProblem(r, code, { korrelasjonsid });
        const stats = await sim.stats();
        // Skatteetaten says KB-005 to the cached token, or Maskinporten refuses the grant; one status call to Altinn.
        assert.equal(total(stats, 'altinn3.consentrequests.get'), 1);
        assert.equal(total(stats, 'skatteetaten.aapnekrav'), cached ? 1 : 0);
        assert.equal(stats.grantsRejected.total, cached ? 0 : 1);
        assert.equal((await consentOf(GONE_PARTY)).status, recorded, 'recorded in D1 (read by GET …/consent)');
        await sim.resetStats();
        for (const endpoint of ['aapnekrav', 'krav']) expectProblem(await data(endpoint, GONE_PARTY), code);
        assert.deepEqual((await sim.stats()).requests, {}, 'nothing upstream once it is recorded');
        await granted(GONE_PARTY, false);
        assert.equal((await data('aapnekrav', GONE_PARTY)).status, 200, 'a new consent works');
        matrix.push(['consent (Altinn 3)', name, code, r.status, korrelasjonsid, recorded, 'ok (new consent)']);
      });
    }

    test('the simulator restarts and forgets its consents: the Worker records the consent as gone once', async () => {
      await clean();
      const id = await granted(RESTART_PARTY, true);
      assert.equal((await consentOf(RESTART_PARTY)).status, 'granted');
      await sim.stop();
      sim = await startSim({ config: s.simConfig, port: s.sim.port, keys: simKeys });
      await sim.config({ sessionJwks: s.jwks });
      assert.deepEqual((await sim.view()).consents.altinn3, []);
      // D1 still says granted until the Worker learns otherwise: the first data call finds out.
      assert.equal((await consentOf(RESTART_PARTY)).status, 'granted');
      const r = await data('aapnekrav', RESTART_PARTY);
      expectProblem(r, 'consent_revoked', { korrelasjonsid: true });
      assert.deepEqual(await d1(RESTART_PARTY), { status: 'revoked', consent_ref: id });
      assert.equal((await consentOf(RESTART_PARTY)).status, 'revoked');
      await sim.resetStats();
      for (let i = 0; i < 5; i++) expectProblem(await data('aapnekrav', RESTART_PARTY), 'consent_revoked');
      const stats = await sim.stats();
      assert.equal(total(stats, 'altinn3.consentrequests.get'), 0, 'no Altinn status call per view');
      assert.equal(total(stats, 'maskinporten.token'), 0, 'no Maskinporten call per view');
      await granted(RESTART_PARTY, false);
      assert.equal((await data('aapnekrav', RESTART_PARTY)).status, 200);
      matrix.push(['consent (Altinn 3)', 'simulator restarted (store empty)', 'consent_revoked', 403, true, 'revoked', 'ok (new consent)']);
    });
  });

  test('D1 after the matrix: one record per party, each as the API shows it', async () => {
    await assertD1(s, api, 'altinn3');
  });

  test('the wrangler log has no panic, hung request or uncaught error; every response matched the OpenAPI document', () => {
    assertCleanLog(s.worker.logFile);
    assert.deepEqual(s.invalid, []);
  });
});

describe('Altinn 2 consent', () => {
  let s;
  let token;
  const DATA_PARTY = '313367002';
  const A2_PARTY = '311851381';
  const GONE_PARTY = '314055403';
  const api = (method, path, opts = {}) => s.api(method, path, { token, ...opts });
  const consentOf = async (party) => (await api('GET', `/v1/parties/${party}/consent`)).json;
  const clean = async () => { await s.sim.config({ clearFaults: true, clockOffsetSecs: 0, clockOffsets: {} }); await s.sim.resetStats(); };
  const fault = (f) => s.sim.config({ faults: [f] });
  const aapnekrav = (party) => api('GET', `/v1/parties/${party}/aapnekrav`);

  before(async () => {
    s = await startStack({ mode: 'altinn2', vars: { UPSTREAM_TIMEOUT_MS: String(TIMEOUT_MS) } });
    token = await s.session();
    await s.consent(DATA_PARTY, { token });
  });
  after(async () => { await s?.stop(); });

  describe('Altinn 2 create', () => {
    for (const [name, f] of Object.entries(GENERIC)) {
      const want = genericCode(name);
      test(`Altinn 2 create × ${name}: ${want}; no record; the next start succeeds`, async () => {
        await clean();
        const before = await consentOf(A2_PARTY);
        await fault({ service: 'altinn2', route: 'consentrequests.create', ...f });
        const r = await api('POST', '/v1/consents', { body: { party: A2_PARTY, returnUrl: returnUrl(s.url) } });
        expectProblem(r, want);
        assert.deepEqual(await consentOf(A2_PARTY), before);
        await s.sim.config({ clearFaults: true });
        assert.equal((await api('POST', '/v1/consents', { body: { party: A2_PARTY, returnUrl: returnUrl(s.url) } })).status, 201);
        matrix.push(['Altinn 2 create', name, want, r.status, false, `unchanged (${before.status})`, 'ok']);
      });
    }
  });

  describe('Altinn 2 consent token (confirming the callback)', () => {
    const rows = { ...GENERIC, '403, odd text': { status: 403, body: 'nope' } };
    for (const [name, f] of Object.entries(rows)) {
      const want = name.startsWith('403') ? 'consent_required' : genericCode(name);
      test(`Altinn 2 token × ${name}: 303 with kravkitError=${want}; pending; the next flow is granted`, async () => {
        await clean();
        const start = await api('POST', '/v1/consents', { body: { party: A2_PARTY, returnUrl: returnUrl(s.url) } });
        assert.equal(start.status, 201, start.text);
        const page = await fetch(start.json.redirectUrl);
        const html = await page.text();
        const form = html.match(/<form method="post" action="([^"]+\/approve)"/);
        const answer = await fetch(new URL(form[1], start.json.redirectUrl), { method: 'POST', redirect: 'manual' });
        const callback = new URL(answer.headers.get('location'));
        const before = await consentOf(A2_PARTY);
        await fault({ service: 'altinn2', route: 'token', ...f });
        const cb = await s.api('GET', callback.pathname + callback.search);
        assert.equal(cb.status, 303, cb.text);
        assert.deepEqual(outcome(cb.headers.get('location')), { kravkitConsent: 'failed', kravkitParty: A2_PARTY, kravkitError: want });
        assert.deepEqual(await consentOf(A2_PARTY), before, 'nothing recorded without Altinn\'s word');
        await s.sim.config({ clearFaults: true });
        const next = await s.consent(A2_PARTY, { token });
        assert.equal(query(next.location).kravkitConsent, 'granted');
        assert.equal((await aapnekrav(A2_PARTY)).status, 200);
        matrix.push(['Altinn 2 token (callback)', name, `303 kravkitError=${want}`, 303, false, 'unchanged', 'ok']);
      });
    }
  });

  describe('consent changes at Altinn 2', () => {
    for (const [name, action] of [['revoked', 'revoke'], ['expired', 'expire'], ['no longer known to Altinn', 'forget']]) {
      test(`Altinn 2 consent ${name} (consent token cached): consent_revoked, recorded once; a new consent works`, async () => {
        await clean();
        const { start } = await s.consent(GONE_PARTY, { token });
        assert.equal((await aapnekrav(GONE_PARTY)).status, 200);
        const ref = new URL(start.json.redirectUrl).searchParams.get('id');
        await s.sim.config({ consents: [{ authorizationCode: ref, action }] });
        const r = await aapnekrav(GONE_PARTY);
        expectProblem(r, 'consent_revoked', { korrelasjonsid: true });
        assert.equal((await consentOf(GONE_PARTY)).status, 'revoked', 'recorded in D1 (read by GET …/consent)');
        await s.sim.resetStats();
        expectProblem(await aapnekrav(GONE_PARTY), 'consent_revoked');
        assert.deepEqual((await s.sim.stats()).requests, {}, 'nothing upstream once it is recorded');
        await s.consent(GONE_PARTY, { token });
        assert.equal((await aapnekrav(GONE_PARTY)).status, 200);
        matrix.push(['consent (Altinn 2)', name, 'consent_revoked', r.status, true, 'revoked', 'ok (new consent)']);
      });
    }
  });

  test('D1 after the matrix: one record per party, each as the API shows it', async () => {
    await assertD1(s, api, 'altinn2');
  });

  test('the wrangler log has no panic, hung request or uncaught error; every response matched the OpenAPI document', () => {
    assertCleanLog(s.worker.logFile);
    assert.deepEqual(s.invalid, []);
  });
});

after(() => {
  if (process.env.KRAVKIT_FAULT_MATRIX) {
    console.log('| upstream call | fault | answer | status | korrelasjonsid | D1 after | next call |');
    console.log('|---|---|---|---|---|---|---|');
    for (const [call, fault, answer, status, k, d1, next] of matrix) {
      console.log(`| ${call} | ${fault} | \`${answer}\` | ${status} | ${k ? 'yes' : '–'} | ${d1} | ${next} |`);
    }
  }
});
