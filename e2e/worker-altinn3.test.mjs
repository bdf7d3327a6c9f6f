// The Worker with Altinn 3 consent, against the simulator: the consent page clicked with plain HTTP, the four
// endpoints, denial, revocation and expiry detected and recorded, the callback state's defences, the return URL
// allow-list, and 50 concurrent calls sharing one Maskinporten token fetch. Every response is validated against
// worker/openapi.json.
import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { query, startStack } from './worker-harness.mjs';

let s;
let token;
before(async () => {
  s = await startStack({ mode: 'altinn3' });
  token = await s.session();
});
after(async () => { await s?.stop(); });

const today = () => new Date().toISOString().slice(0, 10);
const yearAgo = () => new Date(Date.now() - 364 * 86_400_000).toISOString().slice(0, 10);
const period = () => `fraOgMed=${yearAgo()}&tilOgMed=${today()}`;
const total = (stats, route) => stats.requests[route]?.total ?? 0;

describe('consent and data', () => {
  test('the consent page approved in plain HTTP ends in a 303 to the return URL, and the consent is granted', async () => {
    const party = '313367002';
    const before = await s.api('GET', `/v1/parties/${party}/consent`, { token });
    assert.equal(before.status, 200);
    assert.equal(before.json.status, 'none');
    const { start, cb, location } = await s.consent(party, { token });
    assert.equal(start.json.mode, 'altinn3');
    assert.equal(start.json.party, party);
    assert.ok(start.json.redirectUrl.startsWith(`${s.sim.url}/altinn3/ui/consent/request?id=`), start.json.redirectUrl);
    assert.equal(cb.status, 303);
    assert.equal(cb.headers.get('referrer-policy'), 'no-referrer');
    assert.ok(location.startsWith(`${s.url}/return?`), location);
    assert.deepEqual(query(location), { kravkitConsent: 'granted', kravkitParty: party });
    const st = await s.api('GET', `/v1/parties/${party}/consent`, { token });
    assert.equal(st.json.status, 'granted');
    assert.equal(st.json.mode, 'altinn3');
    const days = (Date.parse(st.json.validTo) - Date.now()) / 86_400_000;
    assert.ok(days > 89 && days <= 90, `valid for 90 days, got ${days}`);
  });

  test('all four endpoints answer with the right party\'s data in canonical form (øre)', async () => {
    const party = '313367002';
    const view = await s.sim.view();
    const info = view.data.parties.find((p) => p.party === party);
    const aapne = await s.api('GET', `/v1/parties/${party}/aapnekrav`, { token });
    assert.equal(aapne.status, 200, aapne.text);
    assert.match(aapne.headers.get('korrelasjonsid') ?? '', /^[0-9a-f-]{36}$/);
    assert.equal(aapne.json.partIdentifikator, party);
    assert.equal(aapne.json.aapentKravMedGjenstaaendeBeloep.length, info.openClaims);
    assert.equal(aapne.json.totalOversikt.saldo, Math.round(info.saldo * 100), 'saldo in øre');
    for (const k of aapne.json.aapentKravMedGjenstaaendeBeloep) {
      assert.equal(k.partIdentifikator, party);
      assert.ok(k.kravidentifikator.startsWith(`K${party}-`), k.kravidentifikator);
      assert.ok(Number.isInteger(k.gjenstaaendeBeloep));
    }
    const krav = await s.api('GET', `/v1/parties/${party}/krav?${period()}`, { token });
    assert.equal(krav.status, 200, krav.text);
    assert.deepEqual(krav.json.periode, { fraOgMed: yearAgo(), tilOgMed: today() });
    assert.ok(krav.json.krav.length > 0 && krav.json.krav.every((k) => k.kravidentifikator.startsWith(`K${party}-`)));
    const inn = await s.api('GET', `/v1/parties/${party}/innbetalinger?${period()}`, { token });
    assert.equal(inn.status, 200, inn.text);
    assert.ok(inn.json.innbetaling.length > 0 && inn.json.innbetaling.every((i) => i.innbetalingsidentifikator.startsWith(`I${party}-`)));
    const ut = await s.api('GET', `/v1/parties/${party}/utbetalinger?${period()}`, { token });
    assert.equal(ut.status, 200, ut.text);
    assert.ok(ut.json.utbetaling.every((u) => u.utbetalingsidentifikator.startsWith(`U${party}-`)));
    assert.ok(ut.json.utbetaling.every((u) => Number.isInteger(u.utbetaltBeloep)));
  });

  test('another party has its own consent and data; a period with nothing in it is an empty list', async () => {
    const party = '212201782';
    const none = await s.api('GET', `/v1/parties/${party}/aapnekrav`, { token });
    assert.equal(none.status, 403);
    assert.equal(none.json.code, 'consent_required');
    await s.consent(party, { token });
    const aapne = await s.api('GET', `/v1/parties/${party}/aapnekrav`, { token });
    assert.equal(aapne.status, 200);
    assert.equal(aapne.json.partIdentifikator, party);
    assert.ok(aapne.json.aapentKravMedGjenstaaendeBeloep.every((k) => k.kravidentifikator.startsWith(`K${party}-`)));
    const old = await s.api('GET', `/v1/parties/${party}/krav?fraOgMed=2001-01-01&tilOgMed=2001-12-31`, { token });
    assert.equal(old.status, 200, old.text);
    assert.deepEqual(old.json.krav, []);
    assert.equal(old.json.partIdentifikator, party);
  });

  test('renewing: the granted consent serves data while the new one is pending, survives a refusal, and is replaced by a grant', async () => {
    const party = '313367002';
    const was = await s.api('GET', `/v1/parties/${party}/consent`, { token });
    assert.equal(was.json.status, 'granted');
    const start = await s.api('POST', '/v1/consents', { token, body: { party, returnUrl: `${s.url}/return` } });
    assert.equal(start.status, 201, start.text);
    const pending = await s.api('GET', `/v1/parties/${party}/consent`, { token });
    assert.deepEqual([pending.json.status, pending.json.validTo], ['granted', was.json.validTo], 'no gap while Altinn asks');
    assert.equal((await s.api('GET', `/v1/parties/${party}/aapnekrav`, { token })).status, 200);
    // The party refuses the renewal (the same request at Altinn: it is still pending, so it is reused).
    const { location } = await s.consent(party, { token, action: 'reject' });
    assert.deepEqual(query(location), { kravkitConsent: 'denied', kravkitParty: party });
    const refused = await s.api('GET', `/v1/parties/${party}/consent`, { token });
    assert.deepEqual([refused.json.status, refused.json.validTo], ['granted', was.json.validTo], 'a refused renewal keeps the consent');
    assert.equal((await s.api('GET', `/v1/parties/${party}/aapnekrav`, { token })).status, 200);
    await new Promise((r) => setTimeout(r, 1_100));
    await s.consent(party, { token });
    const renewed = await s.api('GET', `/v1/parties/${party}/consent`, { token });
    assert.equal(renewed.json.status, 'granted');
    assert.ok(Date.parse(renewed.json.validTo) > Date.parse(was.json.validTo), `${renewed.json.validTo} after ${was.json.validTo}`);
    assert.equal((await s.api('GET', `/v1/parties/${party}/aapnekrav`, { token })).status, 200, 'the new consent serves data');
  });

  test('a shielded party is shown as skjermet', async () => {
    const party = '314961900';
    await s.consent(party, { token });
    const aapne = await s.api('GET', `/v1/parties/${party}/aapnekrav`, { token });
    assert.equal(aapne.status, 200);
    assert.equal(aapne.json.skjermet, true);
    assert.deepEqual(aapne.json.aapentKravMedGjenstaaendeBeloep, []);
  });

  test('a denied consent redirects with denied, is recorded, and data stays refused', async () => {
    const party = '314055403';
    const { location } = await s.consent(party, { token, action: 'reject' });
    assert.deepEqual(query(location), { kravkitConsent: 'denied', kravkitParty: party });
    const st = await s.api('GET', `/v1/parties/${party}/consent`, { token });
    assert.equal(st.json.status, 'denied');
    const data = await s.api('GET', `/v1/parties/${party}/aapnekrav`, { token });
    assert.equal(data.status, 403);
    assert.equal(data.json.code, 'consent_required');
  });

  test('DELETE forgets the local record', async () => {
    const party = '314055403';
    const del = await s.api('DELETE', `/v1/parties/${party}/consent`, { token });
    assert.equal(del.status, 204);
    assert.equal(del.text, '');
    const st = await s.api('GET', `/v1/parties/${party}/consent`, { token });
    assert.equal(st.json.status, 'none');
  });
});

describe('revocation and expiry', () => {
  const consentId = (start) => new URL(start.json.redirectUrl).searchParams.get('id');

  test('a revocation after a token was cached: Skatteetaten says KB-005, Altinn says revoked, it is recorded', async () => {
    const party = '311851381';
    const { start } = await s.consent(party, { token });
    assert.equal((await s.api('GET', `/v1/parties/${party}/aapnekrav`, { token })).status, 200);
    await s.sim.config({ consents: [{ id: consentId(start), action: 'revoke' }] });
    const gone = await s.api('GET', `/v1/parties/${party}/aapnekrav`, { token });
    assert.equal(gone.status, 403, gone.text);
    assert.equal(gone.json.code, 'consent_revoked');
    assert.match(gone.json.korrelasjonsid ?? '', /^[0-9a-f-]{36}$/, 'KB-005 carries the korrelasjonsid');
    assert.equal((await s.api('GET', `/v1/parties/${party}/consent`, { token })).json.status, 'revoked');
    await s.sim.resetStats();
    const again = await s.api('GET', `/v1/parties/${party}/aapnekrav`, { token });
    assert.equal(again.json.code, 'consent_revoked');
    assert.deepEqual((await s.sim.stats()).requests, {}, 'nothing upstream once the revocation is recorded');
  });

  test('a revocation before any token: Maskinporten refuses the grant, Altinn says revoked, it is recorded', async () => {
    const party = '311851381';
    const { start } = await s.consent(party, { token });
    await s.sim.config({ consents: [{ id: consentId(start), action: 'revoke' }] });
    await s.sim.resetStats();
    const gone = await s.api('GET', `/v1/parties/${party}/krav?${period()}`, { token });
    assert.equal(gone.status, 403, gone.text);
    assert.equal(gone.json.code, 'consent_revoked');
    const stats = await s.sim.stats();
    assert.equal(stats.grantsRejected.byReason.consent_revoked, 1);
    assert.equal(total(stats, 'skatteetaten.krav'), 0, 'Skatteetaten is not called with a refused consent');
    assert.equal((await s.api('GET', `/v1/parties/${party}/consent`, { token })).json.status, 'revoked');
  });

  test('an expired consent is detected, recorded as expired, and then refused without upstream calls', async () => {
    const party = '311851381';
    const { start } = await s.consent(party, { token });
    await s.sim.config({ consents: [{ id: consentId(start), action: 'expire' }] });
    const gone = await s.api('GET', `/v1/parties/${party}/aapnekrav`, { token });
    assert.equal(gone.status, 403, gone.text);
    assert.equal(gone.json.code, 'consent_required');
    assert.equal((await s.api('GET', `/v1/parties/${party}/consent`, { token })).json.status, 'expired');
    await s.sim.resetStats();
    assert.equal((await s.api('GET', `/v1/parties/${party}/aapnekrav`, { token })).json.code, 'consent_required');
    assert.deepEqual((await s.sim.stats()).requests, {});
  });

  test('a granted consent past its valid_to is consent_required before anything upstream, and recorded expired', async () => {
    const party = '212201782';
    await s.consent(party, { token });
    // Altinn still says accepted; only the Worker's own record has run out (90 days, as if they had passed).
    const past = Math.floor(Date.now() / 1000) - 60;
    await s.worker.sql(`UPDATE consents SET valid_to = ${past} WHERE party = '${party}' AND status = 'granted'`);
    const [{ results }] = await s.worker.sql(`SELECT status, valid_to FROM consents WHERE party = '${party}'`);
    assert.deepEqual(results, [{ status: 'granted', valid_to: past }]);
    // (The Worker caches granted records per isolate for 30 s, but only once read for data; the callback's write
    // above left nothing cached for this party.)
    await s.sim.resetStats();
    const gone = await s.api('GET', `/v1/parties/${party}/aapnekrav`, { token });
    assert.equal(gone.status, 403, gone.text);
    assert.equal(gone.json.code, 'consent_required');
    assert.deepEqual((await s.sim.stats()).requests, {}, 'nothing upstream');
    const status = await s.api('GET', `/v1/parties/${party}/consent`, { token });
    assert.equal(status.json.status, 'expired');
  });
});

describe('the callback state', () => {
  /** Starts and approves a consent at the sim, without calling the Worker's callback yet. */
  async function approved(party, sub = 'user-1') {
    const tok = await s.session({ sub });
    const start = await s.api('POST', '/v1/consents', { token: tok, body: { party, returnUrl: `${s.url}/return` } });
    const id = new URL(start.json.redirectUrl).searchParams.get('id');
    const answer = await fetch(`${s.sim.url}/altinn3/ui/consent/request/${id}/approve`, { method: 'POST', redirect: 'manual' });
    const callback = new URL(answer.headers.get('location'));
    const [nonce, exp, mac] = callback.searchParams.get('state').split('.');
    return { callback, nonce, exp: Number(exp), mac };
  }
  // The subject binding is a keyed pseudonym: HMAC-SHA256 under a key derived from STATE_KEY (not a plain hash).
  const subjectKey = () => createHmac('sha256', s.secrets.STATE_KEY).update('kravkit-key\nsubject-v1').digest();
  const subHash = (sub) => createHmac('sha256', subjectKey()).update(sub).digest('base64url');
  const sign = (nonce, exp, { party, sub, mode = 'altinn3', returnUrl = `${s.url}/return` }) =>
    createHmac('sha256', s.secrets.STATE_KEY)
      .update(`kravkit-consent-state-v1\n${nonce}\n${exp}\n${party}\n${subHash(sub)}\n${mode}\n${returnUrl}`)
      .digest('base64url');
  const withState = (callback, state) => {
    const u = new URL(callback);
    u.searchParams.set('state', state);
    return u.pathname + u.search;
  };
  const refused = async (path, why) => {
    const r = await s.api('GET', path);
    assert.equal(r.status, 400, `${why}: ${r.text}`);
    assert.equal(r.json.code, 'invalid_state', why);
    assert.equal(r.headers.get('location'), null, `${why}: no redirect`);
  };

  test('forged, tampered, other-session, expired and missing states are refused; the real one works once', async () => {
    const party = '313367002';
    const { callback, nonce, exp, mac } = await approved(party);
    // The test computes the MAC the way the Worker does: the real state is reproduced exactly.
    assert.equal(sign(nonce, exp, { party, sub: 'user-1' }), mac);
    await refused(withState(callback, `${nonce}.${exp}.${randomBytes(32).toString('base64url')}`), 'forged MAC');
    await refused(withState(callback, `${nonce}.${exp + 60}.${mac}`), 'tampered expiry');
    await refused(withState(callback, `${nonce}.${exp}.${sign(nonce, exp, { party, sub: 'user-2' })}`), 'another session');
    await refused(withState(callback, `${nonce}.${exp}.${sign(nonce, exp, { party: '311851381', sub: 'user-1' })}`), 'another party');
    const past = Math.floor(Date.now() / 1000) - 10;
    await refused(withState(callback, `${nonce}.${past}.${sign(nonce, past, { party, sub: 'user-1' })}`), 'expired');
    await refused(withState(callback, `${randomBytes(16).toString('base64url')}.${exp}.${mac}`), 'unknown nonce');
    await refused('/v1/consents/callback?Status=OK', 'no state');
    await refused(`/v1/consents/callback?state=garbage&Status=OK`, 'malformed state');
    const first = await s.api('GET', callback.pathname + callback.search);
    assert.equal(first.status, 303, first.text);
    assert.equal(query(first.headers.get('location')).kravkitConsent, 'granted');
    await refused(callback.pathname + callback.search, 'replayed');
  });

  test('a forged Status=OK for a consent Altinn never accepted is not recorded as granted', async () => {
    const party = '212201782';
    const tok = await s.session();
    const start = await s.api('POST', '/v1/consents', { token: tok, body: { party, returnUrl: `${s.url}/return` } });
    // The user never approves; someone builds the callback by hand from the redirect URL Altinn was given.
    const view = await s.sim.view();
    const id = new URL(start.json.redirectUrl).searchParams.get('id');
    assert.ok(view.consents.altinn3.some((c) => c.id === id && c.status === 'created'));
    const answer = await fetch(`${s.sim.url}/altinn3/ui/consent/request/${id}/reject`, { method: 'POST', redirect: 'manual' });
    const location = new URL(answer.headers.get('location'));
    location.searchParams.set('Status', 'OK');
    location.searchParams.delete('ErrorMessage');
    const cb = await s.api('GET', location.pathname + location.search);
    assert.equal(cb.status, 303);
    const q = query(cb.headers.get('location'));
    assert.equal(q.kravkitConsent, 'denied', 'Altinn says rejected, whatever the browser claims');
  });
});

describe('return URLs', () => {
  test('a return URL off the allow-list is refused before anything upstream', async () => {
    await s.sim.resetStats();
    for (const returnUrl of [
      'https://evil.example/netbank',
      'https://bank.example/netbankevil',
      'https://bank.example.evil.example/netbank',
      'https://bank.example@evil.example/netbank',
      'https://bank.example/netbank/../admin',
      'http://bank.example/netbank',
      'https://bank.example/netbank#x',
      'javascript:alert(1)',
      '//evil.example/netbank',
      `${s.url.replace('127.0.0.1', 'localhost')}/return`,
    ]) {
      const r = await s.api('POST', '/v1/consents', { token, body: { party: '313367002', returnUrl } });
      assert.equal(r.status, 403, `${returnUrl}: ${r.text}`);
      assert.equal(r.json.code, 'return_url_not_allowed', returnUrl);
    }
    assert.deepEqual((await s.sim.stats()).requests, {});
    const ok = await s.api('POST', '/v1/consents', { token, body: { party: '313367002', returnUrl: 'https://bank.example/netbank/krav?tab=1' } });
    assert.equal(ok.status, 201, ok.text);
  });
});

describe('token sharing', () => {
  test('50 concurrent calls for one party cause exactly one Maskinporten token fetch', async () => {
    const party = '313367002';
    await s.consent(party, { token }); // a new consent: its token is not cached anywhere yet
    await s.sim.resetStats();
    const results = await Promise.all(Array.from({ length: 50 }, () => s.api('GET', `/v1/parties/${party}/aapnekrav`, { token })));
    assert.deepEqual(results.map((r) => r.status), Array(50).fill(200));
    const stats = await s.sim.stats();
    assert.equal(stats.tokens.issued, 1, JSON.stringify(stats.tokens));
    assert.equal(total(stats, 'maskinporten.token'), 1);
    assert.equal(stats.tokens.withConsent, 1);
    assert.equal(total(stats, 'skatteetaten.aapnekrav'), 50);
    // And the next calls reuse it.
    assert.equal((await s.api('GET', `/v1/parties/${party}/aapnekrav`, { token })).status, 200);
    assert.equal((await s.sim.stats()).tokens.issued, 1);
  });
});

test('tokens fetched were stored in the Cache API (named cache, synthetic https key)', async () => {
  const { readFileSync } = await import('node:fs');
  const log = readFileSync(s.worker.logFile, 'utf8');
  assert.match(log, /"outcome":"stored"/);
  assert.doesNotMatch(log, /"outcome":"store_failed"/);
});

test('every response matched worker/openapi.json', () => {
  assert.deepEqual(s.invalid, []);
  assert.ok(s.recorded.length > 50);
});
