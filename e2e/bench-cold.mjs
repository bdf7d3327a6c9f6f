// Benchmark (not a test): a cold view (issue 12, goal 3). The simulator answers every Maskinporten, Altinn and
// Skatteetaten request after a delay standing for a realistic round trip (100, 100 and 150 ms by default). Each
// round gives a new consent for the party (so that no token is cached for it anywhere), then loads the demo page
// with the party in headless Chromium and takes the time from the element's first request (the consent status:
// its resource timing's start) to the frame after `kravkit-loaded`.
//
// The physical limit is one Maskinporten round trip and one Skatteetaten round trip after each other (the token must
// exist before the data call); both are measured in the same run from Node, straight to the simulator.
//
// Usage: node e2e/bench-cold.mjs [rounds] [maskinportenMs] [skatteetatenMs] [altinnMs]   (after scripts/build)
import { launch, openPage } from './browser.mjs';
import { startDemo } from './demo-stack.mjs';

const ROUNDS = Number(process.argv[2] ?? 9);
const [MP, SKE, ALTINN] = [process.argv[3] ?? 100, process.argv[4] ?? 150, process.argv[5] ?? 100].map(Number);
const PARTY = '212201782';
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
const ms = (x) => `${x.toFixed(1)} ms`;

const delays = [
  { service: 'maskinporten', delayMs: MP },
  { service: 'skatteetaten', delayMs: SKE },
  { service: 'altinn3', delayMs: ALTINN },
  { service: 'altinn2', delayMs: ALTINN },
];

const demo = await startDemo();
const ctx = await launch();
try {
  const rows = [];
  const rtt = { maskinporten: [], skatteetaten: [] };
  for (let i = 0; i < ROUNDS + 1; i++) {
    // A new consent, given without delays (the set-up is not measured).
    await demo.sim.config({ clearFaults: true });
    const { start } = await demo.consent(PARTY, { token: await demo.session() });
    const consentId = new URL(start.json.redirectUrl).searchParams.get('id');
    await demo.sim.config({ faults: delays });

    // The two round trips straight to the simulator, with a token of its own.
    let t = performance.now();
    const accessToken = await demo.directToken(PARTY, consentId);
    rtt.maskinporten.push(performance.now() - t);
    t = performance.now();
    const direct = await fetch(`${demo.sim.url}/skatteetaten/v1/finans/${PARTY}/aapnekrav`, { headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' } });
    await direct.arrayBuffer();
    rtt.skatteetaten.push(performance.now() - t);
    if (direct.status !== 200) throw new Error(`the simulator answered ${direct.status}`);

    await demo.sim.resetStats();
    const page = await openPage(ctx);
    await page.addInitScript(() => {
      window.__rendered = new Promise((resolve) => document.addEventListener('kravkit-loaded', () => requestAnimationFrame(() => resolve(performance.now())), { once: true }));
    });
    await page.goto(`${demo.url}/?party=${PARTY}&lang=nb`);
    const r = await page.evaluate(async () => {
      const frame = await window.__rendered;
      const entries = performance.getEntriesByType('resource').filter((e) => e.name.includes('/v1/parties/'));
      const one = (suffix) => entries.find((e) => new URL(e.name).pathname.endsWith(suffix));
      const [status, data] = [one('/consent'), one('/aapnekrav')];
      return { frame, status: { start: status.startTime, end: status.responseEnd }, data: { start: data.startTime, end: data.responseEnd } };
    });
    if (page.problems.length) throw new Error(`the page had problems: ${page.problems.join('; ')}`);
    await page.close();
    const stats = await demo.sim.stats();
    const tokens = stats.requests['maskinporten.token']?.total ?? 0;
    const t0 = r.status.start;
    const row = {
      total: r.frame - t0,
      status: r.status.end - t0,
      gap: r.data.start - r.status.end,
      data: r.data.end - r.data.start,
      render: r.frame - r.data.end,
      tokens,
    };
    if (i > 0) rows.push(row); // the first round warms the browser's caches (page, wasm) and the isolate
  }
  const limit = median(rtt.maskinporten) + median(rtt.skatteetaten);
  const col = (k) => median(rows.map((x) => x[k]));
  console.log(`cold view, party ${PARTY}, simulator delays Maskinporten ${MP} ms, Skatteetaten ${SKE} ms, Altinn ${ALTINN} ms; medians of ${rows.length} rounds`);
  console.log(`  measured straight from Node: Maskinporten ${ms(median(rtt.maskinporten))}, Skatteetaten ${ms(median(rtt.skatteetaten))}; limit ${ms(limit)}`);
  console.log(`  element's first request → overview rendered: ${ms(col('total'))} = ${(col('total') / limit).toFixed(2)} × the limit (goal ≤ 1.2)`);
  console.log(`    consent status answered after ${ms(col('status'))}; data call sent ${ms(col('gap'))} later, took ${ms(col('data'))}; rendered ${ms(col('render'))} after it`);
  console.log(`  all totals: ${rows.map((x) => x.total.toFixed(0)).join(', ')} ms; token requests per round: ${rows.map((x) => JSON.stringify(x.tokens)).join(', ')}`);
} finally {
  await ctx.close();
  await demo.stop();
}
