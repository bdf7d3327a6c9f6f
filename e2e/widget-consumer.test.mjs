// The npm package as a bank's developer gets it: `npm pack pkg-js/pkg`, a fresh Vite project (e2e/consumer/)
// that installs only that tarball (offline) and is built with the repository's pinned vite; the built page then
// renders <kravkit-oversikt> in Chromium under the strict CSP.
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
