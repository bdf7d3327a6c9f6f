// The Worker with Altinn 2 consent (CONSENT_MODE=altinn2), against the simulator: pre-registered request with
// ApiKey and a Maskinporten token, the consent page clicked with plain HTTP, the 30-second consent token reused
// within its life and sent next to the Maskinporten token, denial, and revocation detected by the 403 on the token
// fetch.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { query, startStack } from './worker-harness.mjs';

let s;
let token;
before(async () => {
  s = await startStack({ mode: 'altinn2' });
  token = await s.session();
});
after(async () => { await s?.stop(); });

const today = () => new Date().toISOString().slice(0, 10);
const yearAgo = () => new Date(Date.now() - 364 * 86_400_000).toISOString().slice(0, 10);
const period = () => `fraOgMed=${yearAgo()}&tilOgMed=${today()}`;
const total = (stats, route) => stats.requests[route]?.total ?? 0;
const code = (start) => new URL(start.json.redirectUrl).searchParams.get('id');

test('the Altinn 2 flow: ApiKey request, consent page approved in plain HTTP, 303 to the return URL', async () => {
  const party = '313367002';
  const { start, cb, location } = await s.consent(party, { token });
  assert.equal(start.json.mode, 'altinn2');
  assert.ok(start.json.redirectUrl.startsWith(`${s.sim.url}/altinn2/ui/AccessConsent/request?id=`), start.json.redirectUrl);
  assert.equal(cb.status, 303);
  assert.deepEqual(query(location), { kravkitConsent: 'granted', kravkitParty: party });
  const st = await s.api('GET', `/v1/parties/${party}/consent`, { token });
  assert.equal(st.json.status, 'granted');
  assert.equal(st.json.mode, 'altinn2');
  const days = (Date.parse(st.json.validTo) - Date.now()) / 86_400_000;
  assert.ok(days > 89 && days <= 90, `valid for 90 days, got ${days}`);
  const view = await s.sim.view();
  const stored = view.consents.altinn2.find((c) => c.authorizationCode === code(start));
  assert.equal(stored.status, 'Accepted');
  assert.equal(stored.coveredBy, '991825827');
});

test('all four endpoints send both headers and give the right party\'s data; the consent token is reused', async () => {
  const party = '313367002';
  await s.sim.resetStats();
  const aapne = await s.api('GET', `/v1/parties/${party}/aapnekrav`, { token });
  assert.equal(aapne.status, 200, aapne.text);
  assert.equal(aapne.json.partIdentifikator, party);
  assert.ok(aapne.json.aapentKravMedGjenstaaendeBeloep.every((k) => k.kravidentifikator.startsWith(`K${party}-`)));
  for (const e of ['krav', 'innbetalinger', 'utbetalinger']) {
    const r = await s.api('GET', `/v1/parties/${party}/${e}?${period()}`, { token });
    assert.equal(r.status, 200, `${e}: ${r.text}`);
    assert.equal(r.json.partIdentifikator, party);
  }
  const stats = await s.sim.stats();
  assert.equal(total(stats, 'skatteetaten.aapnekrav') + total(stats, 'skatteetaten.krav') + total(stats, 'skatteetaten.innbetalinger') + total(stats, 'skatteetaten.utbetalinger'), 4);
  // The callback fetched a consent token to confirm the consent; the four calls reuse it within its 30 s (the
  // simulator answers KB-005 to any call without a valid AltinnSamtykke).
  assert.ok(stats.altinn2Tokens.issued <= 1, `consent tokens reused within their 30 s: ${stats.altinn2Tokens.issued}`);
  assert.equal(stats.tokens.withConsent, 0, 'Altinn 2 consent travels in AltinnSamtykke, not in the Maskinporten token');
});

test('the party name goes to Altinn 2 as OfferedByName', async () => {
  const party = '212201782';
  const r = await s.api('POST', '/v1/consents', { token, body: { party, returnUrl: `${s.url}/return`, partyName: 'STORE EIENDOMMER AS' } });
  assert.equal(r.status, 201, r.text);
  const page = await (await fetch(r.json.redirectUrl)).text();
  assert.match(page, /STORE EIENDOMMER AS/);
});

test('a denied consent redirects with denied and data stays refused', async () => {
  const party = '311851381';
  const { location } = await s.consent(party, { token, action: 'reject' });
  assert.deepEqual(query(location), { kravkitConsent: 'denied', kravkitParty: party });
  assert.equal((await s.api('GET', `/v1/parties/${party}/consent`, { token })).json.status, 'denied');
  const data = await s.api('GET', `/v1/parties/${party}/aapnekrav`, { token });
  assert.equal(data.json.code, 'consent_required');
});

test('a revocation: the 403 on the consent token fetch is detected and recorded, then nothing upstream', async () => {
  const party = '314961900';
  const { start } = await s.consent(party, { token });
  await s.sim.config({ consents: [{ authorizationCode: code(start), action: 'revoke' }] });
  const gone = await s.api('GET', `/v1/parties/${party}/aapnekrav`, { token });
  assert.equal(gone.status, 403, gone.text);
  assert.equal(gone.json.code, 'consent_revoked');
  assert.equal((await s.api('GET', `/v1/parties/${party}/consent`, { token })).json.status, 'revoked');
  await s.sim.resetStats();
  assert.equal((await s.api('GET', `/v1/parties/${party}/aapnekrav`, { token })).json.code, 'consent_revoked');
  assert.deepEqual((await s.sim.stats()).requests, {});
});

test('a revocation while a consent token is cached: KB-005 from Skatteetaten, then the 403 confirms it', async () => {
  const party = '313367002';
  assert.equal((await s.api('GET', `/v1/parties/${party}/aapnekrav`, { token })).status, 200);
  const view = await s.sim.view();
  const c = view.consents.altinn2.find((x) => x.offeredBy === party && x.status === 'Accepted');
  await s.sim.config({ consents: [{ authorizationCode: c.authorizationCode, action: 'revoke' }] });
  const gone = await s.api('GET', `/v1/parties/${party}/aapnekrav`, { token });
  assert.equal(gone.status, 403, gone.text);
  assert.equal(gone.json.code, 'consent_revoked');
  assert.equal((await s.api('GET', `/v1/parties/${party}/consent`, { token })).json.status, 'revoked');
});

test('every response matched worker/openapi.json', () => {
  assert.deepEqual(s.invalid, []);
  assert.ok(s.recorded.length > 15);
});
