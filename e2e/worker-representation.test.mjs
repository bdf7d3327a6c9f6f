// The data routes' two bodies: the canonical JSON by default, and Skatteetaten's document passed through unread
// when `Accept` prefers `application/vnd.kravkit.upstream+json` (what the browser package asks for, so that the
// Worker's cost does not grow with the party). The passed-through document, read by the browser package's parsers,
// is the same data as the canonical answer; a period with nothing in it is canonical either way; a 2xx JSON of
// declared length is streamed on unread (the package refuses what is not the document), anything else is read and
// refused in the Worker when it is not a JSON object.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import { runtimeFailures } from './load.mjs';
import { ROOT } from './stack.mjs';
import { startStack } from './worker-harness.mjs';

const UPSTREAM = 'application/vnd.kravkit.upstream+json';
const ACCEPT = `${UPSTREAM}, application/json;q=0.5`;
const SMALL = '313367002';
const LARGE = '314055403';
const today = () => new Date().toISOString().slice(0, 10);
const yearAgo = () => new Date(Date.now() - 364 * 86_400_000).toISOString().slice(0, 10);
const PARSERS = { aapnekrav: 'parseAapneKrav', krav: 'parseKrav', innbetalinger: 'parseInnbetalinger', utbetalinger: 'parseUtbetalinger' };

const pkgDir = join(ROOT, 'pkg-js/pkg');
const pkg = await import(join(pkgDir, 'kravkit_web.js'));
pkg.initSync({ module: readFileSync(join(pkgDir, 'kravkit_web_bg.wasm')) });

let s;
let token;
const consentIds = {};
before(async () => {
  s = await startStack({ vars: { UPSTREAM_TIMEOUT_MS: '10000' } });
  token = await s.session();
  for (const p of [SMALL, LARGE]) {
    const { start } = await s.consent(p, { token });
    consentIds[p] = new URL(start.json.redirectUrl).searchParams.get('id');
  }
});

/** The simulator's own answer for `party`, fetched with a token this test gets itself (as the Worker does). */
async function straightFromSkatteetaten(party, ep) {
  const accessToken = await s.directToken(party, consentIds[party]);
  const r = await fetch(`${s.sim.url}/skatteetaten/v1/finans/${party}/${ep}`, { headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' } });
  assert.equal(r.status, 200);
  return r.text();
}
after(async () => { await s?.stop(); });
beforeEach(async () => { await s.sim.config({ clearFaults: true }); });

const get = (path, accept) => s.api('GET', path, { token, headers: accept ? { accept } : {} });
const pathOf = (party, ep) => `/v1/parties/${party}/${ep}${ep === 'aapnekrav' ? '' : `?fraOgMed=${yearAgo()}&tilOgMed=${today()}`}`;

describe('the upstream document', () => {
  for (const ep of Object.keys(PARSERS)) {
    test(`${ep}: passed through when asked for, and the same data as the canonical answer`, async () => {
      const canonical = await get(pathOf(SMALL, ep));
      assert.equal(canonical.status, 200, canonical.text);
      assert.match(canonical.headers.get('content-type'), /^application\/json/);
      const upstream = await get(pathOf(SMALL, ep), ACCEPT);
      assert.equal(upstream.status, 200, upstream.text);
      assert.equal(upstream.headers.get('content-type'), UPSTREAM);
      assert.match(upstream.headers.get('vary') ?? '', /Accept/);
      assert.match(upstream.headers.get('korrelasjonsid') ?? '', /^[0-9a-f-]{36}$/);
      assert.notEqual(upstream.text, canonical.text, 'Skatteetaten\'s shape (amounts in kroner) is not the canonical one');
      assert.deepEqual(pkg[PARSERS[ep]](upstream.text), canonical.json);
    });
  }

  test('the large party: the whole document, byte for byte what Skatteetaten sent, read to the same 5,000 claims', async () => {
    await s.sim.resetStats();
    const upstream = await get(`/v1/parties/${LARGE}/aapnekrav`, UPSTREAM);
    assert.equal(upstream.status, 200);
    const canonical = await get(`/v1/parties/${LARGE}/aapnekrav`);
    const read = pkg.parseAapneKrav(upstream.text);
    assert.equal(read.aapentKravMedGjenstaaendeBeloep.length, canonical.json.aapentKravMedGjenstaaendeBeloep.length);
    assert.ok(read.aapentKravMedGjenstaaendeBeloep.length > 4000);
    assert.deepEqual(read, canonical.json);
    assert.equal(upstream.text, await straightFromSkatteetaten(LARGE, 'aapnekrav'));
  });

  test('a period with nothing in it is the canonical empty list, also when the upstream document was asked for', async () => {
    const r = await get(`/v1/parties/${SMALL}/krav?fraOgMed=2001-01-01&tilOgMed=2001-12-31`, ACCEPT);
    assert.equal(r.status, 200, r.text);
    assert.match(r.headers.get('content-type'), /^application\/json/);
    assert.deepEqual(r.json.krav, []);
    assert.equal(r.json.partIdentifikator, SMALL);
  });

  test('Accept decides: q=0 or a preferred application/json gives the canonical form', async () => {
    for (const accept of [`${UPSTREAM};q=0, application/json`, `application/json, ${UPSTREAM};q=0.2`, '*/*', 'text/html']) {
      const r = await get(`/v1/parties/${SMALL}/aapnekrav`, accept);
      assert.equal(r.status, 200, `${accept}: ${r.text}`);
      assert.match(r.headers.get('content-type'), /^application\/json/, accept);
    }
  });

  for (const [name, body] of [['not JSON', 'not json at all'], ['empty', '']]) {
    test(`a 2xx from Skatteetaten that is ${name} (not a JSON type) is upstream_error in either form`, async () => {
      for (const accept of [ACCEPT, 'application/json']) {
        await s.sim.config({ faults: [{ service: 'skatteetaten', route: 'aapnekrav', status: 200, body }] });
        const r = await get(`/v1/parties/${SMALL}/aapnekrav`, accept);
        assert.equal(r.status, 502, `${accept}: ${r.text}`);
        assert.equal(r.json.code, 'upstream_error');
      }
    });
  }

  test('a 2xx JSON that is not the document is streamed on unread, and the browser package refuses it', async () => {
    await s.sim.config({ faults: [{ service: 'skatteetaten', route: 'aapnekrav', status: 200, body: [1, 2] }] });
    const passed = await get(`/v1/parties/${SMALL}/aapnekrav`, ACCEPT);
    assert.equal(passed.status, 200, passed.text);
    assert.equal(passed.headers.get('content-type'), UPSTREAM);
    assert.equal(passed.text, '[1,2]');
    assert.throws(() => pkg.parseAapneKrav(passed.text), /object/);
    const read = await get(`/v1/parties/${SMALL}/aapnekrav`, 'application/json');
    assert.equal(read.status, 502, read.text);
    assert.equal(read.json.code, 'upstream_error');
  });

  test('a streamed answer has the Content-Length Skatteetaten declared', async () => {
    const r = await fetch(`${s.url}/v1/parties/${LARGE}/aapnekrav`, { headers: { authorization: `Bearer ${token}`, accept: ACCEPT, 'accept-encoding': 'identity' } });
    const body = await r.arrayBuffer();
    assert.equal(r.status, 200);
    assert.equal(Number(r.headers.get('content-length')), body.byteLength);
  });

  test('Skatteetaten\'s refusals are problems in either form (KB-005 consent, DAS-003 retried)', async () => {
    await s.sim.config({ faults: [{ service: 'skatteetaten', route: 'aapnekrav', skatteetatenError: 'DAS-003', times: 1 }] });
    const retried = await get(`/v1/parties/${SMALL}/aapnekrav`, ACCEPT);
    assert.equal(retried.status, 200, retried.text);
    assert.equal(retried.headers.get('content-type'), UPSTREAM);
    await s.sim.config({ faults: [{ service: 'skatteetaten', route: 'aapnekrav', skatteetatenError: 'KB-009' }] });
    const gone = await get(`/v1/parties/${SMALL}/aapnekrav`, ACCEPT);
    assert.equal(gone.status, 404, gone.text);
    assert.equal(gone.json.code, 'party_not_found');
  });

  test('clients that stop reading a streamed answer midway hold nothing: six more calls than permits all succeed', async () => {
    const headers = { authorization: `Bearer ${token}`, accept: ACCEPT, 'accept-encoding': 'identity' };
    const url = `${s.url}/v1/parties/${LARGE}/aapnekrav`;
    const leave = async () => {
      const controller = new AbortController();
      const r = await fetch(url, { headers, signal: controller.signal });
      assert.equal(r.status, 200);
      const reader = r.body.getReader();
      await reader.read(); // the first chunk, then the client goes away
      controller.abort();
      await reader.cancel().catch(() => {});
    };
    await Promise.all(Array.from({ length: 6 }, leave));
    const after = await Promise.all(Array.from({ length: 6 }, async () => {
      const r = await fetch(url, { headers });
      return [r.status, (await r.arrayBuffer()).byteLength, Number(r.headers.get('content-length'))];
    }));
    for (const [status, got, declared] of after) {
      assert.equal(status, 200);
      assert.equal(got, declared, 'each answer whole');
    }
    assert.deepEqual(runtimeFailures(readFileSync(s.worker.logFile, 'utf8')), []);
  });

  test('every answer matched the OpenAPI document', () => {
    assert.deepEqual(s.invalid, []);
  });
});
