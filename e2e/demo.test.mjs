// The demo netbank end to end: the simulator (Maskinporten, Altinn, Skatteetaten) + the Worker under
// `wrangler dev` serving www/ with its strict CSP, driven in headless Chromium. Pick a company, hit "needs
// consent", click through the simulator's Altinn page, come back, and check what the widget shows against what the
// Worker answers; details, all four tabs and the period picker, languages, CSV; a rejected, a revoked and a
// withdrawn consent (Altinn 3 and 2); loading and error states (the simulator slowed down or failing), retry; the
// shielded, empty and large companies. axe-core runs and a screenshot goes to artifacts/ in every state; any console
// error or CSP violation fails, except Chromium's log line for a Worker answer the test expects to fail (see
// allowFailedLoads: the exact status, the exact URL, the exact number of times).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { launch, openPage, screenshot } from './browser.mjs';
import { startDemo } from './demo-stack.mjs';
import { ROOT } from './stack.mjs';
import { expectAccessible, expectNoProblems, shadowText } from './widget-helpers.mjs';

const norm = (s) => s.replace(/\u00a0/g, ' ');
const w = (selector) => `kravkit-oversikt ${selector}`;
const STATUS_TEXT = { 403: 'Forbidden', 503: 'Service Unavailable' };

/**
 * Navigates to `url`, up to the parsed document (the page's own readiness is `body[data-demo="ready"]`). Once in a
 * few hundred navigations under a loaded CI machine, `wrangler dev`'s asset server (which serves the page without
 * running the Worker) has been seen not to answer a navigation for 30 s; the navigation is then made once more and
 * the stall reported on stderr, with the Worker's log kept for a look.
 */
async function goto(page, url) {
  try {
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 20_000 });
  } catch (e) {
    if (e.name !== 'TimeoutError') throw e;
    console.error(`# navigation to ${url} stalled (${e.message.split('\n')[0]}); once more`);
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 20_000 });
  }
}

/** The demo page, logged in and showing `party` (the widget's first event awaited). */
async function open(ctx, demo, party) {
  const page = await openPage(ctx);
  // Console errors with the URL Chromium names for them (for a failed load: the resource's URL), and the Worker
  // requests the page made: allowFailedLoads checks an expected failure by both.
  page.consoleErrors = [];
  page.on('console', (m) => { if (m.type() === 'error') page.consoleErrors.push({ text: m.text(), url: m.location().url }); });
  page.apiRequests = [];
  page.on('request', (r) => { if (new URL(r.url()).pathname.startsWith('/v1/')) page.apiRequests.push(r.url()); });
  await goto(page, `${demo.url}/`);
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

/**
 * Chromium logs every fetch answered with a 4xx or 5xx as a console error ("Failed to load resource: the server
 * responded with a status of 403 (Forbidden)", the resource's URL as its location), also when the page asked for
 * it knowingly and handled the answer. Asserts that the page's failed loads were exactly `count` answers `status`
 * from `url` and nothing else, then takes exactly those lines out of page.problems; any other console error still
 * fails expectNoProblems.
 */
function allowFailedLoads(page, { status, url, count = 1 }, label) {
  const text = `Failed to load resource: the server responded with a status of ${status} (${STATUS_TEXT[status]})`;
  const failed = page.consoleErrors.filter((e) => e.text.startsWith('Failed to load resource'));
  assert.deepEqual(failed, Array.from({ length: count }, () => ({ text, url })), `${label}: the failed loads Chromium logged`);
  for (let i = 0; i < count; i += 1) {
    const at = page.problems.indexOf(`console: ${text}`);
    assert.ok(at >= 0, `${label}: ${text} among the problems`);
    page.problems.splice(at, 1);
  }
}

/** The widget's state now. */
const stateOf = (page) => page.evaluate(() => document.querySelector('kravkit-oversikt').state);

/** Waits until the tab's panel shows its data (a table or the empty text). */
async function tabLoaded(page, tab) {
  await page.waitForFunction((t) => {
    const panel = document.querySelector('kravkit-oversikt').shadowRoot.querySelector(`#kk-panel[aria-labelledby="kk-tab-${t}"]`);
    return panel && panel.getAttribute('aria-busy') !== 'true' && panel.querySelector('.kk-toolbar, .kk-empty');
  }, tab, { timeout: 20_000 });
}

/** The ids of the rows shown, in order. */
const shownIds = (page) => page.locator(w('tbody > tr:not(.kk-detail)')).evaluateAll((trs) => trs.map((tr) => tr.dataset.id));

/** The requests to a Skatteetaten route the simulator has seen since its last stats reset. */
async function upstream(demo) {
  const { requests } = await demo.sim.stats();
  return Object.fromEntries(Object.entries(requests).filter(([k, v]) => k.startsWith('skatteetaten.') && v.total > 0).map(([k, v]) => [k, v.total]));
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

      // Payouts and all claims of the same year, against what the Worker answers for it.
      const period = await periodQuery(page);
      const ut = await demo.api(`/v1/parties/${party}/utbetalinger?${period}`);
      assert.ok(ut.utbetaling.length > 0, 'the party has payouts');
      await page.locator(w('#kk-tab-utbetalinger')).click();
      await tabLoaded(page, 'utbetalinger');
      assert.deepEqual((await shownIds(page)).sort(), ut.utbetaling.map((u) => u.utbetalingsidentifikator).sort());
      assert.ok(page.apiRequests.includes(`${demo.url}/v1/parties/${party}/utbetalinger?${period}`), 'the widget asked for the year');
      await expectAccessible(page, `${mode}: utbetalinger`);
      await screenshot(page, `demo-${mode}-4-utbetalinger`);

      const krav = await demo.api(`/v1/parties/${party}/krav?${period}`);
      assert.ok(krav.krav.length > 1 && krav.krav.length <= 50, `${krav.krav.length} claims in the year`);
      await page.locator(w('#kk-tab-krav')).click();
      await tabLoaded(page, 'krav');
      assert.deepEqual((await shownIds(page)).sort(), krav.krav.map((k) => k.kravidentifikator).sort());
      await expectAccessible(page, `${mode}: krav`);
      await screenshot(page, `demo-${mode}-4-krav`);

      // The period picker: a shorter period (from the middle claim's creation to today) gives its claims.
      const created = krav.krav.map((k) => k.opprettelsesdatoForKrav).sort();
      const p = new URLSearchParams(period);
      const shorter = { fraOgMed: created[Math.floor(created.length / 2)], tilOgMed: p.get('tilOgMed') };
      const want = await demo.api(`/v1/parties/${party}/krav?fraOgMed=${shorter.fraOgMed}&tilOgMed=${shorter.tilOgMed}`);
      assert.ok(want.krav.length > 0 && want.krav.length < krav.krav.length, `${want.krav.length} of ${krav.krav.length} claims in ${shorter.fraOgMed}..${shorter.tilOgMed}`);
      await page.locator(w('input[name="fraOgMed"]')).fill(shorter.fraOgMed);
      await page.locator(w('input[name="tilOgMed"]')).fill(shorter.tilOgMed);
      await page.locator(w('.kk-period button[type="submit"]')).click();
      await tabLoaded(page, 'krav');
      await page.waitForFunction((n) => document.querySelector('kravkit-oversikt').shadowRoot.querySelectorAll('tbody > tr:not(.kk-detail)').length === n, want.krav.length);
      assert.deepEqual((await shownIds(page)).sort(), want.krav.map((k) => k.kravidentifikator).sort());
      assert.ok(page.apiRequests.includes(`${demo.url}/v1/parties/${party}/krav?fraOgMed=${shorter.fraOgMed}&tilOgMed=${shorter.tilOgMed}`), `the widget asked for the period: ${page.apiRequests}`);
      await expectAccessible(page, `${mode}: krav in a chosen period`);
      await screenshot(page, `demo-${mode}-4-krav-periode`);

      // One day more than a year: refused in the page, before any request (none to the Worker, none upstream).
      const tooLong = await page.evaluate(async (til) => {
        const m = await import('/pkg/index.js');
        const d = new Date(`${m.earliestFraOgMed(til)}T00:00:00Z`);
        d.setUTCDate(d.getUTCDate() - 1);
        const fra = d.toISOString().slice(0, 10);
        try { m.checkPeriode(fra, til); return null; } catch { return fra; }
      }, shorter.tilOgMed);
      assert.ok(tooLong, 'a period of a year and a day is invalid');
      await demo.sim.resetStats();
      const asked = page.apiRequests.length;
      await page.locator(w('input[name="fraOgMed"]')).fill(tooLong);
      await page.locator(w('.kk-period button[type="submit"]')).click();
      assert.equal(await shadowText(page, '.kk-invalid'), 'Til-datoen må være samme dag eller etter fra-datoen, og høyst ett år senere.');
      assert.equal(await page.locator(w('input[name="tilOgMed"]')).getAttribute('aria-invalid'), 'true');
      await page.waitForTimeout(1000);
      assert.deepEqual(page.apiRequests.slice(asked), [], 'no request to the Worker');
      assert.deepEqual(await upstream(demo), {}, 'no request reached Skatteetaten');
      assert.deepEqual((await shownIds(page)).sort(), want.krav.map((k) => k.kravidentifikator).sort(), 'the chosen period still shown');
      await expectAccessible(page, `${mode}: period refused`);
      await screenshot(page, `demo-${mode}-4-periode-refused`);

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
      const [download] = await Promise.all([page.waitForEvent('download'), page.locator(w('.kk-toolbar button.kk-csv')).click()]);
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

    if (mode === 'altinn3') test('pay: "Betal alle forfalte" prefills the bank\'s payment form with the simulator\'s overdue instalments', async () => {
      const party = '313367002';
      const page = await open(ctx, demo, party);
      if ((await stateOf(page)) === 'consent') await consent(page, demo, 'approve');
      assert.equal(await settled(page, 'ready'), 'ready');
      // What the Worker answers for the party, and the day the widget counts from (the browser's local date).
      const data = await demo.api(`/v1/parties/${party}/aapnekrav`);
      const today = await page.evaluate(() => { const d = new Date(); return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`; });
      const overdue = data.aapentKravMedGjenstaaendeBeloep.filter((k) => k.gjenstaaendeBeloep > 0)
        .flatMap((k) => k.kravforfall.filter((f) => f.gjenstaaendeBeloep > 0 && f.forfallsdato < today)
          .map((f) => ({ krav: k.kravidentifikator, forfall: f.kravforfallsIdentifikator, beloep: f.gjenstaaendeBeloep, kid: f.betalingsinformasjon.kidnummer })));
      assert.ok(overdue.length > 1, `${overdue.length} overdue instalments`);
      const event = page.evaluate(() => new Promise((r) => document.querySelector('kravkit-oversikt').addEventListener('kravkit-pay', (e) => r({ detail: e.detail, prevented: e.defaultPrevented }), { once: true })));
      await page.locator(w('button.kk-pay-overdue')).click();
      const { detail, prevented } = await event;
      assert.equal(prevented, true, 'the demo bank takes over');
      const key = (x) => `${x.krav}/${x.forfall}`;
      assert.deepEqual(detail.betalinger.map((b) => ({ krav: b.kravidentifikator, forfall: b.kravforfallsIdentifikator, beloep: b.beloep, kid: b.kid })).sort((a, b) => key(a).localeCompare(key(b))),
        [...overdue].sort((a, b) => key(a).localeCompare(key(b))), 'every overdue instalment, at what is left of it');
      assert.deepEqual(detail.skipped, []);
      assert.equal(detail.sum, overdue.reduce((s, f) => s + f.beloep, 0));
      assert.equal(detail.sum, data.totalOversikt.sumForfalteKrav, "the selection's sum is Skatteetaten's overdue total");
      for (const b of detail.betalinger) assert.equal(b.konto.iban, `NO42${b.konto.kontonummer}`);
      // The bank's form, prefilled: one block per payment, the first one's account, KID and amount.
      const dialog = page.locator('#pay-dialog');
      await dialog.waitFor({ state: 'visible' });
      assert.equal(await dialog.locator('fieldset.payment').count(), overdue.length);
      const first = detail.betalinger[0];
      assert.equal(await dialog.locator('input[name="konto-0"]').inputValue(), first.konto.kontonummer);
      assert.equal(await dialog.locator('input[name="kid-0"]').inputValue(), first.kid);
      assert.equal(await dialog.locator('input[name="beloep-0"]').inputValue(), `${Math.trunc(first.beloep / 100)},${String(first.beloep % 100).padStart(2, '0')}`);
      await expectAccessible(page, 'the payment form');
      await screenshot(page, `demo-${mode}-7-pay`);
      // The same payments as a file for an accounting system: valid pain.001, the same KIDs and amounts.
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('#pay-file')]);
      const file = `${await download.path()}.xml`;
      copyFileSync(await download.path(), file);
      const [read] = JSON.parse(execFileSync(join(ROOT, '.venv-tools/bin/python'), [join(ROOT, 'tests/py/validate_pain001.py'), file], { encoding: 'utf8' }));
      assert.equal(Number(read.count), overdue.length);
      assert.equal(read.sum, `${Math.trunc(detail.sum / 100)}.${String(detail.sum % 100).padStart(2, '0')}`);
      assert.deepEqual(read.transactions.map((t) => t.kid).sort(), overdue.map((f) => f.kid).sort());
      assert.ok(read.transactions.every((t) => t.debtorAccount === '15034445556' && t.kidType === 'SCOR'));
      await dialog.getByRole('button', { name: 'Bekreft betaling' }).click();
      assert.match(await page.textContent('#pay-done'), new RegExp(`^${overdue.length} betalinger lagt til forfall`));
      await page.click('#pay-close');
      await dialog.waitFor({ state: 'hidden' });
      expectNoProblems(page, 'pay');
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

    test('consent withdrawn in Altinn: the data answers consent_revoked and the widget asks again', async () => {
      const party = '212201782';
      const page = await open(ctx, demo, party);
      const { altinn } = await consent(page, demo, 'approve');
      assert.equal(await settled(page), 'ready');
      // The consent page's id is the Altinn 3 consent id, or the Altinn 2 authorisation code.
      const id = new URL(altinn).searchParams.get('id');
      await demo.sim.config({ consents: [mode === 'altinn3' ? { id, action: 'revoke' } : { authorizationCode: id, action: 'revoke' }] });
      await page.reload();
      const state = await settled(page);
      assert.equal(state, 'consent');
      assert.equal(await shadowText(page, '.kk-notice'), 'Samtykket er trukket tilbake.');
      assert.equal((await demo.api(`/v1/parties/${party}/consent`)).status, 'revoked', 'the Worker recorded the withdrawal');
      await expectAccessible(page, `${mode}: withdrawn`);
      await screenshot(page, `demo-${mode}-8-withdrawn`);
      // The Worker cannot know of a withdrawal in Altinn before it asks: its consent record still says granted, so
      // the widget asks for the data and the Worker answers 403 consent_revoked, once. Chromium logs that expected
      // 403 as a console error; it is allowed for that one URL, exactly once, and nothing else.
      allowFailedLoads(page, { status: 403, url: `${demo.url}/v1/parties/${party}/aapnekrav` }, `${mode}: withdrawn`);
      expectNoProblems(page, `${mode}: withdrawn`);
      await page.close();
    });

    if (mode !== 'altinn3') return;

    test('loading and error states: a slow Skatteetaten, one that keeps failing, and retry', async () => {
      const party = '313367002';
      const page = await open(ctx, demo, party);
      if ((await settled(page)) === 'consent') await consent(page, demo, 'approve');
      assert.equal(await settled(page), 'ready');
      await page.addInitScript(() => {
        window.kravkitErrors = [];
        document.addEventListener('kravkit-error', (e) => window.kravkitErrors.push(e.detail));
      });
      const aapnekrav = `${demo.url}/v1/parties/${party}/aapnekrav`;
      const errorText = 'Skatteetaten eller Altinn svarer ikke akkurat nå. Prøv igjen om litt.';
      try {
        // Loading: the simulator holds the answer for 4 s (the Worker's upstream timeout is 5 s).
        await demo.sim.config({ faults: [{ service: 'skatteetaten', route: 'aapnekrav', party, delayMs: 4000, times: 1 }] });
        await demo.sim.resetStats();
        await page.reload();
        await waitForInFlight(demo, 'skatteetaten.aapnekrav');
        assert.equal(await stateOf(page), 'loading');
        assert.equal(await page.locator(w('.kk-body')).getAttribute('aria-busy'), 'true');
        assert.equal(await page.locator(w('.kk-skel')).getAttribute('aria-hidden'), 'true', 'the skeleton is hidden from assistive technology');
        // Once the wasm is in, the loading state has the widget's heading and says what it waits for.
        assert.equal(await page.locator(w('#kk-title')).textContent(), 'Krav og betalinger');
        assert.equal(await page.locator(w('[role="status"]')).textContent(), 'Henter krav og betalinger …');
        await expectAccessible(page, 'loading');
        await screenshot(page, 'demo-11-loading');
        assert.equal(await stateOf(page), 'loading', 'still loading after axe and the screenshot');
        assert.equal(await settled(page), 'ready');
        assert.equal(await page.locator(w('.kk-body')).getAttribute('aria-busy'), null);

        // The connection to Skatteetaten drops, on each of the Worker's tries: no answer carries an id, so the
        // reference is the Worker's own Korrelasjonsid of the call (the one its log line names).
        await demo.sim.config({ faults: [{ service: 'skatteetaten', route: 'aapnekrav', party, drop: true }] });
        await demo.sim.resetStats();
        await page.reload();
        assert.equal(await settled(page), 'error');
        assert.deepEqual((await demo.sim.stats()).requests['skatteetaten.aapnekrav'].byStatus, { dropped: 3 }, 'the Worker tried three times');
        let detail = (await page.evaluate(() => window.kravkitErrors)).at(-1);
        assert.deepEqual([detail.code, detail.status], ['upstream_unavailable', 503]);
        assert.match(detail.korrelasjonsid ?? '', /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, 'the call\'s own korrelasjonsid');
        assert.equal(await page.locator(w('.kk-error')).getAttribute('role'), 'alert');
        assert.match(norm(await shadowText(page, '.kk-error')), new RegExp(`${errorText}Referanse: ${detail.korrelasjonsid}Feilkode: upstream_unavailable`));
        assert.deepEqual(await page.locator(w('.kk-error code')).allTextContents(), [detail.korrelasjonsid, 'upstream_unavailable']);
        const dropped = detail.korrelasjonsid;

        // With a korrelasjonsid: DAS-003 from Skatteetaten on every try; "Prøv igjen" asks again and fails again.
        await demo.sim.config({ clearFaults: true, faults: [{ service: 'skatteetaten', route: 'aapnekrav', party, skatteetatenError: 'DAS-003' }] });
        await demo.sim.resetStats();
        await page.locator(w('.kk-error button')).click();
        await page.waitForFunction((n) => window.kravkitErrors.length === n, 2);
        assert.equal(await settled(page), 'error');
        assert.deepEqual((await demo.sim.stats()).requests['skatteetaten.aapnekrav'].byStatus, { 500: 3 }, 'DAS-003 outlasted the retries');
        detail = (await page.evaluate(() => window.kravkitErrors)).at(-1);
        assert.deepEqual([detail.code, detail.status], ['upstream_unavailable', 503]);
        assert.match(detail.korrelasjonsid ?? '', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'Skatteetaten\'s korrelasjonsid');
        assert.notEqual(detail.korrelasjonsid, dropped, 'a new call, a new id');
        const sent = (await demo.sim.stats()).skatteetatenCallIds.recent.map((c) => c.korrelasjonsid);
        assert.deepEqual(sent, [detail.korrelasjonsid, detail.korrelasjonsid, detail.korrelasjonsid], 'the id the Worker sent on each try, echoed');
        assert.match(norm(await shadowText(page, '.kk-error')), new RegExp(`${errorText}Referanse: ${detail.korrelasjonsid}Feilkode: upstream_unavailable`));
        assert.deepEqual(await page.locator(w('.kk-error code')).allTextContents(), [detail.korrelasjonsid, 'upstream_unavailable']);
        await expectAccessible(page, 'error');
        await screenshot(page, 'demo-12-error');

        // Skatteetaten is back: "Prøv igjen" shows the data.
        await demo.sim.config({ clearFaults: true });
        await page.locator(w('.kk-error button')).click();
        assert.equal(await settled(page, 'ready'), 'ready');
        const data = await demo.api(`/v1/parties/${party}/aapnekrav`);
        assert.equal(await page.locator(w('tbody > tr:not(.kk-detail)')).count(), Math.min(data.aapentKravMedGjenstaaendeBeloep.length, 50));
        assert.equal((await page.evaluate(() => window.kravkitErrors)).length, 2);
        // The two failures reached the page as the Worker's 503 upstream_unavailable, which Chromium logs.
        allowFailedLoads(page, { status: 503, url: aapnekrav, count: 2 }, 'error states');
        expectNoProblems(page, 'loading and error states');
      } finally {
        await demo.sim.config({ clearFaults: true });
      }
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

/** Waits until the simulator is answering a request on `route` (e.g. `skatteetaten.aapnekrav`). */
async function waitForInFlight(demo, route) {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (((await demo.sim.stats()).requests[route]?.inFlight ?? 0) > 0) return;
    await new Promise((r) => { setTimeout(r, 50); });
  }
  throw new Error(`no request in flight on ${route}`);
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
