// <kravkit-oversikt> from the built package (pkg-js/pkg) in headless Chromium, on a page served with the strict
// CSP. Its KravClient gets a `fetch` answering from Skatteetaten's documented examples (turned into the Worker's
// canonical JSON by the package's own parsers); everything else is the real package. Each state is checked for
// content, ARIA and keyboard use, run through axe-core, and screenshotted into artifacts/. The element's own
// client (`session` or `sessionProvider` with `base-url`) talks to a fake Worker on the test server's origin.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { launch, openPage, screenshot } from './browser.mjs';
import { expectAccessible, expectNoProblems, shadowText } from './widget-helpers.mjs';
import { startStatic } from './widget-server.mjs';

const NBSP = /\u00a0/g;
const norm = (s) => s.replace(NBSP, ' ').replace(/\u2212/g, '-');
let srv;
let ctx;

/** The fake Worker under /v1/: consent granted, the fixtures (handed over from the page), 401 for the tokens in
 * `rejected`; every request recorded as `METHOD path auth`. */
const worker = { fixtures: null, rejected: new Set(), requests: [] };
function fakeWorker(req, res) {
  const url = new URL(req.url, 'http://x');
  if (!url.pathname.startsWith('/v1/')) return false;
  const auth = req.headers.authorization ?? null;
  worker.requests.push(`${req.method} ${url.pathname}${url.search} ${auth}`);
  const send = (status, body) => {
    res.writeHead(status, { 'content-type': status < 300 ? 'application/json' : 'application/problem+json' });
    res.end(JSON.stringify(body));
  };
  const route = url.pathname.match(/^\/v1\/parties\/(\d+)\/(consent|aapnekrav|krav|innbetalinger|utbetalinger)$/);
  if (worker.rejected.has(auth)) send(401, { type: 'about:blank', title: 'Unauthorized', status: 401, code: 'unauthorized', detail: 'expired' });
  else if (req.method === 'GET' && route?.[2] === 'consent') send(200, { party: route[1], status: 'granted', mode: 'altinn3', validTo: '2023-05-30T10:00:00Z' });
  else if (req.method === 'GET' && route && worker.fixtures?.[route[2]]) send(200, worker.fixtures[route[2]]);
  else send(404, { type: 'about:blank', title: 'Not Found', status: 404, code: 'not_found', detail: 'No such route.' });
  return true;
}

before(async () => {
  [srv, ctx] = await Promise.all([startStatic({ extra: fakeWorker }), launch()]);
  await ctx.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: srv.url });
});
after(async () => { await ctx?.close(); await srv?.close(); });

async function page() {
  const p = await openPage(ctx);
  await p.goto(`${srv.url}/`);
  await p.waitForSelector('html[data-ready="true"]', { timeout: 15_000 });
  await p.evaluate(() => window.kk.ready);
  return p;
}

/** Mounts the element with `opts`; `routes` is an expression over `kk` (evaluated through DevTools: the page's CSP
 * forbids eval, and the test stays out of the page's own script). */
function mount(p, opts = {}, routes = 'kk.routes()') {
  return p.evaluate(`(() => { const kk = window.kk; return kk.mount({ ...${JSON.stringify(opts)}, routes: (${routes}) }); })()`);
}

const rows = (p) => p.locator('kravkit-oversikt tbody > tr:not(.kk-detail)');
const events = (p) => p.evaluate(() => window.kk.events);
const activeId = (p) => p.evaluate(() => document.querySelector('kravkit-oversikt').shadowRoot.activeElement?.id ?? null);
const nextEvent = (p, type) => p.evaluate((t) => new Promise((r) => window.kk.el.addEventListener(t, (e) => r(e.detail), { once: true })), type);

/** How a focused control shows its focus: `:focus-visible` and a drawn outline or box-shadow. */
function focusRing(locator) {
  return locator.evaluate((el) => {
    const s = getComputedStyle(el);
    return { focused: el.getRootNode().activeElement === el, focusVisible: el.matches(':focus-visible'),
      drawn: (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none' };
  });
}

/** Fake-Worker mounts: the page's canonical fixtures, served from the test server's origin. */
async function ownWorker(p) {
  worker.fixtures ??= await p.evaluate(() => window.kk.fixtures);
  worker.rejected = new Set();
  worker.requests = [];
}

test('overview: totals, chart, claims by due date, details with copy buttons', async () => {
  const p = await page();
  const done = await mount(p);
  assert.equal(done.type, 'kravkit-loaded');
  assert.deepEqual(done.detail, { party: '212201782', view: 'aapnekrav', total: 2, overdue: 2, skjermet: false });
  assert.deepEqual(await events(p), [
    { type: 'kravkit-ready', detail: { party: '212201782' } },
    { type: 'kravkit-loaded', detail: { party: '212201782', view: 'aapnekrav', total: 2, overdue: 2, skjermet: false } },
  ], 'ready first, then loaded with the counts');

  const totals = await p.locator('kravkit-oversikt .kk-totals > div').evaluateAll((ds) => ds.map((d) => [d.querySelector('dt').textContent, d.querySelector('dd').textContent]));
  assert.deepEqual(totals.map(([k, v]) => [k, norm(v)]), [
    ['Saldo', 'kr 20 400,00'], ['Forfalt', 'kr 20 000,00'], ['Ikke forfalt', 'kr 0,00'], ['Beregnede renter', 'kr 400,00'], ['Innbetalt, ikke plassert', 'kr 0,00'],
  ]);
  assert.equal(norm(await shadowText(p, '.kk-chart li .kk-sr')), 'Skatt: saldo kr 20 400,00, forfalt kr 20 000,00, ikke forfalt kr 0,00');
  assert.equal(await p.locator('kravkit-oversikt .kk-chart svg[aria-hidden="true"]').count(), 1);

  assert.equal(await rows(p).count(), 2);
  const first = rows(p).first();
  assert.equal(await first.getAttribute('data-id'), 'krav-1234');
  assert.match(await first.getAttribute('class'), /kk-overdue/);
  assert.deepEqual((await first.locator('td').allTextContents()).map(norm), ['Restskatt', '2023/02', '21.02.2023', 'Forfalt', 'kr 10 000,00', 'kr 10 000,00']);
  assert.equal(await shadowText(p, '.kk-shown'), 'Viser 2 av 2');

  // ARIA: one tablist, four tabs, the first selected and the only one in the tab order.
  const tabs = await p.locator('kravkit-oversikt [role="tab"]').evaluateAll((ts) => ts.map((t) => [t.textContent, t.getAttribute('aria-selected'), t.tabIndex]));
  assert.deepEqual(tabs, [['Åpne krav', 'true', 0], ['Alle krav', 'false', -1], ['Innbetalinger', 'false', -1], ['Utbetalinger', 'false', -1]]);
  assert.equal(await p.locator('kravkit-oversikt [role="tabpanel"]').getAttribute('aria-labelledby'), 'kk-tab-aapnekrav');

  // The expander: a button with aria-expanded, opening the kravforfall with account, IBAN and copy buttons.
  const exp = first.locator('.kk-exp');
  assert.equal(await exp.getAttribute('aria-expanded'), 'false');
  await exp.click();
  assert.equal(await exp.getAttribute('aria-expanded'), 'true');
  const detail = p.locator(`kravkit-oversikt #${await exp.getAttribute('aria-controls')}`);
  const text = norm(await detail.textContent());
  for (const s of ['Forfall 21.02.2023', 'Kontonummer', '6345 06 24804', 'NO42 6345 06 24804', 'NDEANOKK', 'Bankoverføring', 'Motregning: Restskatt', '8 dager over forfall']) {
    assert.ok(text.includes(s), `${s} in ${text}`);
  }
  const copy = detail.getByRole('button', { name: 'Kopier Kontonummer' });
  assert.equal(await copy.getAttribute('data-copy'), '63450624804');
  await copy.click();
  const copied = detail.locator('button[data-copy="63450624804"]');
  await copied.getByText('Kopiert', { exact: true }).waitFor();
  assert.equal(await copied.textContent(), 'Kopiert Kontonummer');
  assert.equal(await p.evaluate(() => navigator.clipboard.readText()), '63450624804');
  await detail.getByRole('button', { name: 'Kopier IBAN' }).click();
  assert.equal(await p.evaluate(() => navigator.clipboard.readText()), 'NO4263450624804');

  const requests = await p.evaluate(() => window.kk.requests);
  assert.deepEqual(requests.map((r) => `${r.method} ${r.path} ${r.auth}`), [
    'GET /v1/parties/212201782/consent Bearer token-1', 'GET /v1/parties/212201782/aapnekrav Bearer token-1',
  ]);
  await expectAccessible(p, 'overview with an open detail');
  await screenshot(p, 'widget-overview');
  await exp.click();
  assert.equal(await exp.getAttribute('aria-expanded'), 'false');
  assert.equal(await p.locator('kravkit-oversikt tr.kk-detail').count(), 0);
  expectNoProblems(p, 'overview');
});

test('keyboard: arrows move between tabs, Enter opens one; the period picker enforces one year', async () => {
  const p = await page();
  await mount(p);
  await p.locator('kravkit-oversikt #kk-tab-aapnekrav').focus();
  await p.keyboard.press('ArrowRight');
  assert.equal(await p.evaluate(() => document.querySelector('kravkit-oversikt').shadowRoot.activeElement.id), 'kk-tab-krav');
  await p.keyboard.press('End');
  assert.equal(await p.evaluate(() => document.querySelector('kravkit-oversikt').shadowRoot.activeElement.id), 'kk-tab-utbetalinger');
  await p.keyboard.press('ArrowRight');
  assert.equal(await p.evaluate(() => document.querySelector('kravkit-oversikt').shadowRoot.activeElement.id), 'kk-tab-aapnekrav', 'wraps');
  await p.keyboard.press('ArrowLeft');
  await p.keyboard.press('ArrowLeft');
  await p.keyboard.press('ArrowLeft');
  const loaded = p.evaluate(() => new Promise((r) => window.kk.el.addEventListener('kravkit-loaded', (e) => r(e.detail), { once: true })));
  await p.keyboard.press('Enter');
  assert.deepEqual(await loaded, { party: '212201782', view: 'krav', total: 2, overdue: 2, skjermet: false });
  assert.equal(await activeId(p), 'kk-tab-krav', 'the focus stays on the tab when its data arrives');
  assert.deepEqual(await focusRing(p.locator('kravkit-oversikt #kk-tab-krav')), { focused: true, focusVisible: true, drawn: true }, 'visible focus on the tab');
  assert.equal(await p.locator('kravkit-oversikt #kk-tab-krav').getAttribute('aria-selected'), 'true');
  assert.equal(await p.locator('kravkit-oversikt #kk-tab-krav').getAttribute('tabindex'), '0');
  assert.equal(await p.locator('kravkit-oversikt #kk-tab-aapnekrav').getAttribute('tabindex'), '-1');
  let requests = await p.evaluate(() => window.kk.requests.map((r) => r.path));
  assert.equal(requests.at(-1), '/v1/parties/212201782/krav?fraOgMed=2022-03-01&tilOgMed=2023-03-01', 'the longest period ending today');

  // The picker's bounds follow the one-year rule; a longer period is refused before any request.
  const fra = p.locator('kravkit-oversikt input[name="fraOgMed"]');
  const til = p.locator('kravkit-oversikt input[name="tilOgMed"]');
  assert.equal(await til.getAttribute('max'), '2023-03-01');
  assert.equal(await fra.getAttribute('min'), '2022-03-01');
  await fra.fill('2022-01-01');
  await fra.dispatchEvent('change');
  assert.equal(await til.getAttribute('max'), '2023-01-01');
  await til.fill('2023-01-02');
  await p.locator('kravkit-oversikt .kk-period button[type="submit"]').click();
  assert.equal(await shadowText(p, '.kk-invalid'), 'Til-datoen må være samme dag eller etter fra-datoen, og høyst ett år senere.');
  assert.equal(await til.getAttribute('aria-invalid'), 'true');
  assert.equal((await p.evaluate(() => window.kk.requests)).length, requests.length, 'nothing sent');
  await expectAccessible(p, 'krav tab with an invalid period');
  await screenshot(p, 'widget-period-invalid');

  await til.fill('2022-12-31');
  const reloaded = p.evaluate(() => new Promise((r) => window.kk.el.addEventListener('kravkit-loaded', (e) => r(e.detail), { once: true })));
  await p.locator('kravkit-oversikt .kk-period button[type="submit"]').click();
  await reloaded;
  requests = await p.evaluate(() => window.kk.requests.map((r) => r.path));
  assert.equal(requests.at(-1), '/v1/parties/212201782/krav?fraOgMed=2022-01-01&tilOgMed=2022-12-31');

  for (const [tab, n] of [['innbetalinger', 1], ['utbetalinger', 3]]) {
    const l = p.evaluate(() => new Promise((r) => window.kk.el.addEventListener('kravkit-loaded', (e) => r(e.detail), { once: true })));
    await p.locator(`kravkit-oversikt #kk-tab-${tab}`).click();
    assert.equal((await l).total, n, tab);
    assert.equal(await rows(p).count(), n);
    await expectAccessible(p, `${tab} tab`);
    await screenshot(p, `widget-${tab}`);
  }
  const firstPayout = rows(p).first().locator('.kk-exp');
  await firstPayout.click();
  assert.match(await shadowText(p, 'tr.kk-detail'), /Grunnlag for utbetalingen/);
  expectNoProblems(p, 'tabs');
});

test('languages: nynorsk and English labels, amounts and dates', async () => {
  const p = await page();
  await mount(p, { lang: 'en' });
  assert.equal(await shadowText(p, 'h2'), 'Claims and payments');
  assert.equal(norm(await shadowText(p, '.kk-t-saldo dd')), 'NOK 20,400.00');
  assert.equal(await shadowText(p, '.kk-t-saldo dt'), 'Balance');
  assert.equal(await rows(p).first().locator('td').nth(2).textContent(), '21 Feb 2023');
  assert.equal(await shadowText(p, '.kk-party'), 'Org. no. 212 201 782');
  await p.evaluate(() => window.kk.el.setAttribute('lang', 'nn'));
  assert.equal(await shadowText(p, '#kk-tab-aapnekrav'), 'Opne krav');
  assert.equal(await shadowText(p, '.kk-t-ikkeForfalt dt'), 'Ikkje forfalle');
  assert.equal(norm(await shadowText(p, '.kk-t-saldo dd')), 'kr 20 400,00');
  assert.equal(await rows(p).first().locator('td').nth(3).textContent(), 'Forfalle');
  await expectAccessible(p, 'nynorsk');
  await screenshot(p, 'widget-nynorsk');
  expectNoProblems(p, 'languages');
});

test('needs consent: explains what is shared and for how long; the button starts consent', async () => {
  const p = await page();
  const done = await mount(p, {}, `kk.routes({ 'GET /v1/parties/212201782/consent': { party: '212201782', status: 'none', mode: 'altinn3' },
    'POST /v1/consents': () => kk.json({ redirectUrl: 'https://altinn.example/consent?id=1', party: '212201782', mode: 'altinn3' }, 201) })`);
  assert.deepEqual(done, { type: 'kravkit-consent-required', detail: { party: '212201782', status: 'none' } });
  assert.deepEqual(await events(p), [
    { type: 'kravkit-ready', detail: { party: '212201782' } },
    { type: 'kravkit-consent-required', detail: { party: '212201782', status: 'none' } },
  ]);
  const text = await shadowText(p, '.kk-consent');
  for (const s of ['Samtykke trengs', 'Banken får lese:', 'åpne krav med saldo, forfall og renter', 'Samtykket gjelder i 90 dager', 'Gi samtykke i Altinn']) {
    assert.ok(text.includes(s), `${s} in ${text}`);
  }
  assert.equal(await p.locator('kravkit-oversikt .kk-notice').count(), 0);
  await expectAccessible(p, 'needs consent');
  await screenshot(p, 'widget-consent');
  await p.locator('kravkit-oversikt .kk-consent button').click();
  await p.waitForFunction(() => window.kk.navigated);
  assert.equal(await p.evaluate(() => window.kk.navigated), 'https://altinn.example/consent?id=1');
  const post = (await p.evaluate(() => window.kk.requests)).find((r) => r.method === 'POST');
  assert.deepEqual(JSON.parse(post.body), { party: '212201782', returnUrl: `${srv.url}/` });

  const denied = await mount(p, {}, `kk.routes({ 'GET /v1/parties/212201782/consent': { party: '212201782', status: 'denied', mode: 'altinn3' } })`);
  assert.equal(denied.detail.status, 'denied');
  assert.equal(await shadowText(p, '.kk-notice'), 'Samtykket ble ikke gitt.');
  // Data answering 403 consent_revoked (withdrawn in Altinn) also lands here.
  const revoked = await mount(p, {}, `kk.routes({ 'GET /v1/parties/212201782/aapnekrav': () => kk.json({ type: 'about:blank', title: 'Forbidden', status: 403, code: 'consent_revoked', detail: 'withdrawn' }, 403, { 'content-type': 'application/problem+json' }) })`);
  assert.deepEqual(revoked.detail, { party: '212201782', status: 'revoked' });
  assert.equal(await shadowText(p, '.kk-notice'), 'Samtykket er trukket tilbake.');
  await expectAccessible(p, 'consent revoked');
  expectNoProblems(p, 'consent');
});

test('error: plain-language message, korrelasjonsid, error code, and a retry that works', async () => {
  const p = await page();
  await p.evaluate(() => { window.kk.fail = true; });
  const done = await mount(p, {}, `kk.routes({ 'GET /v1/parties/212201782/aapnekrav': () => kk.fail
    ? kk.json({ type: 'about:blank', title: 'Service Unavailable', status: 503, code: 'upstream_unavailable', detail: 'Skatteetaten timed out', korrelasjonsid: 'c0ffee-42' }, 503, { 'content-type': 'application/problem+json' })
    : kk.json(kk.fixtures.aapnekrav) })`);
  assert.deepEqual(done, { type: 'kravkit-error', detail: { code: 'upstream_unavailable', status: 503, korrelasjonsid: 'c0ffee-42', message: 'Skatteetaten timed out' } });
  assert.deepEqual((await events(p)).map((e) => e.type), ['kravkit-ready', 'kravkit-error']);
  assert.equal((await events(p))[1].detail.korrelasjonsid, 'c0ffee-42');
  const text = await shadowText(p, '.kk-error');
  assert.ok(text.includes('Skatteetaten eller Altinn svarer ikke akkurat nå. Prøv igjen om litt.'), text);
  assert.ok(text.includes('Referanse: c0ffee-42') && text.includes('Feilkode: upstream_unavailable'), text);
  assert.equal(await p.locator('kravkit-oversikt .kk-error').getAttribute('role'), 'alert');
  await expectAccessible(p, 'error');
  await screenshot(p, 'widget-error');
  await p.evaluate(() => { window.kk.fail = false; });
  const loaded = p.evaluate(() => new Promise((r) => window.kk.el.addEventListener('kravkit-loaded', (e) => r(e.detail), { once: true })));
  await p.locator('kravkit-oversikt .kk-error button').click();
  assert.equal((await loaded).total, 2);
  expectNoProblems(p, 'error');
});

test('shielded, empty and loading states', async () => {
  const p = await page();
  const shielded = await mount(p, {}, `kk.routes({ 'GET /v1/parties/212201782/aapnekrav': { partIdentifikator: '212201782', skjermet: true, aapentKravMedGjenstaaendeBeloep: [], innbetalingMedUplassertBeloep: [], totalOversikt: null, oversiktPerKravgruppe: [] } })`);
  assert.equal(shielded.detail.skjermet, true);
  assert.equal(await p.evaluate(() => window.kk.el.state), 'shielded');
  assert.match(await shadowText(p, '.kk-empty'), /Opplysningene er skjermet.*Skatteetaten har skjermet/);
  await expectAccessible(p, 'shielded');
  await screenshot(p, 'widget-shielded');

  const empty = await mount(p, {}, `kk.routes({ 'GET /v1/parties/212201782/aapnekrav': { partIdentifikator: '212201782', skjermet: false, aapentKravMedGjenstaaendeBeloep: [], innbetalingMedUplassertBeloep: [], totalOversikt: { sumStipulerteRenter: 0, sumForfalteKrav: 0, sumIkkeForfalteKrav: 0, sumUplasserteInnbetalinger: 0, saldo: 0 }, oversiktPerKravgruppe: [] } })`);
  assert.equal(empty.detail.total, 0);
  assert.equal(await shadowText(p, '.kk-empty'), 'Ingen åpne krav. Alt er betalt.');
  assert.equal(norm(await shadowText(p, '.kk-t-saldo dd')), 'kr 0,00');
  await expectAccessible(p, 'empty');
  await screenshot(p, 'widget-empty');

  // Loading: the consent answer is held back.
  await p.evaluate(() => { window.kk.release = null; });
  p.evaluate(() => window.kk.mount({ routes: window.kk.routes({ 'GET /v1/parties/212201782/consent': () => new Promise((r) => { window.kk.release = () => r(window.kk.json({ party: '212201782', status: 'granted', mode: 'altinn3' })); }) }) }));
  await p.waitForFunction(() => window.kk.release);
  assert.equal(await p.locator('kravkit-oversikt .kk-body').getAttribute('aria-busy'), 'true');
  assert.equal(await shadowText(p, '[role="status"]'), 'Henter krav og betalinger …');
  assert.equal(await p.locator('kravkit-oversikt .kk-skel[aria-hidden="true"]').count(), 1);
  await expectAccessible(p, 'loading');
  await screenshot(p, 'widget-loading');
  await p.evaluate(() => window.kk.release());
  await p.waitForFunction(() => window.kk.el.state === 'ready');
  assert.equal(await p.locator('kravkit-oversikt .kk-body').getAttribute('aria-busy'), null);
  expectNoProblems(p, 'states');
});

test('text from the API is text, never HTML', async () => {
  const p = await page();
  await mount(p, {}, `kk.routes({ 'GET /v1/parties/212201782/aapnekrav': (() => { const a = structuredClone(kk.fixtures.aapnekrav);
    a.aapentKravMedGjenstaaendeBeloep[0].kravbeskrivelse = { nb: '<img src=x onerror="window.pwned=1">Restskatt' };
    a.oversiktPerKravgruppe[0].kravgruppe = '<b>Skatt</b>'; return a; })() })`);
  assert.equal(await p.locator('kravkit-oversikt img, kravkit-oversikt b').count(), 0);
  assert.equal(await p.locator('kravkit-oversikt .kk-exp').first().textContent(), '<img src=x onerror="window.pwned=1">Restskatt');
  assert.equal(await p.evaluate(() => window.pwned), undefined);
  expectNoProblems(p, 'escaping');
});

test('5,000 claims render 50 at a time with "show more", without a long task', async () => {
  const p = await page();
  const d = await p.evaluate(async () => {
    const data = window.kk.many(5000);
    return window.kk.mount({ party: '314055403', routes: { 'GET /v1/parties/314055403/consent': { party: '314055403', status: 'granted', mode: 'altinn3' }, 'GET /v1/parties/314055403/aapnekrav': data } });
  });
  assert.equal(d.detail.total, 5000);
  assert.equal(await rows(p).count(), 50);
  assert.equal(norm(await shadowText(p, '.kk-shown')), 'Viser 50 av 5 000');
  const more = p.locator('kravkit-oversikt .kk-more');
  await more.click();
  assert.equal(await rows(p).count(), 100);
  assert.equal(norm(await shadowText(p, '.kk-shown')), 'Viser 100 av 5 000');
  assert.equal(await p.evaluate(() => document.querySelector('kravkit-oversikt').shadowRoot.activeElement?.className), 'kk-secondary kk-more', 'focus stays');

  // Responsiveness: the main thread's long tasks (over 50 ms) while "show more" is clicked; none may pass 200 ms.
  assert.ok(await p.evaluate(() => PerformanceObserver.supportedEntryTypes.includes('longtask')), 'longtask timing available');
  await p.evaluate(() => {
    window.kk.longTasks = [];
    window.kk.longTaskObserver = new PerformanceObserver((list) => { for (const e of list.getEntries()) window.kk.longTasks.push(Math.round(e.duration)); });
    window.kk.longTaskObserver.observe({ type: 'longtask' });
  });
  for (let n = 150; n <= 300; n += 50) {
    await more.click();
    assert.equal(await rows(p).count(), n);
  }
  const longTasks = await p.evaluate(() => new Promise((r) => setTimeout(() => {
    window.kk.longTaskObserver.takeRecords().forEach((e) => window.kk.longTasks.push(Math.round(e.duration)));
    window.kk.longTaskObserver.disconnect();
    r(window.kk.longTasks);
  }, 200)));
  assert.deepEqual(longTasks.filter((ms) => ms > 200), [], `long tasks while showing more: ${longTasks.join(', ') || 'none'} ms`);
  assert.equal(norm(await shadowText(p, '.kk-shown')), 'Viser 300 av 5 000');
  const dates = await rows(p).evaluateAll((trs) => trs.map((tr) => tr.children[2].textContent.split('.').reverse().join('-')));
  assert.deepEqual(dates, [...dates].sort(), 'by due date');
  await expectAccessible(p, 'large party');
  await screenshot(p, 'widget-large');
  expectNoProblems(p, 'large');
});

test('CSV download of the table shown', async () => {
  const p = await page();
  await mount(p);
  const [download] = await Promise.all([p.waitForEvent('download'), p.locator('kravkit-oversikt .kk-toolbar button.kk-csv').click()]);
  assert.equal(download.suggestedFilename(), 'kravkit-aapnekrav-212201782-2023-03-01.csv');
  const csv = readFileSync(await download.path(), 'utf8');
  const lines = csv.split('\r\n');
  assert.equal(lines[0], '\ufeffReferanse;Krav;Periode;Forfall;Status;Opprinnelig;Gjenstår');
  assert.equal(lines[1], 'krav-1234;Restskatt;2023/02;21.02.2023;Forfalt;10000,00;10000,00');
  assert.equal(lines.length, 4);
  expectNoProblems(p, 'csv');
});

test('a 401 calls the session provider again and retries once', async () => {
  const p = await page();
  const result = await p.evaluate(async () => {
    let calls = 0;
    const session = async () => `token-${++calls}`;
    const routes = window.kk.routes();
    const fetch = window.kk.fetchFrom({
      ...routes,
      'GET /v1/parties/212201782/consent': (req) => (req.headers.get('authorization') === 'Bearer token-1'
        ? window.kk.json({ type: 'about:blank', title: 'Unauthorized', status: 401, code: 'unauthorized', detail: 'expired' }, 401)
        : window.kk.json({ party: '212201782', status: 'granted', mode: 'altinn3' })),
    });
    window.kk.requests = [];
    const client = new window.kk.kravkit.KravClient({ baseUrl: 'https://worker.test/', session, fetch });
    const status = await client.consentStatus('212201782');
    await client.aapneKrav('212201782');
    return { status: status.status, calls, auth: window.kk.requests.map((r) => `${r.path} ${r.auth}`) };
  });
  assert.deepEqual(result, {
    status: 'granted', calls: 2,
    auth: ['/v1/parties/212201782/consent Bearer token-1', '/v1/parties/212201782/consent Bearer token-2', '/v1/parties/212201782/aapnekrav Bearer token-2'],
  });
  expectNoProblems(p, '401');
});

test('dark mode keeps contrast', async () => {
  const p = await page();
  await p.emulateMedia({ colorScheme: 'dark' });
  await mount(p);
  await p.locator('kravkit-oversikt .kk-exp').first().click();
  await expectAccessible(p, 'dark mode');
  await screenshot(p, 'widget-dark');
  expectNoProblems(p, 'dark');
});

test('events: kravkit-ready first with {party}; a needs-consent answer fires kravkit-consent-required', async () => {
  const p = await page();
  await mount(p, {}, `kk.routes({ 'GET /v1/parties/212201782/consent': { party: '212201782', status: 'expired', mode: 'altinn3' } })`);
  assert.deepEqual(await events(p), [
    { type: 'kravkit-ready', detail: { party: '212201782' } },
    { type: 'kravkit-consent-required', detail: { party: '212201782', status: 'expired' } },
  ]);
  assert.equal(await p.evaluate(() => window.kk.el.state), 'consent');
  assert.equal(await shadowText(p, '.kk-notice'), 'Samtykket har gått ut.');
  expectNoProblems(p, 'events');
});

test('theming: the documented custom properties and ::part(container) restyle the widget', async () => {
  const p = await page();
  await mount(p, {}, `kk.routes({ 'GET /v1/parties/212201782/consent': { party: '212201782', status: 'none', mode: 'altinn3' } })`);
  const look = () => p.evaluate(() => {
    const root = window.kk.el.shadowRoot;
    const button = getComputedStyle(root.querySelector('.kk-primary'));
    const box = getComputedStyle(root.querySelector('.kk'));
    return { button: button.backgroundColor, buttonText: button.color, font: box.fontFamily, radius: box.borderTopLeftRadius, padding: box.paddingTop, border: box.borderTopWidth };
  });
  const plain = await look();
  assert.deepEqual(plain, { button: 'rgb(11, 92, 173)', buttonText: 'rgb(255, 255, 255)', font: plain.font, radius: '8px', padding: '16px', border: '1px' });
  assert.match(plain.font, /^system-ui/);
  await p.evaluate(() => window.kk.el.classList.add('themed')); // e2e/widget-page/theme.css
  assert.deepEqual(await look(), { button: 'rgb(111, 45, 168)', buttonText: 'rgb(255, 255, 255)', font: 'Georgia, serif', radius: '0px', padding: '32px', border: '3px' });
  await expectAccessible(p, 'themed');
  await screenshot(p, 'widget-themed');
  expectNoProblems(p, 'theming');
});

test('keyboard: expanders open and close with Enter and Space, with a visible focus ring', async () => {
  const p = await page();
  await mount(p);
  const exp = rows(p).first().locator('.kk-exp');
  // Tab from the selected tab through the panel until the first expander has the focus, as a keyboard user would.
  await p.locator('kravkit-oversikt #kk-tab-aapnekrav').focus();
  for (let i = 0; i < 10 && !(await exp.evaluate((el) => el.getRootNode().activeElement === el)); i++) await p.keyboard.press('Tab');
  assert.deepEqual(await focusRing(exp), { focused: true, focusVisible: true, drawn: true }, 'visible focus on the expander');
  const detailRows = () => p.locator('kravkit-oversikt tr.kk-detail').count();
  for (const [key, expanded] of [['Enter', 'true'], ['Enter', 'false'], ['Space', 'true'], ['Space', 'false']]) {
    await p.keyboard.press(key);
    assert.equal(await exp.getAttribute('aria-expanded'), expanded, `${key} → ${expanded}`);
    assert.equal(await detailRows(), expanded === 'true' ? 1 : 0);
    assert.equal(await exp.evaluate((el) => el.getRootNode().activeElement === el), true, 'the focus stays on the expander');
  }
  await p.keyboard.press('Enter');
  assert.match(norm(await shadowText(p, `#${await exp.getAttribute('aria-controls')}`)), /Kontonummer/);
  await expectAccessible(p, 'expander opened by keyboard');
  expectNoProblems(p, 'expander keyboard');
});

test('the period picker keeps unsubmitted dates across a language switch and arriving data', async () => {
  const p = await page();
  await mount(p);
  let loaded = nextEvent(p, 'kravkit-loaded');
  await p.locator('kravkit-oversikt #kk-tab-krav').click();
  await loaded;
  const fra = p.locator('kravkit-oversikt input[name="fraOgMed"]');
  const til = p.locator('kravkit-oversikt input[name="tilOgMed"]');
  await fra.fill('2022-06-01');
  await til.fill('2023-01-15');
  const sent = (await p.evaluate(() => window.kk.requests)).length;
  await p.evaluate(() => window.kk.el.setAttribute('lang', 'en'));
  assert.equal(await shadowText(p, '.kk-period legend'), 'Period');
  assert.equal(await fra.inputValue(), '2022-06-01', 'the unsaved from date survives the re-render');
  assert.equal(await til.inputValue(), '2023-01-15', 'the unsaved to date survives the re-render');
  assert.equal(await til.getAttribute('max'), '2023-06-01', 'the bounds follow the kept date');
  assert.equal((await p.evaluate(() => window.kk.requests)).length, sent, 'nothing sent');

  // An invalid period stays marked, in the new language.
  await til.fill('2023-07-01');
  await p.locator('kravkit-oversikt .kk-period button[type="submit"]').click();
  assert.equal(await shadowText(p, '.kk-invalid'), 'The end date must be on or after the start date, and at most one year later.');
  await p.evaluate(() => window.kk.el.setAttribute('lang', 'nn'));
  assert.equal(await til.inputValue(), '2023-07-01');
  assert.equal(await til.getAttribute('aria-invalid'), 'true');
  assert.equal(await shadowText(p, '.kk-invalid'), 'Til-datoen må vere same dag eller etter frå-datoen, og høgst eitt år seinare.');
  await expectAccessible(p, 'invalid period after a language switch');

  // Typing while another tab's data arrives: the value and the focus stay.
  await p.evaluate(() => { window.kk.release = null; window.kk.hold = true; });
  await mount(p, {}, `kk.routes({ 'GET /v1/parties/212201782/innbetalinger': () => (kk.hold
    ? new Promise((r) => { kk.release = () => { kk.hold = false; r(kk.json(kk.fixtures.innbetalinger)); }; })
    : kk.json(kk.fixtures.innbetalinger)) })`);
  await p.locator('kravkit-oversikt #kk-tab-innbetalinger').click();
  await p.waitForFunction(() => window.kk.release);
  await fra.fill('2022-09-01');
  loaded = nextEvent(p, 'kravkit-loaded');
  await p.evaluate(() => window.kk.release());
  assert.equal((await loaded).view, 'innbetalinger');
  assert.equal(await fra.inputValue(), '2022-09-01');
  assert.equal(await p.evaluate(() => document.querySelector('kravkit-oversikt').shadowRoot.activeElement?.name), 'fraOgMed');
  // Submitting sends the kept dates.
  loaded = nextEvent(p, 'kravkit-loaded');
  await p.locator('kravkit-oversikt .kk-period button[type="submit"]').click();
  await loaded;
  assert.equal((await p.evaluate(() => window.kk.requests)).at(-1).path, '/v1/parties/212201782/innbetalinger?fraOgMed=2022-09-01&tilOgMed=2023-03-01');
  expectNoProblems(p, 'period drafts');
});

test('a failed tab shows its error in the panel; the overview and the other tabs stay', async () => {
  const p = await page();
  await p.evaluate(() => { window.kk.fail = true; });
  await mount(p, {}, `kk.routes({ 'GET /v1/parties/212201782/krav': () => kk.fail
    ? kk.json({ type: 'about:blank', title: 'Bad Gateway', status: 502, code: 'upstream_error', detail: 'Skatteetaten answered 500', korrelasjonsid: 'feed-7' }, 502, { 'content-type': 'application/problem+json' })
    : kk.json(kk.fixtures.krav) })`);
  const failed = nextEvent(p, 'kravkit-error');
  await p.locator('kravkit-oversikt #kk-tab-krav').click();
  assert.deepEqual(await failed, { code: 'upstream_error', status: 502, korrelasjonsid: 'feed-7', message: 'Skatteetaten answered 500', view: 'krav' });
  assert.equal(await p.evaluate(() => window.kk.el.state), 'ready', 'not the whole-widget error state');
  assert.equal(await p.locator('kravkit-oversikt [role="tab"]').count(), 4);
  assert.equal(await p.locator('kravkit-oversikt #kk-tab-krav').getAttribute('aria-selected'), 'true');
  assert.equal(await p.locator('kravkit-oversikt .kk-foot').count(), 1);
  const error = p.locator('kravkit-oversikt [role="tabpanel"] .kk-error');
  assert.equal(await error.getAttribute('role'), 'alert');
  const text = await error.textContent();
  assert.ok(text.includes('Det oppstod en teknisk feil.') && text.includes('Referanse: feed-7') && text.includes('Feilkode: upstream_error'), text);
  assert.equal(await p.locator('kravkit-oversikt [role="tabpanel"] .kk-period').count(), 1, 'the period picker stays');
  assert.equal(await p.locator('kravkit-oversikt [role="tabpanel"]').getAttribute('aria-busy'), null);
  await expectAccessible(p, 'tab error');
  await screenshot(p, 'widget-tab-error');

  // The overview is still there, without asking again.
  const before = (await p.evaluate(() => window.kk.requests)).length;
  await p.locator('kravkit-oversikt #kk-tab-aapnekrav').click();
  assert.equal(norm(await shadowText(p, '.kk-t-saldo dd')), 'kr 20 400,00');
  assert.equal((await p.evaluate(() => window.kk.requests)).length, before);

  // Back to the tab: still failing; then the panel's retry loads it.
  const again = nextEvent(p, 'kravkit-error');
  await p.locator('kravkit-oversikt #kk-tab-krav').click();
  assert.equal((await again).view, 'krav');
  await p.evaluate(() => { window.kk.fail = false; });
  const loaded = nextEvent(p, 'kravkit-loaded');
  await error.getByRole('button', { name: 'Prøv igjen' }).click();
  assert.equal((await loaded).total, 2);
  assert.equal(await rows(p).count(), 2);
  assert.equal(await p.locator('kravkit-oversikt .kk-error').count(), 0);
  assert.equal(await activeId(p), 'kk-panel', 'the focus moves to the panel, not to the page');
  expectNoProblems(p, 'tab error');
});

test('own client: the session property and base-url reach the Worker', async () => {
  const p = await page();
  await ownWorker(p);
  const done = await mount(p, { own: true, session: 'bank-jwt-1', attrs: { 'base-url': srv.url } });
  assert.deepEqual(done, { type: 'kravkit-loaded', detail: { party: '212201782', view: 'aapnekrav', total: 2, overdue: 2, skjermet: false } });
  assert.deepEqual((await events(p)).map((e) => e.type), ['kravkit-ready', 'kravkit-loaded']);
  assert.deepEqual(worker.requests, ['GET /v1/parties/212201782/consent Bearer bank-jwt-1', 'GET /v1/parties/212201782/aapnekrav Bearer bank-jwt-1']);
  assert.equal(await p.evaluate(() => window.kk.el.client), null, 'no client was given');
  assert.equal(norm(await shadowText(p, '.kk-t-saldo dd')), 'kr 20 400,00');
  // A new session: the element builds a new client and loads again with it.
  const reloaded = nextEvent(p, 'kravkit-loaded');
  await p.evaluate(() => { window.kk.el.session = 'bank-jwt-2'; });
  await reloaded;
  assert.equal(worker.requests.at(-1), 'GET /v1/parties/212201782/aapnekrav Bearer bank-jwt-2');
  expectNoProblems(p, 'own client');
});

test('own client: after a 401 the sessionProvider is called again and the request retried', async () => {
  const p = await page();
  await ownWorker(p);
  worker.rejected = new Set(['Bearer token-1']);
  const done = await mount(p, { own: true, provider: true, attrs: { 'base-url': srv.url } });
  assert.equal(done.type, 'kravkit-loaded');
  assert.equal(done.detail.total, 2);
  assert.equal(await p.evaluate(() => window.kk.providerCalls), 2);
  assert.deepEqual(worker.requests, [
    'GET /v1/parties/212201782/consent Bearer token-1', 'GET /v1/parties/212201782/consent Bearer token-2',
    'GET /v1/parties/212201782/aapnekrav Bearer token-2',
  ]);
  assert.equal(await p.evaluate(() => window.kk.el.state), 'ready');
  // Chromium logs the refused request itself; that one line is expected, nothing else.
  const refused = p.problems.filter((m) => /status of 401/.test(m));
  assert.equal(refused.length, 1, p.problems.join('\n'));
  assert.deepEqual(p.problems.filter((m) => !refused.includes(m)), [], 'console errors or CSP violations in 401 retry');
});

test('without a session or a base-url the element says so: kravkit-error invalid_options', async () => {
  const p = await page();
  await ownWorker(p);
  const noSession = await mount(p, { own: true, session: null, attrs: { 'base-url': srv.url } });
  assert.equal(noSession.type, 'kravkit-error');
  assert.deepEqual({ ...noSession.detail, message: undefined }, { code: 'invalid_options', status: 0, korrelasjonsid: null, message: undefined });
  assert.match(noSession.detail.message, /session or sessionProvider/);
  assert.deepEqual((await events(p)).map((e) => e.type), ['kravkit-error'], 'not ready without a client');
  assert.equal(await p.evaluate(() => window.kk.el.state), 'error');
  const text = await shadowText(p, '.kk-error');
  assert.ok(text.includes('Noe gikk galt') && text.includes('Visningen er ikke riktig satt opp i nettbanken.') && text.includes('Feilkode: invalid_options'), text);
  assert.equal(await p.locator('kravkit-oversikt .kk-error button').count(), 0, 'no retry that cannot help');
  assert.deepEqual(worker.requests, [], 'nothing sent');
  await expectAccessible(p, 'invalid options');
  await screenshot(p, 'widget-invalid-options');
  // Setting the session recovers.
  const loaded = nextEvent(p, 'kravkit-loaded');
  await p.evaluate(() => { window.kk.el.session = 'late-jwt'; });
  assert.equal((await loaded).total, 2);
  assert.equal(worker.requests[0], 'GET /v1/parties/212201782/consent Bearer late-jwt');

  const noBase = await mount(p, { own: true, session: 'bank-jwt', lang: 'en' });
  assert.equal(noBase.detail.code, 'invalid_options');
  assert.match(noBase.detail.message, /base-url/);
  assert.ok((await shadowText(p, '.kk-error')).includes('This view is not set up correctly in the online bank.'));
  expectNoProblems(p, 'invalid options');
});
