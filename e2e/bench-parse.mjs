// Benchmark (not a test): `parseAapneKrav` of the browser package on a large answer, in Node. The 2024-04-24
// documented example with its claims repeated to 5,000 (about 6.6 MB of JSON); 25 runs, median and min.
// Usage: node e2e/bench-parse.mjs [pkg dir]   (default pkg-js/pkg, after scripts/build-pkg)
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ROOT } from './stack.mjs';

const dir = resolve(process.argv[2] ?? join(ROOT, 'pkg-js/pkg'));
const m = await import(join(dir, 'kravkit_web.js'));
m.initSync({ module: readFileSync(join(dir, 'kravkit_web_bg.wasm')) });
const doc = JSON.parse(readFileSync(join(ROOT, 'fixtures/skatteetaten/2024-04-24/aapnekrav.json'), 'utf8'));
const one = doc.aapentKravMedGjenstaaendeBeloep;
const claims = Array.from({ length: 5000 }, (_, i) => ({ ...one[i % one.length], kravidentifikator: `K${i}` }));
const json = JSON.stringify({ ...doc, aapentKravMedGjenstaaendeBeloep: claims });
const t = [];
for (let i = 0; i < 25; i++) {
  const t0 = performance.now();
  const r = m.parseAapneKrav(json);
  t.push(performance.now() - t0);
  if (r.aapentKravMedGjenstaaendeBeloep.length !== 5000) throw new Error('not all claims parsed');
}
t.sort((a, b) => a - b);
console.log(`parseAapneKrav, 5,000 claims (${(json.length / 1024).toFixed(0)} KiB): median ${t[12].toFixed(1)} ms, min ${t[0].toFixed(1)} ms (n=25)`);
