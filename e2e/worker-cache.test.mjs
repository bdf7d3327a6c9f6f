// The Maskinporten token in the Cache API (shared by every Worker on the zone): named by an HMAC no one without
// STATE_KEY can compute, sealed with AES-GCM, and an entry that does not open (tampered, or planted in plaintext
// by someone else) is ignored and the token fetched again. Each restart of `wrangler dev` is a fresh isolate with
// empty memory and the same Cache API on disk.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startStack } from './worker-harness.mjs';

const party = '313367002';
let s;
let token;
before(async () => {
  s = await startStack();
  token = await s.session();
  await s.consent(party, { token });
});
after(async () => { await s?.stop(); });

/** Every file under `dir`. */
const files = (dir) => readdirSync(dir).flatMap((f) => {
  const p = join(dir, f);
  return statSync(p).isDirectory() ? files(p) : [p];
});
/** The Cache API's stored bodies (Miniflare keeps each body as a blob file under the cache's directory). */
const cacheBlobs = (stateDir) => files(join(stateDir, 'state')).filter((f) => /cache/i.test(f) && /blobs/.test(f));
const issued = async () => (await s.sim.stats()).tokens.issued;
const aapnekrav = () => s.api('GET', `/v1/parties/${party}/aapnekrav`, { token });
const logOf = () => readFileSync(s.worker.logFile, 'utf8');
/**
 * Waits (at most 10 s) until the Worker's log matches `re`: wrangler copies a request's log line to its output
 * after the response has gone out, so the line may land in the file a moment after the client has the answer.
 */
async function logMatches(re) {
  const deadline = Date.now() + 10_000;
  while (!re.test(logOf()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  assert.match(logOf(), re);
}

test('a fresh isolate takes the token from the Cache API, which holds it sealed under a keyed name', async () => {
  const r = await aapnekrav();
  assert.equal(r.status, 200, r.text);
  const before = await issued();
  await s.restartWorker();
  const again = await aapnekrav();
  assert.equal(again.status, 200, again.text);
  assert.equal(await issued(), before, 'no new token: the sealed entry opened');
  await logMatches(/"cache":"token","outcome":"hit_cache_api"/);
  const blobs = cacheBlobs(s.worker.stateDir);
  assert.ok(blobs.length > 0, 'the Cache API has stored bodies on disk');
  for (const f of files(join(s.worker.stateDir, 'state'))) {
    const text = readFileSync(f).toString('latin1');
    assert.doesNotMatch(text, /eyJ[\w-]+\.eyJ[\w-]+\./, `no JWT in the clear in ${f}`);
    assert.doesNotMatch(text, /mp-token-v1-[0-9a-f]{64}/, `no computable cache key in ${f}`);
  }
});

test('a tampered entry is ignored: the token is fetched again and the call succeeds', async () => {
  const before = await issued();
  await s.restartWorker((stateDir) => {
    for (const f of cacheBlobs(stateDir)) {
      const b = readFileSync(f);
      b[Math.floor(b.length / 2)] ^= 0x01;
      writeFileSync(f, b);
    }
  });
  const r = await aapnekrav();
  assert.equal(r.status, 200, r.text);
  assert.equal(await issued(), before + 1, 'a new token was fetched');
});

test('an entry planted in plaintext (another Worker on the zone) is ignored', async () => {
  const before = await issued();
  const now = Math.floor(Date.now() / 1000);
  const planted = JSON.stringify({ access_token: 'planted', reuse_until: now + 600, received_at: now - 1, refresh_from: now + 500 });
  await s.restartWorker((stateDir) => {
    for (const f of cacheBlobs(stateDir)) writeFileSync(f, planted);
  });
  const r = await aapnekrav();
  assert.equal(r.status, 200, `the planted token was not used: ${r.text}`);
  assert.equal(await issued(), before + 1, 'a new token was fetched');
});
