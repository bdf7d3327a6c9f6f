// The demo netbank end to end: the simulator (Maskinporten, Altinn, Skatteetaten) + the Worker under
// `wrangler dev` serving www/ with its strict CSP, driven in headless Chromium. Pick a company, hit "needs
// consent", click through the simulator's Altinn page, come back, and check what the widget shows against what the
// Worker answers; details, tabs, languages, CSV; a rejected, a revoked and a withdrawn consent; the shielded, empty
// and large companies; Altinn 2 consent too. axe-core runs in every state; any console error or CSP violation
// fails (except the one browsers log for an expected 403, named where it is allowed).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { launch, openPage, screenshot } from './browser.mjs';
import { startDemo } from './demo-stack.mjs';
import { expectAccessible, expectNoProblems, shadowText } from './widget-helpers.mjs';

const norm = (s) => s.replace(/\u00a0/g, ' ');
const w = (selector) => `kravkit-oversikt ${selector}`;

/** The demo page, logged in and showing `party` (the widget's first event awaited). */
async function open(ctx, demo, party) {
  const page = await openPage(ctx);
  await page.goto(`${demo.url}/`);
  await page.waitForSelector('body[data-demo="ready"]', { timeout: 20_000 });
  await page.check(`#c-${party}`);
  await page.click('#picker button[type="submit"]');
  await settled(page);
  return page;
}

/** Waits until the widget shows a settled state (not loading). */
async function settled(page, want) {
  await page.waitForFunction((states) => {
    const el = document.querySelector('kravkit-oversikt');
    return el && states.includes(el.state);
  }, want ? [want] : ['consent', 'ready', 'shielded', 'error'], { timeout: 30_000 });
  return page.evaluate(() => document.querySelector('kravkit-oversikt').state);
}

/** From "needs consent" through the simulator's consent page (`approve` or `reject`) and back. */
async function consent(page, demo, action = 'approve') {
  assert.equal(await settled(page), 'consent');
  await page.locator(w('.kk-consent button')).click();
  await page.waitForURL((u) => !u.toString().startsWith(demo.url), { timeout: 15_000 });
  const altinn = page.url();
  assert.ok(altinn.startsWith(demo.sim.url), `on the simulator's consent page: ${altinn}`);
  await page.click(`#${action}`);
  await page.waitForURL((u) => u.toString().startsWith(demo.url), { timeout: 15_000 });
  const back = page.url();
  await settled(page);
  return { altinn, back };
}

function suite(mode) {
  describe(`demo with ${mode} consent`, () => {
    let demo;
    let ctx;
    before(async () => {
      [demo, ctx] = await Promise.all([startDemo({ mode }), launch()]);
      await ctx.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: demo.url });
    });
    after(async () => { await ctx?.close(); await demo?.stop(); });

    test('needs consent → Altinn → back: the right saldo and claims, details, tabs, languages, CSV', async () => {
      const party = '313367002';
      const page = await open(ctx, demo, party);
      assert.equal(await page.textContent('#mode'), mode === 'altinn3' ? 'Altinn 3' : 'Altinn 2 (AltinnSamtykke)');
      assert.match(await shadowText(page, '.kk-consent'), /Samtykket gjelder i 90 dager/);
      await expectAccessible(page, `${mode}: needs consent`);
      await screenshot(page, `demo-${mode}-1-needs-consent`);

      const { back } = await consent(page, demo, 'approve');
      assert.match(back, new RegExp(`kravkitConsent=granted&kravkitParty=${party}`));
      assert.equal(await settled(page, 'ready'), 'ready');
      assert.equal(new URL(page.url()).searchParams.get('kravkitConsent'), null, 'the widget cleaned the URL');
      assert.equal(new URL(page.url()).searchParams.get('party'), party);

      // What the Worker answers for this party, in øre, against what the widget shows.
      const data = await demo.api(`/v1/parties/${party}/aapnekrav`);
      const shown = norm(await shadowText(page, '.kk-t-saldo dd'));
      const kr = Math.abs(data.totalOversikt.saldo);
      const expected = `${data.totalOversikt.saldo < 0 ? '\u2212' : ''}kr ${Math.floor(kr / 100).toLocaleString('en').replace(/,/g, ' ')},${String(kr % 100).padStart(2, '0')}`;
      assert.equal(shown, expected, 'saldo');
      const n = data.aapentKravMedGjenstaaendeBeloep.length;
      assert.ok(n > 0);
      assert.equal(await page.locator(w('tbody > tr:not(.kk-detail)')).count(), Math.min(n, 50));
      assert.equal(norm(await shadowText(page, '.kk-shown')), `Viser ${Math.min(n, 50)} av ${n}`);
      const due = (k) => k.kravforfall.filter((f) => f.gjenstaaendeBeloep !== 0).map((f) => f.forfallsdato).sort()[0];
      const first = [...data.aapentKravMedGjenstaaendeBeloep].sort((a, b) => due(a).localeCompare(due(b)))[0];
      assert.equal(await page.locator(w('tbody > tr')).first().getAttribute('data-id'), first.kravidentifikator, 'earliest due first');
      await expectAccessible(page, `${mode}: overview`);
      await screenshot(page, `demo-${mode}-2-overview`);

      // A claim's details: account, KID and copy buttons.
      await page.locator(w('.kk-exp')).first().click();
      const detail = page.locator(w('tr.kk-detail'));
      const ff = first.kravforfall.find((f) => f.gjenstaaendeBeloep !== 0);
      const kid = ff.betalingsinformasjon?.kidnummer;
      if (kid) {
        assert.ok((await detail.textContent()).includes(kid));
        await detail.locator(`button[data-copy="${kid}"]`).click();
        assert.equal(await page.evaluate(() => navigator.clipboard.readText()), kid);
      }
      assert.match(await detail.textContent(), /Kontonummer/);
      await expectAccessible(page, `${mode}: details`);
      await screenshot(page, `demo-${mode}-3-details`);

      // Tabs: payments of the last year.
      const inn = await demo.api(`/v1/parties/${party}/innbetalinger?${await periodQuery(page)}`);
      await page.locator(w('#kk-tab-innbetalinger')).click();
      await page.waitForFunction(() => document.querySelector('kravkit-oversikt').shadowRoot.querySelector('#kk-panel .kk-toolbar, #kk-panel .kk-empty'));
      const innRows = await page.locator(w('tbody > tr:not(.kk-detail)')).count();
      assert.equal(innRows, Math.min(inn.innbetaling.length, 50));
      await expectAccessible(page, `${mode}: innbetalinger`);
      await screenshot(page, `demo-${mode}-4-innbetalinger`);

      // Languages: the page's switcher sets the widget's lang.
      await page.click('button[data-lang="en"]');
      assert.equal(await shadowText(page, '#kk-tab-innbetalinger'), 'Payments');
      assert.equal(await shadowText(page, 'h2'), 'Claims and payments');
      await page.click('button[data-lang="nn"]');
      assert.equal(await shadowText(page, '#kk-tab-aapnekrav'), 'Opne krav');
      await page.locator(w('#kk-tab-aapnekrav')).click();
      assert.equal(await shadowText(page, '.kk-t-ikkeForfalt dt'), 'Ikkje forfalle');
      await expectAccessible(page, `${mode}: nynorsk`);
      await screenshot(page, `demo-${mode}-5-nynorsk`);

      // CSV of the table shown.
      const [download] = await Promise.all([page.waitForEvent('download'), page.locator(w('.kk-toolbar button')).click()]);
      const csv = readFileSync(await download.path(), 'utf8').split('\r\n');
      assert.equal(csv[0], '\ufeffReferanse;Krav;Periode;Forfall;Status;Opphavleg;Står att');
      assert.equal(csv.length, n + 2, 'every claim, not only the page');
      expectNoProblems(page, `${mode}: consent flow`);

      // The bank forgets the consent: back to needs consent.
      await page.click('button[data-lang="nb"]');
      await page.locator(w('.kk-foot .kk-link')).click();
      assert.equal(await settled(page, 'consent'), 'consent');
      assert.equal(await shadowText(page, '.kk-notice'), 'Samtykket er trukket tilbake.');
      await expectAccessible(page, `${mode}: access removed`);
      await screenshot(page, `demo-${mode}-6-access-removed`);
      expectNoProblems(page, `${mode}: revoke`);
      await page.close();
    });

    test('a rejected consent shows needs consent with the reason', async () => {
      const page = await open(ctx, demo, '212201782');
      const { back } = await consent(page, demo, 'reject');
      assert.match(back, /kravkitConsent=denied/);
      assert.equal(await settled(page), 'consent');
      assert.equal(await shadowText(page, '.kk-notice'), 'Samtykket ble ikke gitt.');
      await expectAccessible(page, `${mode}: rejected`);
      await screenshot(page, `demo-${mode}-7-rejected`);
      expectNoProblems(page, `${mode}: rejected`);
      await page.close();
    });

    if (mode !== 'altinn3') return;

    test('consent withdrawn in Altinn: the data answers consent_revoked and the widget asks again', async () => {
      const page = await open(ctx, demo, '212201782');
      const { altinn } = await consent(page, demo, 'approve');
      assert.equal(await settled(page), 'ready');
      await demo.sim.config({ consents: [{ id: new URL(altinn).searchParams.get('id'), action: 'revoke' }] });
      await page.reload();
      const state = await settled(page);
      assert.equal(state, 'consent');
      assert.equal(await shadowText(page, '.kk-notice'), 'Samtykket er trukket tilbake.');
      // Chromium logs the expected 403 of the data request as a console error; nothing else may appear.
      page.problems = page.problems.filter((p) => !/Failed to load resource: the server responded with a status of 403/.test(p));
      expectNoProblems(page, 'withdrawn');
      await page.close();
    });

    test('shielded, empty and large companies', async () => {
      let page = await open(ctx, demo, '314961900');
      await consent(page, demo);
      assert.equal(await settled(page), 'shielded');
      assert.match(await shadowText(page, '.kk-empty'), /Opplysningene er skjermet/);
      await expectAccessible(page, 'shielded');
      await screenshot(page, 'demo-8-shielded');
      expectNoProblems(page, 'shielded');
      await page.close();

      page = await open(ctx, demo, '311851381');
      await consent(page, demo);
      assert.equal(await settled(page), 'ready');
      assert.equal(await shadowText(page, '.kk-empty'), 'Ingen åpne krav. Alt er betalt.');
      await expectAccessible(page, 'empty');
      await screenshot(page, 'demo-9-empty');
      expectNoProblems(page, 'empty');
      await page.close();

      page = await open(ctx, demo, '314055403');
      await consent(page, demo);
      assert.equal(await settled(page), 'ready');
      const data = await demo.api('/v1/parties/314055403/aapnekrav');
      const n = data.aapentKravMedGjenstaaendeBeloep.length;
      assert.ok(n > 1000, `${n} open claims`);
      assert.equal(norm(await shadowText(page, '.kk-shown')), `Viser 50 av ${n.toLocaleString('en').replace(/,/g, ' ')}`);
      await page.locator(w('.kk-more')).click();
      assert.equal(await page.locator(w('tbody > tr:not(.kk-detail)')).count(), 100);
      await expectAccessible(page, 'large');
      await screenshot(page, 'demo-10-large');
      expectNoProblems(page, 'large');
      await page.close();
    });
  });
}

/** The period the widget asks for by default (the year ending today), as a query string. */
async function periodQuery(page) {
  return page.evaluate(async () => {
    const m = await import('/pkg/index.js');
    const p = m.defaultPeriode();
    return `fraOgMed=${p.fraOgMed}&tilOgMed=${p.tilOgMed}`;
  });
}

suite('altinn3');
suite('altinn2');
