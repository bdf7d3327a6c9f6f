// The Worker under `wrangler dev`: health, problem responses, static assets with security headers.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startWorker } from './stack.mjs';

let worker;
before(async () => { worker = await startWorker(); });
after(async () => { await worker?.stop(); });

test('GET /healthz answers 200 with the service and environment', async () => {
  const r = await fetch(`${worker.url}/healthz`);
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /application\/json/);
  const body = await r.json();
  assert.equal(body.status, 'ok');
  assert.equal(body.service, 'kravkit-worker');
  assert.equal(body.environment, 'sim');
});

test('an unknown route is a 404 problem+json with a stable code', async () => {
  const r = await fetch(`${worker.url}/v1/nope`);
  assert.equal(r.status, 404);
  assert.match(r.headers.get('content-type'), /application\/problem\+json/);
  const body = await r.json();
  assert.equal(body.code, 'not_found');
  assert.equal(body.status, 404);
});

test('the demo page is served with a strict Content-Security-Policy', async () => {
  const r = await fetch(`${worker.url}/`);
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /text\/html/);
  const csp = r.headers.get('content-security-policy') ?? '';
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'/);
  assert.match(csp, /style-src 'self'/);
  const wasm = await fetch(`${worker.url}/pkg/kravkit_web_bg.wasm`);
  assert.equal(wasm.status, 200);
  assert.equal(wasm.headers.get('content-type'), 'application/wasm');
});
