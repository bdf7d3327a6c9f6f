// The demo page in headless Chromium: wasm loads under the strict CSP, parses the official example response and
// renders its open claims.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { launch, openPage, screenshot } from './browser.mjs';
import { ROOT, startWorker } from './stack.mjs';

const fixture = JSON.parse(readFileSync(join(ROOT, 'fixtures/skatteetaten/2024-04-24/aapnekrav.json'), 'utf8'));
let worker;
let browser;
before(async () => { [worker, browser] = await Promise.all([startWorker(), launch()]); });
after(async () => { await browser?.close(); await worker?.stop(); });

test('the demo renders the open claims of the fixture through wasm', async () => {
  const page = await openPage(browser);
  await page.goto(`${worker.url}/`);
  await page.waitForSelector('body[data-state="ready"]', { timeout: 15_000 });
  await screenshot(page, 'demo-open-claims');

  assert.equal(await page.textContent('#party'), fixture.partIdentifikator);
  const rows = await page.$$eval('#claims tbody tr', (trs) => trs.map((tr) => tr.dataset.kravid));
  assert.deepEqual(rows, fixture.aapentKravMedGjenstaaendeBeloep.map((k) => k.kravidentifikator));

  // The saldo shown is the fixture's, formatted from integer øre.
  const ore = Math.round(fixture.totalOversikt.saldo * 100);
  const expected = new Intl.NumberFormat('nb-NO', { style: 'currency', currency: 'NOK' }).format(ore / 100);
  const saldo = await page.$$eval('#totals div', (ds) => ds.map((d) => [d.querySelector('dt').textContent, d.querySelector('dd').textContent]));
  assert.deepEqual(saldo.find(([k]) => k === 'Saldo'), ['Saldo', expected]);

  assert.deepEqual(page.problems, [], 'no console errors or CSP violations');
});

test('garbage input is a typed error, not a crash', async () => {
  const page = await openPage(browser);
  await page.goto(`${worker.url}/`);
  await page.waitForSelector('body[data-state="ready"]', { timeout: 15_000 });
  const err = await page.evaluate(async () => {
    const m = await import('./pkg/kravkit_web.js');
    try { m.parseAapneKrav('{"aapentKravMedGjenstaaendeBeloep": [{"gjenstaaendeBeloep": "NaN"}]}'); return null; } catch (e) { return { name: e.name, code: e.code, message: e.message }; }
  });
  assert.ok(err, 'must throw');
  assert.equal(err.code, 'invalid_json');
  assert.ok(err.message.length > 0);
});
