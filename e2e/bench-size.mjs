// Benchmark (not a test): the download size of the npm package `kravkit` as built in pkg-js/pkg: wasm + JS
// (wasm-bindgen glue, entry, <kravkit-oversikt> with its CSS), raw and gzip -9, as shipped and as a bundler
// ships it (esbuild --bundle --minify of the entry; the wasm is fetched as a separate file either way).
// Usage: node e2e/bench-size.mjs [--quiet]   (after scripts/build-pkg). Writes artifacts/bench-size.json.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildSync } from 'esbuild';
import { ROOT } from './stack.mjs';

const pkg = join(ROOT, 'pkg-js/pkg');
const gz = (b) => gzipSync(b, { level: 9 }).length;
const file = (f) => readFileSync(join(pkg, f));
const wasm = file('kravkit_web_bg.wasm');
const js = ['kravkit_web.js', 'index.js', 'kravkit-oversikt.js'].map(file);
// The CSS is a template literal in the element module; measured from the readable source.
const css = /const CSS = `([^`]*)`/.exec(readFileSync(join(ROOT, 'pkg-js/js/kravkit-oversikt.js'), 'utf8'))?.[1] ?? '';
const bundle = buildSync({
  entryPoints: [join(pkg, 'index.js')], bundle: true, minify: true, format: 'esm', write: false,
  platform: 'browser', target: 'es2022', logLevel: 'silent',
  // wasm-bindgen's default `new URL('kravkit_web_bg.wasm', import.meta.url)` stays a separate fetch.
}).outputFiles[0].contents;

const row = (name, raw, gzip) => ({ name, raw, gzip });
const rows = [
  row('wasm (kravkit_web_bg.wasm)', wasm.length, gz(wasm)),
  row('JS as shipped (glue + entry + element)', js.reduce((n, b) => n + b.length, 0), gz(Buffer.concat(js))),
  row('  of which CSS (in the element module)', Buffer.byteLength(css), gz(Buffer.from(css))),
  row('JS bundled + minified (esbuild)', bundle.length, gz(bundle)),
];
const shipped = { raw: wasm.length + rows[1].raw, gzip: rows[0].gzip + rows[1].gzip };
const minified = { raw: wasm.length + bundle.length, gzip: rows[0].gzip + rows[3].gzip };
const result = { rows, total: { shipped, minified }, budgetGzip: 60 * 1024 };
mkdirSync(join(ROOT, 'artifacts'), { recursive: true });
writeFileSync(join(ROOT, 'artifacts/bench-size.json'), JSON.stringify(result, null, 2));

const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
if (process.argv.includes('--quiet')) {
  console.log(`[size] kravkit: wasm ${kb(rows[0].gzip)} + JS ${kb(rows[1].gzip)} gzip = ${kb(shipped.gzip)} as shipped; ${kb(minified.gzip)} with a minifying bundler (budget ${kb(result.budgetGzip)})`);
} else {
  console.log('| part | raw | gzip -9 |\n|---|---:|---:|');
  for (const r of rows) console.log(`| ${r.name} | ${r.raw} B | ${r.gzip} B |`);
  console.log(`| **total as shipped (wasm + JS + CSS)** | ${shipped.raw} B | ${shipped.gzip} B (${kb(shipped.gzip)}) |`);
  console.log(`| **total with a minifying bundler** | ${minified.raw} B | ${minified.gzip} B (${kb(minified.gzip)}) |`);
}
