// Nothing secret leaves the Worker: after a full run in each consent mode (consents for an organisation and a
// person, the four endpoints, revocation, refusals, the public key, demo sessions), every response body and header
// and the whole `wrangler dev` log are searched for the private key, the state key, the Altinn API key, any token
// other than the session tokens the test itself minted, and the test fødselsnumre (which may appear only in the
// responses of the party they belong to, never in the log).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, describe, test } from 'node:test';
import { TEST_FNR, TEST_PARTIES, query, startStack } from './worker-harness.mjs';

const JWT = /eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;

/** Distinctive pieces of each secret: the PEM body in 40-character slices, the JWK's private members. */
function needles(s) {
  const body = s.secrets.MASKINPORTEN_KEY.replace(/-----[^-]+-----/g, '').replace(/\s/g, '');
  const slices = [];
  for (let i = 0; i + 40 <= body.length; i += 40) slices.push(body.slice(i, i + 40));
  return {
    'private key (PEM)': slices,
    'private key (d)': [s.key.d.slice(0, 40), s.key.d.slice(-40)],
    'STATE_KEY': [s.secrets.STATE_KEY],
    'ALTINN_API_KEY': [s.secrets.ALTINN_API_KEY],
  };
}

async function fullRun(s, mode) {
  const [fnr, otherFnr] = TEST_FNR;
  const token = await s.session({ parties: [...TEST_PARTIES, fnr] });
  const demo = await s.api('POST', '/demo/session');
  s.minted.add(demo.json.token);
  await s.api('GET', '/healthz');
  await s.api('GET', '/.well-known/jwks.json');
  await s.api('GET', '/demo/jwks.json');
  // An organisation: consent, the four endpoints, status.
  const org = '313367002';
  const { start } = await s.consent(org, { token });
  const q = `fraOgMed=${new Date(Date.now() - 300 * 86_400_000).toISOString().slice(0, 10)}&tilOgMed=${new Date().toISOString().slice(0, 10)}`;
  for (const e of ['aapnekrav', `krav?${q}`, `innbetalinger?${q}`, `utbetalinger?${q}`]) {
    assert.equal((await s.api('GET', `/v1/parties/${org}/${e}`, { token })).status, 200, `${mode} ${e}`);
  }
  await s.api('GET', `/v1/parties/${org}/consent`, { token });
  // A person, with the id in the Kravkit-Party header (never in a URL): consent, data (Skatteetaten has none).
  const person = { 'kravkit-party': fnr };
  const p = await s.consent(fnr, { token });
  assert.deepEqual(query(p.location), { kravkitConsent: 'granted' }, 'a person is never named on the return URL');
  const st = await s.api('GET', '/v1/parties/_/consent', { token, headers: person });
  assert.equal(st.json.status, 'granted', st.text);
  const nf = await s.api('GET', '/v1/parties/_/aapnekrav', { token, headers: person });
  assert.equal(nf.json.code, 'party_not_found', nf.text);
  // Refusals that name a person: another person, an invalid id.
  assert.equal((await s.api('GET', '/v1/parties/_/aapnekrav', { token, headers: { 'kravkit-party': otherFnr } })).json.code, 'forbidden_party');
  assert.equal((await s.api('GET', '/v1/parties/_/aapnekrav', { token, headers: { 'kravkit-party': `${fnr.slice(0, 10)}0` } })).json.code, 'invalid_party');
  assert.equal((await s.api('POST', '/v1/consents', { token, body: { party: otherFnr, returnUrl: `${s.url}/return` } })).json.code, 'forbidden_party');
  // Revocation.
  const ref = new URL(start.json.redirectUrl).searchParams.get('id');
  await s.sim.config({ consents: [mode === 'altinn3' ? { id: ref, action: 'revoke' } : { authorizationCode: ref, action: 'revoke' }] });
  assert.equal((await s.api('GET', `/v1/parties/${org}/aapnekrav`, { token })).json.code, 'consent_revoked');
  // Failures whose upstream bodies must not be echoed with anything secret.
  await s.sim.config({ faults: [{ service: 'skatteetaten', route: 'aapnekrav', status: 500, body: { melding: `feil for ${fnr}` }, times: 3 }] });
  await s.consent('212201782', { token });
  await s.api('GET', '/v1/parties/212201782/aapnekrav', { token });
  await s.api('GET', '/v1/parties/212201782/aapnekrav', { token: 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln' });
}

function scan(s, label, text, { allowFnr }) {
  for (const [what, list] of Object.entries(needles(s))) {
    for (const n of list) assert.ok(!text.includes(n), `${label} contains the ${what}`);
  }
  for (const jwt of text.match(JWT) ?? []) {
    assert.ok(s.minted.has(jwt) || jwt === 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln', `${label} contains a token the test did not mint: ${jwt.slice(0, 24)}…`);
  }
  if (!allowFnr) for (const f of TEST_FNR) assert.ok(!text.includes(f), `${label} contains the fødselsnummer ${f}`);
}

for (const mode of ['altinn3', 'altinn2']) {
  describe(`a full run with ${mode}`, () => {
    let s;
    after(async () => { await s?.stop(); });

    test('runs', async () => {
      s = await startStack({ mode });
      await fullRun(s, mode);
      assert.deepEqual(s.invalid, []);
    });

    test('no response body or header carries a secret or a foreign token', () => {
      assert.ok(s.recorded.length > 20);
      // The scan finds what it looks for (a control), and the person's id really was in play.
      assert.throws(() => scan(s, 'control', `x${s.secrets.STATE_KEY}x`, { allowFnr: true }), /STATE_KEY/);
      assert.throws(() => scan(s, 'control', s.secrets.MASKINPORTEN_KEY, { allowFnr: true }), /private key/);
      assert.throws(() => scan(s, 'control', 'Bearer eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJ4In0.abc', { allowFnr: true }), /token/);
      assert.throws(() => scan(s, 'control', TEST_FNR[0], { allowFnr: false }), /fødselsnummer/);
      assert.ok(s.recorded.some((r) => r.text.includes(TEST_FNR[0])));
      for (const r of s.recorded) {
        const headers = r.headers.map(([k, v]) => `${k}: ${v}`).join('\n');
        // A fødselsnummer may appear only where its party was asked for.
        const mine = r.path.includes('/v1/parties/_/') || (r.method === 'POST' && r.path === '/v1/consents');
        scan(s, `${r.method} ${r.path} ${r.status}`, `${headers}\n${r.text}`, { allowFnr: mine });
      }
    });

    test('the wrangler dev log has the request lines, and no secret, token or fødselsnummer', () => {
      const log = readFileSync(s.worker.logFile, 'utf8');
      const lines = log.split('\n').filter((l) => l.startsWith('{"service":"kravkit"'));
      assert.ok(lines.length >= s.recorded.length, `one JSON line per request: ${lines.length} for ${s.recorded.length}`);
      for (const l of lines) {
        const entry = JSON.parse(l);
        assert.equal(typeof entry.route, 'string');
        assert.equal(typeof entry.durationMs, 'number');
        assert.ok(Array.isArray(entry.upstream) && Array.isArray(entry.cache));
      }
      assert.ok(lines.some((l) => l.includes('"party":"******96468"')), 'a person is logged redacted');
      scan(s, 'wrangler log', log, { allowFnr: false });
      assert.doesNotMatch(log, /eyJ[A-Za-z0-9_-]{10,}/, 'no JWT at all in the log');
    });
  });
}
