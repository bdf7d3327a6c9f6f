// A missing or malformed variable is a problem response that names it (and /healthz lists it), never a crash or a
// stack trace; demo mode is refused in prod.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { createServer } from 'node:http';
import { startStack, validateResponse } from './worker-harness.mjs';
import { freePort, startWorker } from './stack.mjs';

/** An env file with only these secrets (so the demo's .dev.vars is not picked up). */
function envFile(secrets = {}) {
  const file = join(mkdtempSync(join(tmpdir(), 'kravkit-secrets-')), 'worker.env');
  writeFileSync(file, `${Object.entries(secrets).map(([k, v]) => `${k}=${v}`).join('\n')}\n`, { mode: 0o600 });
  return file;
}

const invalid = [];
async function call(worker, method, path, { token, body } = {}) {
  const headers = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body) headers['content-type'] = 'application/json';
  const r = await fetch(`${worker.url}${path}`, { method, headers, body: body ? JSON.stringify(body) : undefined, redirect: 'manual' });
  const text = await r.text();
  const json = /json/.test(r.headers.get('content-type') ?? '') ? JSON.parse(text) : undefined;
  invalid.push(...(validateResponse(method, path.split('?')[0], r.status, r.headers.get('content-type'), json) ?? []));
  return { status: r.status, json, text };
}

describe('a broken configuration', () => {
  let w;
  before(async () => {
    w = await startWorker({
      envFile: envFile({ STATE_KEY: 'short', MASKINPORTEN_KEY: '"-----BEGIN PRIVATE KEY-----\\nAAAA\\n-----END PRIVATE KEY-----"' }),
      vars: { DEMO_MODE: 'true', CONSENT_MODE: 'altinn4', ALLOWED_ORIGINS: '*', UPSTREAM_TIMEOUT_MS: 'soon' },
    });
  });
  after(async () => { await w?.stop(); });

  test('/healthz names every problem, without values', async () => {
    const r = await call(w, 'GET', '/healthz');
    assert.equal(r.status, 200);
    assert.equal(r.json.status, 'ok');
    assert.equal(r.json.config.ok, false);
    const named = Object.fromEntries(r.json.config.problems.map((p) => [p.variable, p.problem]));
    assert.deepEqual(named, {
      CONSENT_MODE: 'invalid',
      ALLOWED_ORIGINS: 'invalid',
      MASKINPORTEN_KEY: 'invalid',
      STATE_KEY: 'invalid',
      UPSTREAM_TIMEOUT_MS: 'invalid',
    });
    assert.ok(!r.text.includes('AAAA'), 'no secret value in /healthz');
    assert.equal(r.json.consentMode, 'invalid');
  });

  test('routes that need a broken setting answer config_invalid / config_missing naming it', async () => {
    const jwks = await call(w, 'GET', '/.well-known/jwks.json');
    assert.equal(jwks.status, 500);
    assert.equal(jwks.json.code, 'config_invalid');
    assert.match(jwks.json.detail, /^MASKINPORTEN_KEY: /);
    const session = await call(w, 'POST', '/demo/session');
    assert.equal(session.status, 200, 'demo sessions still work');
    const token = session.json.token;
    const data = await call(w, 'GET', '/v1/parties/313367002/aapnekrav', { token });
    assert.equal(data.status, 500);
    assert.equal(data.json.code, 'config_invalid');
    assert.match(data.json.detail, /^CONSENT_MODE: /);
    const start = await call(w, 'POST', '/v1/consents', { token, body: { party: '313367002', returnUrl: 'http://127.0.0.1:8787/' } });
    assert.equal(start.status, 500);
    assert.equal(start.json.code, 'config_invalid');
    assert.match(start.json.detail, /^CONSENT_MODE: /);
    for (const r of [jwks, data, start]) assert.doesNotMatch(r.text, /at .*\.rs|panicked|RuntimeError|wasm/);
  });
});

describe('missing secrets and prod', () => {
  let w;
  const operator = randomBytes(32).toString('base64url');
  before(async () => {
    w = await startWorker({ envFile: envFile({ OPERATOR_TOKEN: operator }), vars: { ENVIRONMENT: 'prod', DEMO_MODE: 'true', ALLOWED_ORIGINS: 'http://localhost:3000' } });
  });
  after(async () => { await w?.stop(); });

  test('in prod /healthz tells the public only status and config.ok; the operator token shows the details', async () => {
    for (const authorization of [undefined, 'Bearer wrong', `Bearer ${operator}x`, operator]) {
      const r = await fetch(`${w.url}/healthz`, { headers: authorization ? { authorization } : {} });
      assert.equal(r.status, 200);
      assert.deepEqual(await r.json(), { status: 'ok', config: { ok: false } }, String(authorization));
    }
    const h = await call(w, 'GET', '/healthz', { token: operator });
    assert.equal(h.json.environment, 'prod');
    assert.ok(h.json.config.problems.length > 0);
  });

  test('demo mode is refused when ENVIRONMENT=prod; missing secrets and settings are named', async () => {
    const h = await call(w, 'GET', '/healthz', { token: operator });
    assert.equal(h.json.demoMode, false);
    const named = Object.fromEntries(h.json.config.problems.map((p) => [p.variable, p.problem]));
    assert.equal(named.DEMO_MODE, 'invalid');
    assert.equal(named.PUBLIC_URL, 'missing');
    assert.equal(named.MASKINPORTEN_KEY, 'missing');
    assert.equal(named.STATE_KEY, 'missing');
    assert.equal(named.SESSION_ISSUER, 'missing');
    assert.equal(named.SESSION_JWKS, 'missing');
    assert.equal(named.ALLOWED_ORIGINS, 'invalid', 'a loopback origin is refused in prod');
    assert.match(h.json.config.problems.find((p) => p.variable === 'ALLOWED_ORIGINS').detail, /ENVIRONMENT=prod/);
    const demo = await call(w, 'POST', '/demo/session');
    assert.equal(demo.status, 404);
    assert.equal(demo.json.code, 'not_found');
    const jwks = await call(w, 'GET', '/.well-known/jwks.json');
    assert.equal(jwks.json.code, 'config_missing');
    assert.match(jwks.json.detail, /^MASKINPORTEN_KEY: /);
    const data = await call(w, 'GET', '/v1/parties/313367002/aapnekrav', { token: 'x.y.z' });
    assert.equal(data.status, 401, 'a bad session is still a 401');
  });
});

describe('MASKINPORTEN_KEY as a private JWK', () => {
  let s;
  before(async () => { s = await startStack({ keyAs: 'jwk' }); });
  after(async () => { await s?.stop(); });

  test('grants are signed with it (the simulator checks them against the public half) and it is published', async () => {
    const token = await s.session();
    await s.consent('313367002', { token });
    const r = await s.api('GET', '/v1/parties/313367002/aapnekrav', { token });
    assert.equal(r.status, 200, r.text);
    assert.equal((await s.sim.stats()).tokens.issued >= 2, true, 'tokens for the consent API and for the data');
    const jwks = await s.api('GET', '/.well-known/jwks.json');
    assert.deepEqual(jwks.json.keys.map(({ kty, n, e, kid }) => ({ kty, n, e, kid })),
      [{ kty: 'RSA', n: s.key.jwk.n, e: s.key.jwk.e, kid: s.key.jwk.kid }]);
    assert.ok(!jwks.text.includes(s.key.privateJwk.d), 'never the private exponent');
    invalid.push(...s.invalid);
  });
});

describe('SESSION_JWKS_URL', () => {
  const TTL_SECS = 8;
  let s;
  let server;
  let jwks;
  let fetches = 0; // answered with the set
  let attempts = 0; // every request, answered or not
  let down = false;
  let delayMs = 0;
  let port;
  before(async () => {
    port = await freePort();
    server = createServer((req, res) => {
      attempts += 1;
      setTimeout(() => {
        if (down) return res.writeHead(503).end();
        fetches += 1;
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(jwks));
      }, delayMs);
    });
    await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
    s = await startStack({ vars: { SESSION_JWKS: '', SESSION_JWKS_URL: `http://127.0.0.1:${port}/jwks.json`, SESSION_JWKS_TTL_SECS: String(TTL_SECS) } });
    jwks = s.jwks;
  });
  after(async () => { await s?.stop(); server?.close(); });
  const consent = async (opts) => s.api('GET', '/v1/parties/313367002/consent', { token: await s.session(opts) });

  test('the bank\'s JWKS URL down: 503 upstream_unavailable without the URL, one fetch for every request meanwhile', async () => {
    down = true;
    try {
      const token = await s.session();
      for (const [method, path] of [['GET', '/v1/parties/313367002/consent'], ['DELETE', '/v1/parties/313367002/consent'], ['GET', '/v1/parties/313367002/aapnekrav']]) {
        const r = await s.api(method, path, { token });
        assert.equal(r.status, 503, `${method} ${path}: ${r.text}`);
        assert.equal(r.json.code, 'upstream_unavailable');
        assert.match(r.json.detail, /session key set/);
        assert.ok(!r.text.includes(String(port)) && !r.text.includes('jwks.json'), `the URL is not revealed: ${r.text}`);
      }
      const start = await s.api('POST', '/v1/consents', { token, body: { party: '313367002', returnUrl: `${s.url}/return` } });
      assert.equal(start.status, 503, start.text);
      assert.equal(attempts, 1, 'the failure is remembered: one fetch, no retries, for all four requests');
    } finally {
      down = false;
    }
    assert.equal(fetches, 0);
    await sleep(2_100); // the failure is remembered for 2 s
  });

  test('the bank\'s JWKS is fetched once and cached; ES256 and RS256 sessions verify against it', async () => {
    for (let i = 0; i < 5; i++) {
      for (const alg of ['ES256', 'RS256']) {
        const r = await consent({ alg });
        assert.equal(r.status, 200, r.text);
      }
    }
    assert.equal(fetches, 1);
    const unknown = await consent({ kid: 'rotated' });
    assert.equal(unknown.status, 401, 'an unknown kid within 30 s of the last fetch is refused without a new fetch');
    assert.equal(fetches, 1);
  });

  test('concurrent requests after the set expired fetch it once', async () => {
    await sleep(TTL_SECS * 1000 + 100);
    delayMs = 400;
    const before = attempts;
    try {
      const tokens = await Promise.all(Array.from({ length: 10 }, () => s.session()));
      const answers = await Promise.all(tokens.map((token) => s.api('GET', '/v1/parties/313367002/consent', { token })));
      for (const r of answers) assert.equal(r.status, 200, r.text);
    } finally {
      delayMs = 0;
    }
    assert.equal(attempts - before, 1, 'one fetch for ten concurrent requests');
  });

  test('a key taken out of the set stops verifying sessions, also ones it verified before, once the set is fetched again', async () => {
    const token = await s.session({ alg: 'ES256' });
    const rs = await s.session({ alg: 'RS256' });
    assert.equal((await s.api('GET', '/v1/parties/313367002/consent', { token })).status, 200);
    assert.equal((await s.api('GET', '/v1/parties/313367002/consent', { token })).status, 200, 'seen again');
    const full = jwks;
    jwks = { keys: full.keys.filter((k) => k.kty !== 'EC') };
    try {
      await sleep(TTL_SECS * 1000 + 100);
      const gone = await s.api('GET', '/v1/parties/313367002/consent', { token });
      assert.equal(gone.status, 401, `the key is gone from the set: ${gone.text}`);
      assert.equal((await s.api('GET', '/v1/parties/313367002/consent', { token: rs })).status, 200, 'the key still in the set still verifies');
    } finally {
      jwks = full;
    }
    await sleep(TTL_SECS * 1000 + 100);
    assert.equal((await s.api('GET', '/v1/parties/313367002/consent', { token })).status, 200, 'back in the set, it verifies again');
  });

  test('while the URL fails, the last good set is served (and the failure remembered)', async () => {
    await sleep(TTL_SECS * 1000 + 100);
    down = true;
    const before = attempts;
    try {
      for (let i = 0; i < 3; i++) {
        const r = await consent();
        assert.equal(r.status, 200, `the last good set verifies the session: ${r.text}`);
      }
      assert.equal(attempts - before, 1, 'one failed fetch, then the remembered failure');
    } finally {
      down = false;
    }
    invalid.push(...s.invalid);
  });
});

test('every response matched worker/openapi.json', () => {
  assert.deepEqual(invalid, []);
});
