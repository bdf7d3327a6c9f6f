// Benchmark (not a test): time to first render of <kravkit-oversikt>'s overview in headless Chromium.
//
//   A. Full stack, the simulator's large party 314055403 (5,000 claims): the demo page is loaded with the party
//      in its URL (consent given beforehand), and the time from navigation start to the frame after
//      `kravkit-loaded` is taken: page, wasm, session, consent status, the Worker (token, Skatteetaten, canonical
//      JSON), parsing, sorting and rendering the first 50 rows and the summary.
//   B. The widget alone, no network: the canonical JSON already in the page, answered by the client's `fetch`
//      option; from appending the element to the frame after `kravkit-loaded`, for 1,000 and 5,000 claims (every
//      claim payable), alternating with the same element under `pay="none"` (no Pay column or actions).
//
// Median of several runs each. Usage: node e2e/bench-widget.mjs [runs]   (after scripts/build; writes
// artifacts/bench-widget.json).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launch } from './browser.mjs';
import { startDemo } from './demo-stack.mjs';
import { ROOT } from './stack.mjs';
import { startStatic } from './widget-server.mjs';

const RUNS = Number(process.argv[2] ?? 7);
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
const fmt = (xs) => `${median(xs).toFixed(1)} ms (min ${Math.min(...xs).toFixed(1)}, max ${Math.max(...xs).toFixed(1)}, n=${xs.length})`;

/** Gives consent for `party` over plain HTTP: the Worker's POST /v1/consents, the simulator's page, the callback. */
async function consent(demo, party) {
  const token = await demo.session();
  const r = await fetch(`${demo.url}/v1/consents`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ party, returnUrl: `${demo.url}/` }) });
  const { redirectUrl } = await r.json();
  const html = await (await fetch(redirectUrl)).text();
  const action = html.match(/<form method="post" action="([^"]+\/approve)"/)[1];
  const answer = await fetch(new URL(action, redirectUrl), { method: 'POST', redirect: 'manual' });
  const cb = await fetch(answer.headers.get('location'), { redirect: 'manual' });
  if (!/kravkitConsent=granted/.test(cb.headers.get('location') ?? '')) throw new Error(`consent for ${party} failed`);
}

const results = { runs: RUNS, fullStack: {}, widgetOnly: {} };
const ctx = await launch();
const rendered = () => new Promise((resolve) => {
  document.addEventListener('kravkit-loaded', (e) => requestAnimationFrame(() => resolve({ t: performance.now(), total: e.detail.total })), { once: true });
});

// A. Full stack.
const demo = await startDemo();
try {
  const party = '314055403';
  await consent(demo, party);
  const claims = (await (await fetch(`${demo.url}/v1/parties/${party}/aapnekrav`, { headers: { authorization: `Bearer ${await demo.session()}` } })).json()).aapentKravMedGjenstaaendeBeloep.length;
  const bytes = [];
  const times = [];
  const worker = [];
  for (let i = 0; i < RUNS + 1; i++) {
    const page = await ctx.newPage();
    await page.addInitScript(`window.__rendered = (${rendered.toString()})();`);
    page.on('response', async (r) => { if (r.url().endsWith('/aapnekrav')) { bytes.push((await r.body()).length); worker.push(r.request().timing().responseEnd); } });
    await page.goto(`${demo.url}/?party=${party}&lang=nb`);
    const { t, total } = await page.evaluate(() => window.__rendered);
    if (total !== claims) throw new Error(`rendered ${total} of ${claims}`);
    if (i > 0) times.push(t); // the first load warms the Worker's token cache and the browser's wasm cache
    await page.close();
  }
  results.fullStack = { party, claims, responseBytes: bytes[0], medianMs: median(times), times, workerResponseMs: median(worker.slice(1)) };
  console.log(`A. full stack, ${claims} claims (${(bytes[0] / 1024).toFixed(0)} KiB of JSON): navigation → overview rendered ${fmt(times)}; the aapnekrav answer took ${median(worker.slice(1)).toFixed(1)} ms`);
} finally {
  await demo.stop();
}

// B. The widget alone.
const srv = await startStatic();
try {
  for (const n of [1000, 5000]) {
    const times = [];
    const page = await ctx.newPage();
    await page.goto(`${srv.url}/`);
    await page.waitForSelector('html[data-ready="true"]');
    await page.evaluate(async (count) => {
      window.kk.bench = JSON.stringify(window.kk.many(count));
    }, n);
    // The element as shipped, and with `pay="none"` (no Pay column or actions), interleaved: what the Pay
    // hand-off costs the first render.
    const off = [];
    for (let i = 0; i < RUNS * 2 + 1; i++) {
      for (const pay of ['auto', 'none']) {
        const t = await page.evaluate(async (pay) => {
          const kk = window.kk;
          const text = kk.bench;
          const routes = {
            'GET /v1/parties/314055403/consent': { party: '314055403', status: 'granted', mode: 'altinn3' },
            'GET /v1/parties/314055403/aapnekrav': () => new Response(text, { headers: { 'content-type': 'application/json' } }),
          };
          const t0 = performance.now();
          const done = new Promise((resolve) => document.addEventListener('kravkit-loaded', () => requestAnimationFrame(() => resolve(performance.now())), { once: true }));
          kk.mount({ party: '314055403', routes, attrs: pay === 'none' ? { pay: 'none' } : {} });
          return (await done) - t0;
        }, pay);
        if (i > 0) (pay === 'auto' ? times : off).push(t);
      }
    }
    results.widgetOnly[n] = { medianMs: median(times), times, payNoneMedianMs: median(off) };
    console.log(`B. widget alone, ${n} claims: element appended → overview rendered ${fmt(times)}; with pay="none" ${fmt(off)}`);
    await page.close();
  }
} finally {
  await srv.close();
  await ctx.close();
}
mkdirSync(join(ROOT, 'artifacts'), { recursive: true });
writeFileSync(join(ROOT, 'artifacts/bench-widget.json'), JSON.stringify(results, null, 2));
