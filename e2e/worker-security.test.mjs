// The security review's findings at the HTTP boundary, against the real Worker under `wrangler dev` and the
// simulator: limits (429 rate_limited with Retry-After), body limits (413, and upstream bodies over the cap),
// a callback the browser claims failed, a fødselsnummer in the path, and Altinn's consent page off its host.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { request } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ROOT } from './stack.mjs';
import { TEST_FNR, query, startStack, validateResponse } from './worker-harness.mjs';

const LIMITS = {
  CONSENT_CREATES_PER_SUBJECT: '3',
  CONSENT_CREATES_PER_PARTY: '5',
  DATA_CALLS_PER_MINUTE: '6',
  UPSTREAM_MAX_BODY_BYTES: '65536',
};

const invalid = [];
let s;
before(async () => { s = await startStack({ mode: 'altinn3', vars: LIMITS }); });
after(async () => {
  invalid.push(...(s?.invalid ?? []));
  await s?.stop();
});

/**
 * POSTs `body` on a connection of its own, in 8 KiB chunks (`Transfer-Encoding: chunked`, no Content-Length) or
 * with its Content-Length; resolves with the answer even if the server stops reading the body early.
 */
function upload(path, body, { chunked, token }) {
  return new Promise((resolve, reject) => {
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json', connection: 'close' };
    if (!chunked) headers['content-length'] = Buffer.byteLength(body);
    const req = request(`${s.url}${path}`, { method: 'POST', headers, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => { text += c; });
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text }));
    });
    req.on('error', (e) => { if (!['EPIPE', 'ECONNRESET'].includes(e.code)) reject(e); });
    const write = (i) => {
      if (i >= body.length) return req.end();
      if (req.destroyed) return undefined;
      req.write(body.slice(i, i + 8192), () => setImmediate(() => write(i + 8192)));
      return undefined;
    };
    write(0);
  });
}

const created = async () => (await s.sim.stats()).requests['altinn3.consentrequests.create']?.total ?? 0;

/** Starts a consent and reads back, from the local D1, the state the callback URL at Altinn carries. */
async function pendingState(stack, party, { sub = 'user-1', mode = 'altinn3' } = {}) {
  const token = await stack.session({ sub });
  const start = await stack.api('POST', '/v1/consents', { token, body: { party, returnUrl: `${stack.url}/return` } });
  assert.equal(start.status, 201, start.text);
  const [{ results }] = await stack.worker.sql(
    `SELECT nonce, expires_at, party, sub_hash, mode, return_url FROM consent_states ORDER BY created_at DESC LIMIT 1`);
  const r = results[0];
  const mac = createHmac('sha256', stack.secrets.STATE_KEY)
    .update(`kravkit-consent-state-v1\n${r.nonce}\n${r.expires_at}\n${r.party}\n${r.sub_hash}\n${r.mode}\n${r.return_url}`)
    .digest('base64url');
  assert.equal(r.mode, mode);
  return { token, start, state: `${r.nonce}.${r.expires_at}.${mac}` };
}

describe('finding 6: a Status=Failed callback is confirmed with Altinn', () => {
  test('a forged Failed callback for a pending consent records nothing and leaves the state usable', async () => {
    const party = '311851381';
    const { token, start, state } = await pendingState(s, party, { sub: 'failed-1' });
    const forged = await s.api('GET', `/v1/consents/callback?state=${encodeURIComponent(state)}&Status=Failed&ErrorMessage=x`);
    assert.equal(forged.status, 303, forged.text);
    assert.equal(query(forged.headers.get('location')).kravkitConsent, 'failed');
    const st = await s.api('GET', `/v1/parties/${party}/consent`, { token });
    assert.equal(st.json.status, 'pending', 'not burnt to denied');
    // The user then approves at Altinn and comes back with the same state: it still works.
    const id = new URL(start.json.redirectUrl).searchParams.get('id');
    const answer = await fetch(`${s.sim.url}/altinn3/ui/consent/request/${id}/approve`, { method: 'POST', redirect: 'manual' });
    const callback = new URL(answer.headers.get('location'));
    assert.equal(callback.searchParams.get('state'), state);
    const cb = await s.api('GET', callback.pathname + callback.search);
    assert.equal(query(cb.headers.get('location')).kravkitConsent, 'granted', cb.text);
    assert.equal((await s.api('GET', `/v1/parties/${party}/consent`, { token })).json.status, 'granted');
  });

  test('Altinn 2: a forged Failed callback for a pending request records nothing; a real refusal is denied', async () => {
    const a2 = await startStack({ mode: 'altinn2' });
    try {
      const party = '314961900';
      const { token, start, state } = await pendingState(a2, party, { mode: 'altinn2' });
      const code = new URL(start.json.redirectUrl).searchParams.get('id');
      const forged = await a2.api('GET', `/v1/consents/callback?state=${encodeURIComponent(state)}&Status=Failed&FailedAuthorizationCode=${code}`);
      assert.equal(forged.status, 303, forged.text);
      assert.equal(query(forged.headers.get('location')).kravkitConsent, 'failed');
      assert.equal((await a2.api('GET', `/v1/parties/${party}/consent`, { token })).json.status, 'pending');
      const { location } = await a2.consent(party, { token, action: 'reject' });
      assert.equal(query(location).kravkitConsent, 'denied');
      assert.equal((await a2.api('GET', `/v1/parties/${party}/consent`, { token })).json.status, 'denied');
      invalid.push(...a2.invalid);
    } finally {
      await a2.stop();
    }
  });
});

describe('finding 2: limits', () => {
  test('a recent pending request of the same session, party and return URL is handed out again', async () => {
    const token = await s.session({ sub: 'reuse-1' });
    const body = { party: '314055403', returnUrl: `${s.url}/return` };
    const before = await created();
    const first = await s.api('POST', '/v1/consents', { token, body });
    const second = await s.api('POST', '/v1/consents', { token, body });
    assert.equal(first.status, 201, first.text);
    assert.equal(second.status, 201, second.text);
    assert.equal(second.json.redirectUrl, first.json.redirectUrl);
    assert.equal(await created(), before + 1, 'one request at Altinn');
    // Another session is not handed someone else's flow.
    const other = await s.api('POST', '/v1/consents', { token: await s.session({ sub: 'reuse-2' }), body });
    assert.notEqual(other.json.redirectUrl, first.json.redirectUrl);
  });

  test('consent creations per session subject and per party are capped: 429 rate_limited with Retry-After', async () => {
    const token = await s.session({ sub: 'creator-1' });
    const start = (i, t = token, party = '313367002') =>
      s.api('POST', '/v1/consents', { token: t, body: { party, returnUrl: `${s.url}/return?i=${i}` } });
    for (let i = 0; i < 3; i++) assert.equal((await start(i)).status, 201);
    const before = await created();
    const refused = await start(3);
    assert.equal(refused.status, 429, refused.text);
    assert.equal(refused.json.code, 'rate_limited');
    const retry = Number(refused.headers.get('retry-after'));
    assert.ok(retry >= 1 && retry <= 3600, `Retry-After ${retry}`);
    assert.equal(await created(), before, 'nothing created at Altinn');
    // Per party: other sessions may start two more for this party (5 in all), then it is refused for everyone.
    assert.equal((await start(4, await s.session({ sub: 'creator-2' }))).status, 201);
    assert.equal((await start(5, await s.session({ sub: 'creator-3' }))).status, 201);
    const party = await start(6, await s.session({ sub: 'creator-4' }));
    assert.equal(party.status, 429, party.text);
    assert.match(party.json.detail, /this party/);
    // Another party is still open to a fresh session.
    assert.equal((await start(7, await s.session({ sub: 'creator-5' }), '212201782')).status, 201);
  });

  test('data calls per session are limited per minute; another session is not affected', async () => {
    const party = '212201782';
    const token = await s.session({ sub: 'reader-1' });
    await s.consent(party, { token });
    const statuses = [];
    for (let i = 0; i < 8; i++) statuses.push((await s.api('GET', `/v1/parties/${party}/aapnekrav`, { token })).status);
    const limited = statuses.indexOf(429);
    // Six calls a minute; a minute boundary during the loop may let a few more through.
    assert.ok(limited >= 6, `statuses ${statuses}`);
    assert.ok(statuses.slice(0, 6).every((x) => x === 200), `statuses ${statuses}`);
    const r = await s.api('GET', `/v1/parties/${party}/aapnekrav`, { token });
    if (r.status === 429) {
      assert.equal(r.json.code, 'rate_limited');
      const retry = Number(r.headers.get('retry-after'));
      assert.ok(retry >= 1 && retry <= 60, `Retry-After ${retry}`);
    }
    const other = await s.api('GET', `/v1/parties/${party}/aapnekrav`, { token: await s.session({ sub: 'reader-2' }) });
    assert.equal(other.status, 200, other.text);
  });
});

describe('finding 4: body limits', () => {
  test('a chunked request body over 16 KiB is 413 payload_too_large; so is a declared one', async () => {
    const token = await s.session({ sub: 'body-1' });
    const big = JSON.stringify({ party: '314055403', returnUrl: `${s.url}/return`, partyName: 'x'.repeat(64 * 1024) });
    for (const path of ['/v1/consents', '/demo/session']) {
      for (const chunked of [true, false]) {
        const r = await upload(path, big, { chunked, token });
        assert.equal(r.status, 413, `${path} chunked=${chunked}: ${r.text}`);
        assert.equal(r.headers['content-type'], 'application/problem+json');
        assert.equal(JSON.parse(r.text).code, 'payload_too_large');
        invalid.push(...(validateResponse('POST', path, r.status, r.headers['content-type'], JSON.parse(r.text)) ?? []));
      }
    }
    // A body under the limit still works.
    const ok = await s.api('POST', '/v1/consents', { token, body: { party: '314055403', returnUrl: `${s.url}/return` } });
    assert.equal(ok.status, 201, ok.text);
  });

  test('an upstream answer over UPSTREAM_MAX_BODY_BYTES is 502 upstream_error, and the next call succeeds', async () => {
    const party = '311851381';
    const token = await s.session({ sub: 'body-2' });
    await s.consent(party, { token });
    await s.sim.config({ faults: [{ service: 'skatteetaten', route: 'aapnekrav', status: 200, body: 'x'.repeat(300_000), times: 1 }] });
    const r = await s.api('GET', `/v1/parties/${party}/aapnekrav`, { token });
    assert.equal(r.status, 502, r.text);
    assert.equal(r.json.code, 'upstream_error');
    assert.match(r.json.detail, /larger than 65536 bytes/);
    assert.equal((await s.api('GET', `/v1/parties/${party}/aapnekrav`, { token })).status, 200);
    // Maskinporten too: the first token for a new consent gets a huge answer, which is refused, not read.
    const other = '314961900';
    await s.consent(other, { token });
    await s.sim.config({ faults: [{ service: 'maskinporten', route: 'token', status: 200, body: 'y'.repeat(300_000), times: 1 }] });
    const mp = await s.api('GET', `/v1/parties/${other}/aapnekrav`, { token });
    assert.equal(mp.status, 502, mp.text);
    assert.equal(mp.json.code, 'upstream_error');
    assert.equal((await s.api('GET', `/v1/parties/${other}/aapnekrav`, { token })).status, 200);
  });
});

describe('finding 8: a fødselsnummer never in the path', () => {
  test('a person in the path is 400 person_in_path, without the id in the answer; _ with Kravkit-Party works', async () => {
    const [fnr] = TEST_FNR;
    const token = await s.session({ sub: 'person-1', parties: ['313367002', fnr] });
    for (const [method, path] of [['GET', `/v1/parties/${fnr}/consent`], ['DELETE', `/v1/parties/${fnr}/consent`], ['GET', `/v1/parties/${fnr}/aapnekrav`]]) {
      const r = await s.api(method, path, { token });
      assert.equal(r.status, 400, `${method} ${path}: ${r.text}`);
      assert.equal(r.json.code, 'person_in_path');
      assert.ok(!r.text.includes(fnr));
    }
    const ok = await s.api('GET', '/v1/parties/_/consent', { token, headers: { 'kravkit-party': fnr } });
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.json.status, 'none');
  });
});

describe('finding 11: Altinn\'s consent page must be on Altinn\'s host', () => {
  test('a viewUri off the expected host is 502 upstream_error and not handed out; the next start works', async () => {
    const fixture = JSON.parse(readFileSync(join(ROOT, 'fixtures/altinn/altinn3-consentrequest.response.json'), 'utf8'));
    const token = await s.session({ sub: 'view-1' });
    for (const viewUri of ['https://evil.example/consent?id=1', fixture.viewUri, `${s.sim.url.replace('http:', 'https:')}/altinn3/ui/x`]) {
      await s.sim.config({ faults: [{ service: 'altinn3', route: 'consentrequests.create', status: 201, body: { ...fixture, viewUri }, times: 1 }] });
      const r = await s.api('POST', '/v1/consents', { token, body: { party: '311851381', returnUrl: `${s.url}/return?v=${encodeURIComponent(viewUri)}` } });
      assert.equal(r.status, 502, `${viewUri}: ${r.text}`);
      assert.equal(r.json.code, 'upstream_error');
      assert.ok(!r.text.includes(viewUri), 'the URL is not echoed');
    }
    const ok = await s.api('POST', '/v1/consents', { token, body: { party: '311851381', returnUrl: `${s.url}/return` } });
    assert.equal(ok.status, 201, ok.text);
    assert.ok(ok.json.redirectUrl.startsWith(`${s.sim.url}/altinn3/`), ok.json.redirectUrl);
  });
});

describe('finding 7: what D1 holds', () => {
  test('no fødselsnummer and no session subject in D1', async () => {
    const [fnr] = TEST_FNR;
    const sub = 'person-sub-04827896468';
    const token = await s.session({ sub, parties: [fnr] });
    const start = await s.api('POST', '/v1/consents', { token, body: { party: fnr, returnUrl: `${s.url}/return` } });
    assert.equal(start.status, 201, start.text);
    const dump = JSON.stringify(await s.worker.sql('SELECT * FROM consents; SELECT * FROM consent_states; SELECT * FROM rate_counters'));
    assert.ok(!dump.includes(fnr), 'no fødselsnummer in D1');
    assert.ok(!dump.includes(sub), 'no session subject in D1');
    assert.match(dump, /"party":"p1:[A-Za-z0-9_-]{43}"/);
    const st = await s.api('GET', '/v1/parties/_/consent', { token, headers: { 'kravkit-party': fnr } });
    assert.equal(st.json.status, 'pending');
  });

  test('a consent stored under a person\'s plain id before pseudonyms is found and moved', async () => {
    const fnr = TEST_FNR[1];
    const token = await s.session({ sub: 'legacy-1', parties: [fnr] });
    const now = Math.floor(Date.now() / 1000);
    await s.worker.sql(`INSERT INTO consents (party, mode, consent_ref, status, valid_to, created_at, updated_at) VALUES ('${fnr}', 'altinn3', '77ed8698-e619-4066-9eb4-5c1eb3f165a1', 'denied', NULL, ${now}, ${now})`);
    const st = await s.api('GET', '/v1/parties/_/consent', { token, headers: { 'kravkit-party': fnr } });
    assert.equal(st.json.status, 'denied', st.text);
    const dump = JSON.stringify(await s.worker.sql('SELECT party FROM consents'));
    assert.ok(!dump.includes(fnr), 'moved to the pseudonym');
    assert.equal((await s.api('GET', '/v1/parties/_/consent', { token, headers: { 'kravkit-party': fnr } })).json.status, 'denied');
  });
});

test('every response matched worker/openapi.json', () => {
  assert.deepEqual([...invalid, ...s.invalid], []);
});
