// The npm package as a bank's developer gets it: `npm pack pkg-js/pkg`, a fresh Vite project (e2e/consumer/)
// that installs only that tarball (offline) and is built with the repository's pinned vite; the built page then
// renders <kravkit-oversikt> in Chromium under the strict CSP. The same project's TypeScript (consumer.ts) is
// type-checked against the tarball's .d.ts with the repository's pinned tsc, strict and without skipLibCheck.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { launch, openPage, screenshot } from './browser.mjs';
import { ROOT } from './stack.mjs';
import { expectAccessible, expectNoProblems } from './widget-helpers.mjs';
import { startStatic } from './widget-server.mjs';

let dir;
let srv;
let ctx;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kravkit-consumer-'));
  const packed = execFileSync('npm', ['pack', join(ROOT, 'pkg-js/pkg'), '--pack-destination', dir, '--json'], { cwd: dir, encoding: 'utf8' });
  const tarball = join(dir, JSON.parse(packed)[0].filename);
  const app = join(dir, 'app');
  cpSync(join(ROOT, 'e2e/consumer'), app, { recursive: true });
  cpSync(join(ROOT, 'fixtures/skatteetaten/2024-04-24/aapnekrav.json'), join(app, 'aapnekrav.json'));
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'bank-app', private: true, type: 'module', dependencies: { kravkit: `file:${tarball}` } }, null, 2));
  execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: app, stdio: 'pipe' });
  execFileSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', app], { cwd: app, stdio: 'pipe' });
  [srv, ctx] = await Promise.all([startStatic({ mounts: [['/', join(app, 'dist')]] }), launch()]);
});
after(async () => { await ctx?.close(); await srv?.close(); });

const TSC = join(ROOT, 'node_modules/typescript/bin/tsc');
const DISPOSABLE = '/// <reference lib="esnext.disposable" />';

test('the tarball holds the package and nothing else', () => {
  const files = JSON.parse(execFileSync('npm', ['pack', join(ROOT, 'pkg-js/pkg'), '--dry-run', '--json'], { cwd: dir, encoding: 'utf8' }))[0].files.map((f) => f.path).sort();
  assert.deepEqual(files, ['README.md', 'index.d.ts', 'index.js', 'kravkit-oversikt.d.ts', 'kravkit-oversikt.js', 'kravkit_web.d.ts', 'kravkit_web.js', 'kravkit_web_bg.wasm', 'kravkit_web_bg.wasm.d.ts', 'package.json']);
  const types = readFileSync(join(ROOT, 'pkg-js/pkg/kravkit_web.d.ts'), 'utf8');
  for (const t of ['export class KravClient', 'export interface KravkitError', 'startConsent(party: string, returnUrl?: string | null): Promise<ConsentStarted>', 'export class Visning']) {
    assert.ok(types.includes(t), t);
  }
});

test('a Vite build of a fresh project renders the widget under the strict CSP', async () => {
  const assets = readdirSync(join(dir, 'app/dist/assets'));
  assert.ok(assets.some((f) => f.endsWith('.wasm')), `the wasm is emitted as an asset: ${assets}`);
  const page = await openPage(ctx);
  await page.goto(`${srv.url}/`);
  await page.waitForSelector('body[data-loaded="2"]', { timeout: 20_000 });
  assert.equal(await page.getAttribute('body', 'data-version'), JSON.parse(readFileSync(join(ROOT, 'pkg-js/npm/package.json'), 'utf8')).version);
  assert.equal((await page.locator('kravkit-oversikt .kk-t-saldo dd').textContent()).replace(/\u00a0/g, ' '), 'kr 20 400,00');
  await expectAccessible(page, 'consumer app');
  await screenshot(page, 'consumer-vite');
  expectNoProblems(page, 'consumer app');
});

test('TypeScript: a strict consumer type-checks against the packed types, without skipLibCheck', () => {
  const app = join(dir, 'app');
  const pkg = join(app, 'node_modules/kravkit');
  // wasm-bindgen's classes declare [Symbol.dispose](), typed only by TypeScript's esnext.disposable lib: without this
  // first line (added by scripts/build-pkg) a consumer on ES2022 libs gets TS2550 inside our .d.ts.
  assert.equal(readFileSync(join(pkg, 'kravkit_web.d.ts'), 'utf8').split('\n')[0], DISPOSABLE, 'kravkit_web.d.ts starts with the esnext.disposable reference');
  const args = ['--noEmit', '--strict', '--target', 'ES2022', '--lib', 'ES2022,DOM', '--module', 'ES2022',
    '--moduleResolution', 'bundler', '--listFiles', 'consumer.ts'];
  let out;
  try {
    out = execFileSync(process.execPath, [TSC, ...args], { cwd: app, encoding: 'utf8', stdio: 'pipe' });
  } catch (e) {
    assert.fail(`tsc ${args.join(' ')} failed:\n${e.stdout}${e.stderr}`);
  }
  assert.match(execFileSync(process.execPath, [TSC, '--version'], { encoding: 'utf8' }), /^Version 5\./);
  // The package's own declarations were in the program (so checked: no skipLibCheck), and the libs were only
  // ES2022 + DOM plus the one the reference pulls in.
  const files = out.split('\n').filter(Boolean).map((f) => f.replace(/\\/g, '/'));
  for (const f of ['index.d.ts', 'kravkit_web.d.ts']) {
    assert.ok(files.includes(join(pkg, f)), `${f} type-checked: ${files.join(', ')}`);
  }
  const libs = files.filter((f) => /\/typescript\/lib\/lib\./.test(f)).map((f) => f.replace(/^.*\/lib\./, ''));
  assert.ok(libs.includes('esnext.disposable.d.ts'), `esnext.disposable loaded: ${libs}`);
  assert.ok(libs.includes('dom.d.ts') && libs.includes('es2022.d.ts'), `ES2022 and DOM: ${libs}`);
  assert.ok(!libs.some((l) => /^esnext\.(d\.ts|full)/.test(l) || /^es202[3-9]/.test(l)), `no newer lib than asked for: ${libs}`);
});
