// Who may call the Worker: bank sessions (ES256 and RS256) checked for signature, iss, aud, exp, nbf, lifetime and
// parties before anything upstream; demo sessions; CORS for configured origins only; the request-level problem
// codes; the Maskinporten public key.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SignJWT } from 'jose';
import { keyPair } from './keys.mjs';
import { AUDIENCE, BANK_ORIGIN, KID, TEST_PARTIES, startStack } from './worker-harness.mjs';

let s;
before(async () => { s = await startStack(); });
after(async () => { await s?.stop(); });

const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);
const party = '313367002';

describe('sessions', () => {
  test('valid ES256 and RS256 bank sessions are accepted', async () => {
    for (const alg of ['ES256', 'RS256']) {
      const r = await s.api('GET', `/v1/parties/${party}/consent`, { token: await s.session({ alg }) });
      assert.equal(r.status, 200, `${alg}: ${r.text}`);
      assert.equal(r.json.party, party);
    }
  });

  test('a session verified before is still refused once it has expired, and still only for its parties', async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = await s.session({ iat: now, exp: now + 2, parties: [party] });
    assert.equal((await s.api('GET', `/v1/parties/${party}/consent`, { token })).status, 200);
    assert.equal((await s.api('GET', `/v1/parties/${party}/consent`, { token })).status, 200, 'seen again');
    const other = await s.api('GET', '/v1/parties/311851381/consent', { token });
    assert.equal(other.status, 403, other.text);
    assert.equal(other.json.code, 'forbidden_party');
    await new Promise((r) => setTimeout(r, 2_100));
    const late = await s.api('GET', `/v1/parties/${party}/consent`, { token });
    assert.equal(late.status, 401, late.text);
    assert.match(late.json.detail, /expired/);
  });

  test('no, malformed, forged, expired and untrusted sessions are 401 before anything upstream', async () => {
    await s.sim.resetStats();
    const other = keyPair('ES256');
    const forged = await s.session({ key: other.privateKey });
    const good = await s.session();
    const [h, p] = good.split('.');
    const cases = {
      'no header': undefined,
      'not a JWT': 'not-a-jwt',
      'alg none': `${b64({ alg: 'none', typ: 'JWT' })}.${p}.`,
      'HS256': `${b64({ alg: 'HS256', kid: 'bank-es' })}.${p}.${Buffer.from('sig').toString('base64url')}`,
      'forged signature': forged,
      'tampered payload': `${h}.${b64({ ...JSON.parse(Buffer.from(p, 'base64url')), parties: ['311851381'] })}.${good.split('.')[2]}`,
      'expired': await s.session({ iat: now() - 900, exp: now() - 1 }),
      'longer than 15 minutes': await s.session({ iat: now() - 10, exp: now() + 900 }),
      'not valid yet': await s.session({ claims: { nbf: now() + 300 } }),
      'issued in the future': await s.session({ iat: now() + 300, exp: now() + 600 }),
      'other issuer': await s.session({ iss: 'https://evil.example' }),
      'other audience': await s.session({ aud: 'someone-else' }),
      'unknown kid': await s.session({ kid: 'nope' }),
      'parties not ids': await s.session({ parties: ['x'] }),
      'no parties': await new SignJWT({ iss: 'https://bank.example', aud: AUDIENCE, sub: 'u', iat: now(), exp: now() + 60 })
        .setProtectedHeader({ alg: 'ES256', kid: 'bank-es' }).sign(s.bankKeys.es.privateKey),
      'no sub': await new SignJWT({ iss: 'https://bank.example', aud: AUDIENCE, iat: now(), exp: now() + 60, parties: [party] })
        .setProtectedHeader({ alg: 'ES256', kid: 'bank-es' }).sign(s.bankKeys.es.privateKey),
    };
    for (const [why, token] of Object.entries(cases)) {
      for (const [method, path, body] of [
        ['GET', `/v1/parties/${party}/aapnekrav`],
        ['POST', '/v1/consents', { party, returnUrl: `${s.url}/return` }],
      ]) {
        const r = await s.api(method, path, { token, body });
        assert.equal(r.status, 401, `${why} ${method} ${path}: ${r.text}`);
        assert.equal(r.json.code, 'unauthorized', why);
        assert.equal(r.headers.get('www-authenticate'), 'Bearer');
      }
    }
    const basic = await s.api('GET', `/v1/parties/${party}/consent`, { headers: { authorization: 'Basic dTpw' } });
    assert.equal(basic.json.code, 'unauthorized');
    assert.deepEqual((await s.sim.stats()).requests, {}, 'nothing upstream');
  });

  test('a session for other parties gets 403 forbidden_party on every party route', async () => {
    await s.sim.resetStats();
    const token = await s.session({ parties: ['311851381'] });
    for (const [method, path, body] of [
      ['GET', `/v1/parties/${party}/aapnekrav`],
      ['GET', `/v1/parties/${party}/krav?fraOgMed=2025-01-01&tilOgMed=2025-02-01`],
      ['GET', `/v1/parties/${party}/consent`],
      ['DELETE', `/v1/parties/${party}/consent`],
      ['POST', '/v1/consents', { party, returnUrl: `${s.url}/return` }],
    ]) {
      const r = await s.api(method, path, { token, body });
      assert.equal(r.status, 403, `${method} ${path}: ${r.text}`);
      assert.equal(r.json.code, 'forbidden_party');
    }
    assert.deepEqual((await s.sim.stats()).requests, {});
  });
});

describe('request problems', () => {
  test('invalid_party, invalid_period and invalid_request', async () => {
    const token = await s.session({ parties: [...TEST_PARTIES, '04827896468'] });
    for (const p of ['123456789', '31336700', 'abc', '04827896469']) {
      const r = await s.api('GET', `/v1/parties/${p}/aapnekrav`, { token });
      assert.equal(r.status, 400, p);
      assert.equal(r.json.code, 'invalid_party', p);
    }
    for (const q of ['', '?fraOgMed=2025-01-01', '?fraOgMed=2025-02-01&tilOgMed=2025-01-01', '?fraOgMed=2024-01-01&tilOgMed=2025-01-02',
      '?fraOgMed=2025-1-1&tilOgMed=2025-02-01', '?fraOgMed=2025-02-30&tilOgMed=2025-03-01', '?fraOgMed=2025-01-01&fraOgMed=2025-01-02&tilOgMed=2025-02-01']) {
      const r = await s.api('GET', `/v1/parties/${party}/innbetalinger${q}`, { token });
      assert.equal(r.status, 400, q);
      assert.equal(r.json.code, 'invalid_period', q);
    }
    for (const raw of ['{', '[]', '{"party":"313367002"}', '{"party":"313367002","returnUrl":"x","extra":1}']) {
      const r = await s.api('POST', '/v1/consents', { token, raw, headers: { 'content-type': 'application/json' } });
      assert.equal(r.status, 400, raw);
      assert.equal(r.json.code, 'invalid_request', raw);
    }
  });

  test('not_found and method_not_allowed', async () => {
    const nf = await s.api('GET', '/v1/nope');
    assert.equal(nf.status, 404);
    assert.equal(nf.json.code, 'not_found');
    // Methods workers-rs does not know (QUERY, PROPFIND) are not read as GET.
    for (const [method, path, allow] of [['POST', '/healthz', 'GET'], ['QUERY', '/healthz', 'GET'], ['HEAD', '/healthz', 'GET'],
      ['OPTIONS', '/healthz', 'GET'], ['PROPFIND', '/.well-known/jwks.json', 'GET'], ['GET', '/v1/consents', 'POST, OPTIONS'],
      ['PUT', `/v1/parties/${party}/consent`, 'GET, DELETE, OPTIONS'], ['PATCH', '/v1/parties/_/consent', 'GET, DELETE, OPTIONS'],
      ['POST', `/v1/parties/${party}/aapnekrav`, 'GET, OPTIONS'], ['QUERY', `/v1/parties/${party}/krav`, 'GET, OPTIONS'],
      ['PATCH', '/v1/consents/callback', 'GET']]) {
      const r = await s.api(method, path, { raw: ['GET', 'HEAD'].includes(method) ? undefined : '' });
      assert.equal(r.status, 405, `${method} ${path}`);
      assert.equal(r.headers.get('allow'), allow, `${method} ${path}`);
      if (method !== 'HEAD') assert.equal(r.json.code, 'method_not_allowed', `${method} ${path}`);
    }
  });

  test('a body is a JSON object, and a field that may be left out is never null', async () => {
    const token = await s.session();
    for (const raw of ['[null, null]', 'null', '1', '"x"', '{"sub": null}', '{"parties": null}', '{"parties": [], "sub": null}']) {
      const r = await s.api('POST', '/demo/session', { raw, headers: { 'content-type': 'application/json' } });
      assert.equal(r.status, 400, raw);
      assert.equal(r.json.code, 'invalid_request', raw);
    }
    assert.equal((await s.api('POST', '/demo/session', { raw: '' })).status, 200, 'no body at all: the defaults');
    const returnUrl = 'https://bank.example/netbank';
    for (const body of [[party, returnUrl], { party, returnUrl, partyName: null }, { party, returnUrl, partyName: 'x'.repeat(201) }]) {
      const r = await s.api('POST', '/v1/consents', { token, body });
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.equal(r.json.code, 'invalid_request', JSON.stringify(body));
    }
  });
});

describe('demo sessions', () => {
  test('POST /demo/session issues a 15-minute ES256 session for the test parties that the Worker accepts', async () => {
    const r = await s.api('POST', '/demo/session');
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json.parties, TEST_PARTIES);
    const [h, p] = r.json.token.split('.').slice(0, 2).map((x) => JSON.parse(Buffer.from(x, 'base64url')));
    assert.equal(h.alg, 'ES256');
    assert.equal(p.iss, 'kravkit-demo');
    assert.equal(p.aud, AUDIENCE);
    assert.equal(p.exp - p.iat, 900);
    s.minted.add(r.json.token);
    const st = await s.api('GET', `/v1/parties/${party}/consent`, { token: r.json.token });
    assert.equal(st.status, 200, st.text);
    const jwks = await s.api('GET', '/demo/jwks.json');
    assert.equal(jwks.json.keys[0].kid, h.kid);
    assert.equal(jwks.json.keys[0].crv, 'P-256');
    const one = await s.api('POST', '/demo/session', { body: { parties: ['311851381'], sub: 'kari' } });
    assert.deepEqual(one.json.parties, ['311851381']);
    s.minted.add(one.json.token);
    const refused = await s.api('GET', `/v1/parties/${party}/consent`, { token: one.json.token });
    assert.equal(refused.json.code, 'forbidden_party');
    const bad = await s.api('POST', '/demo/session', { body: { parties: ['974760673'] } });
    assert.equal(bad.status, 400);
    assert.equal(bad.json.code, 'invalid_request');
  });
});

describe('CORS', () => {
  test('preflight and responses allow only the configured origin, never with a wildcard or credentials', async () => {
    const token = await s.session();
    const pre = await s.api('OPTIONS', `/v1/parties/${party}/aapnekrav`, {
      headers: { origin: BANK_ORIGIN, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
    });
    assert.equal(pre.status, 204);
    assert.equal(pre.headers.get('access-control-allow-origin'), BANK_ORIGIN);
    assert.match(pre.headers.get('access-control-allow-headers'), /Authorization/);
    assert.match(pre.headers.get('access-control-allow-methods'), /GET/);
    assert.equal(pre.headers.get('access-control-allow-credentials'), null);
    assert.match(pre.headers.get('vary'), /Origin/);
    const evil = await s.api('OPTIONS', '/v1/consents', { headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
    assert.equal(evil.status, 403);
    assert.equal(evil.json.code, 'origin_not_allowed');
    assert.equal(evil.headers.get('access-control-allow-origin'), null);
    const real = await s.api('GET', `/v1/parties/${party}/consent`, { token, headers: { origin: BANK_ORIGIN } });
    assert.equal(real.headers.get('access-control-allow-origin'), BANK_ORIGIN);
    assert.match(real.headers.get('access-control-expose-headers'), /Korrelasjonsid/);
    const other = await s.api('GET', `/v1/parties/${party}/consent`, { token, headers: { origin: 'https://evil.example' } });
    assert.equal(other.headers.get('access-control-allow-origin'), null);
    for (const r of s.recorded) {
      assert.ok(!r.headers.some(([k, v]) => k === 'access-control-allow-origin' && v === '*'), 'never a wildcard');
      assert.ok(!r.headers.some(([k]) => k === 'access-control-allow-credentials'), 'never credentials');
    }
  });
});

describe('public key and health', () => {
  test('/.well-known/jwks.json publishes exactly the registered public key', async () => {
    const r = await s.api('GET', '/.well-known/jwks.json');
    assert.equal(r.status, 200);
    assert.equal(r.json.keys.length, 1);
    const k = r.json.keys[0];
    assert.deepEqual({ kty: k.kty, kid: k.kid, n: k.n, e: k.e, alg: k.alg, use: k.use },
      { kty: 'RSA', kid: KID, n: s.key.jwk.n, e: s.key.jwk.e, alg: 'RS256', use: 'sig' });
    assert.equal(k.d, undefined);
  });

  test('/healthz reports a clean configuration', async () => {
    const r = await s.api('GET', '/healthz');
    assert.deepEqual(r.json.config, { ok: true, problems: [] });
    assert.equal(r.json.consentMode, 'altinn3');
    assert.equal(r.json.environment, 'sim');
  });
});

test('every response matched worker/openapi.json', () => {
  assert.deepEqual(s.invalid, []);
  assert.ok(s.recorded.length > 60);
});
