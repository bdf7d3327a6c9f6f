// The leak scan. Nothing secret leaves the Worker: after a full run in each consent mode (consents for an
// organisation and a person, the four endpoints, revocation, refusals, the public key, demo sessions), every response
// body and header, the whole `wrangler dev` log and the simulator's log are searched for the private key (PEM body,
// JWK d/p/q/dp/dq/qi), the state key, the Altinn API key, every access and consent token the simulator issued
// (its GET /tokens), any other token but the session tokens the test itself minted, and the fødselsnumre (which may
// appear only in the responses of the party they belong to, never in a log). Then the built browser package
// (pkg-js/pkg, www/pkg) and every tracked file are searched for all of it from both runs, and for any private key.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { ROOT } from './stack.mjs';
import { TEST_FNR, TEST_PARTIES, query, startStack } from './worker-harness.mjs';

const JWT = /eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;

/** Every needle of both runs, for the package and git-tree scans at the end. */
const allNeedles = [];

/** Distinctive pieces of a token: the whole, and its signature (which a truncated or re-joined copy still has). */
const tokenPieces = (tokens) => tokens.flatMap((t) => [t, t.split('.')[2]]).filter((p) => p && p.length >= 40);

/**
 * Distinctive pieces of each secret: the PEM body in 40-character slices, each private JWK member (both ends), and
 * every token the simulator issued (`issued`, from its GET /tokens).
 */
function needles(s, issued = { accessTokens: [], altinn2ConsentTokens: [] }) {
  const body = s.secrets.MASKINPORTEN_KEY.replace(/-----[^-]+-----/g, '').replace(/\s/g, '');
  const slices = [];
  for (let i = 0; i + 40 <= body.length; i += 40) slices.push(body.slice(i, i + 40));
  const jwk = Object.fromEntries(['d', 'p', 'q', 'dp', 'dq', 'qi'].map((m) => {
    const v = s.key.privateJwk[m];
    return [`private key (JWK ${m})`, [v.slice(0, 40), v.slice(-40)]];
  }));
  return {
    'private key (PEM)': slices,
    ...jwk,
    'STATE_KEY': [s.secrets.STATE_KEY],
    'ALTINN_API_KEY': [s.secrets.ALTINN_API_KEY],
    'Maskinporten access token': tokenPieces(issued.accessTokens),
    'Altinn 2 consent token': tokenPieces(issued.altinn2ConsentTokens),
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

function scan(s, label, text, { allowFnr, issued }) {
  for (const [what, list] of Object.entries(needles(s, issued))) {
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
    let issued;
    after(async () => { await s?.stop(); });

    test('runs', async (t) => {
      s = await startStack({ mode, sim: { recordTokens: true } });
      await fullRun(s, mode);
      assert.deepEqual(s.invalid, []);
      issued = await s.sim.tokens();
      // Tokens really were issued: access tokens (Altinn 3 consents ride in them), and Altinn 2 consent tokens.
      assert.ok(issued.accessTokens.length >= (mode === 'altinn3' ? 5 : 1), `${issued.accessTokens.length} access tokens`);
      if (mode === 'altinn2') assert.ok(issued.altinn2ConsentTokens.length >= 2, 'Altinn 2 consent tokens');
      allNeedles.push(...Object.entries(needles(s, issued)).flatMap(([what, list]) => list.map((n) => [what, n])));
      t.diagnostic(`${mode}: ${s.recorded.length} responses; the simulator issued ${issued.accessTokens.length} access and ${issued.altinn2ConsentTokens.length} Altinn 2 consent tokens`);
    });

    test('no response body or header carries a secret or a foreign token', () => {
      assert.ok(s.recorded.length > 20);
      // The scan finds what it looks for (a control), and the person's id really was in play.
      assert.throws(() => scan(s, 'control', `x${s.secrets.STATE_KEY}x`, { allowFnr: true }), /STATE_KEY/);
      assert.throws(() => scan(s, 'control', s.secrets.MASKINPORTEN_KEY, { allowFnr: true }), /private key/);
      assert.throws(() => scan(s, 'control', 'Bearer eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJ4In0.abc', { allowFnr: true }), /token/);
      assert.throws(() => scan(s, 'control', TEST_FNR[0], { allowFnr: false }), /fødselsnummer/);
      assert.throws(() => scan(s, 'control', `x${issued.accessTokens[0].split('.')[2]}x`, { allowFnr: true, issued }), /access token/);
      assert.ok(s.recorded.some((r) => r.text.includes(TEST_FNR[0])));
      for (const r of s.recorded) {
        const headers = r.headers.map(([k, v]) => `${k}: ${v}`).join('\n');
        // A fødselsnummer may appear only where its party was asked for.
        const mine = r.path.includes('/v1/parties/_/') || (r.method === 'POST' && r.path === '/v1/consents');
        scan(s, `${r.method} ${r.path} ${r.status}`, `${headers}\n${r.text}`, { allowFnr: mine, issued });
      }
    });

    test('the wrangler dev log has the request lines, and no secret, token or fødselsnummer', (t) => {
      const log = readFileSync(s.worker.logFile, 'utf8');
      t.diagnostic(`${mode}: wrangler log ${log.split('\n').length} lines`);
      const lines = log.split('\n').filter((l) => l.startsWith('{"service":"kravkit"'));
      assert.ok(lines.length >= s.recorded.length, `one JSON line per request: ${lines.length} for ${s.recorded.length}`);
      for (const l of lines) {
        const entry = JSON.parse(l);
        assert.equal(typeof entry.route, 'string');
        assert.equal(typeof entry.durationMs, 'number');
        assert.ok(Array.isArray(entry.upstream) && Array.isArray(entry.cache));
      }
      assert.ok(lines.some((l) => l.includes('"party":"******96468"')), 'a person is logged redacted');
      scan(s, 'wrangler log', log, { allowFnr: false, issued });
      assert.doesNotMatch(log, /eyJ[A-Za-z0-9_-]{10,}/, 'no JWT at all in the log');
    });

    test("the simulator's log has the request lines, and no secret, token or fødselsnummer", (t) => {
      const log = readFileSync(s.sim.logFile, 'utf8');
      t.diagnostic(`${mode}: simulator log ${log.split('\n').length} lines`);
      assert.ok(log.split('\n').filter((l) => /^(GET|POST) \//.test(l)).length >= 20, 'the sim logged its requests');
      scan(s, 'sim log', log, { allowFnr: false, issued });
      assert.doesNotMatch(log, /eyJ[A-Za-z0-9_-]{10,}/, 'no JWT at all in the log');
    });
  });
}

/** Every file under `dir`, recursively. */
function filesUnder(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

/** The first private-looking key material in `text`: a PEM private key block with a real body, or a private JWK. */
function privateKeyIn(text) {
  // The body: base64 and line breaks (real ones, or `\n` escapes in a source string) up to the END line.
  for (const m of text.matchAll(/-----BEGIN ([A-Z ]*)PRIVATE KEY-----((?:[A-Za-z0-9+/=\s]|\\n)*)-----END/g)) {
    if (m[2].replace(/\\n/g, '').replace(/[^A-Za-z0-9+/]/g, '').length > 64) return `a PEM ${m[1]}private key`;
  }
  const jwk = text.match(/"(d|p|q|dp|dq|qi)"\s*:\s*"[A-Za-z0-9_-]{40,}"/);
  return jwk ? `a JWK with private member ${jwk[1]}` : undefined;
}

describe('the built browser package and the git tree', () => {
  const scanFiles = (files, { fnr }) => {
    assert.ok(allNeedles.length > 50, 'both runs collected their secrets and tokens');
    for (const f of files) {
      const text = readFileSync(f, 'latin1'); // byte for byte: needles are ASCII, the wasm is binary
      for (const [what, n] of allNeedles) assert.ok(!text.includes(n), `${f} contains the ${what}`);
      assert.equal(privateKeyIn(text), undefined, `${f} holds a private key`);
      for (const jwt of text.match(JWT) ?? []) assert.fail(`${f} holds a token: ${jwt.slice(0, 24)}…`);
      if (fnr) for (const id of TEST_FNR) assert.ok(!text.includes(id), `${f} contains the fødselsnummer ${id}`);
    }
  };

  test('the scan finds a private key (a control)', () => {
    assert.match(privateKeyIn(`-----BEGIN PRIVATE KEY-----\n${'A'.repeat(80)}\n-----END PRIVATE KEY-----`), /PEM/);
    assert.match(privateKeyIn('{"kty":"RSA","d":"' + 'x'.repeat(43) + '"}'), /JWK/);
    assert.match(privateKeyIn(`"-----BEGIN RSA PRIVATE KEY-----\\n${'A'.repeat(64)}\\n${'B'.repeat(64)}\\n-----END RSA PRIVATE KEY-----"`), /PEM/);
    assert.equal(privateKeyIn('-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----'), undefined);
    assert.equal(privateKeyIn('expected -----BEGIN PRIVATE KEY----- in a PEM; code(); "-----END'), undefined);
  });

  test('pkg-js/pkg and www/pkg hold no secret, token, private key or fødselsnummer', (t) => {
    const dirs = ['pkg-js/pkg', 'www/pkg'].map((d) => join(ROOT, d));
    for (const d of dirs) assert.ok(existsSync(d), `${d} is built (scripts/build)`);
    const files = dirs.flatMap(filesUnder);
    assert.ok(files.some((f) => f.endsWith('.wasm')) && files.some((f) => f.endsWith('.js')), 'the package is there');
    scanFiles(files, { fnr: true });
    t.diagnostic(`${files.length} package files, ${allNeedles.length} needles`);
  });

  test('no tracked file holds a secret or token of the runs, or any private key', (t) => {
    const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' }).split('\0').filter(Boolean);
    assert.ok(tracked.length > 100);
    // Synthetic fødselsnumre are test data in fixtures and tests by design, so the tree is not searched for them;
    // tracked JWTs are the documented examples in fixtures/ and tests, so they are not an error either.
    const files = tracked.map((f) => join(ROOT, f)).filter((f) => existsSync(f));
    for (const f of files) {
      const text = readFileSync(f, 'latin1');
      for (const [what, n] of allNeedles) assert.ok(!text.includes(n), `${f} contains the ${what}`);
      assert.equal(privateKeyIn(text), undefined, `${f} holds a private key`);
    }
    t.diagnostic(`${files.length} tracked files`);
  });
});
