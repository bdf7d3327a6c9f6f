// The Pay hand-off of <kravkit-oversikt> in headless Chromium, from the built package on the strict-CSP test page:
// a Pay action on each claim with a checked KID and account, "Betal alle forfalte", chosen rows, the cancelable
// `kravkit-pay` event and its detail, the element's own payment panel when nobody takes over, `pay="none"` and the
// `payable` property; keyboard, languages and axe. The data (harness `payParty`) has every case: a partly paid
// claim, a claim with one overdue and one later instalment, a masked account, no payment details, a credit.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launch, openPage } from './browser.mjs';
import { expectAccessible, expectNoProblems } from './widget-helpers.mjs';
import { startStatic } from './widget-server.mjs';

let srv;
let ctx;
before(async () => {
  [srv, ctx] = await Promise.all([startStatic(), launch()]);
  await ctx.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: srv.url });
});
after(async () => { await ctx?.close(); await srv?.close(); });

const TODAY = '2024-03-01';
const PARTY = '313367002';

/** A page with the element mounted on the paying party (`attrs` on the element, `lang`); resolves once loaded. */
async function mounted({ attrs = {}, lang = 'nb', setup = '' } = {}) {
  const p = await openPage(ctx);
  await p.goto(`${srv.url}/`);
  await p.waitForSelector('html[data-ready="true"]', { timeout: 15_000 });
  await p.evaluate(() => window.kk.ready);
  const opts = JSON.stringify({ party: PARTY, today: TODAY, lang, attrs });
  const loaded = await p.evaluate(`(() => { const kk = window.kk; kk.takeOverPay = false;
    const data = kk.payParty();
    const routes = { 'GET /v1/parties/${PARTY}/consent': { party: '${PARTY}', status: 'granted', mode: 'altinn3', validTo: '2024-05-30T10:00:00Z' },
      'GET /v1/parties/${PARTY}/aapnekrav': data };
    const done = kk.mount({ ...${opts}, routes });
    ${setup}
    return done; })()`);
  assert.equal(loaded.type, 'kravkit-loaded', JSON.stringify(loaded));
  return p;
}

const payEvents = (p) => p.evaluate(() => window.kk.events.filter((e) => e.type === 'kravkit-pay').map((e) => e.detail));
const row = (p, id) => p.locator(`kravkit-oversikt tbody > tr[data-id="${id}"]`);
/** What the test data says each instalment leaves to pay, independently of the package. */
async function expected(p) {
  const data = await p.evaluate(() => window.kk.payParty());
  const out = {};
  for (const k of data.aapentKravMedGjenstaaendeBeloep) for (const f of k.kravforfall) out[f.kravforfallsIdentifikator] = { krav: k.kravidentifikator, left: f.gjenstaaendeBeloep, due: f.forfallsdato, kid: f.betalingsinformasjon?.kidnummer ?? null };
  return out;
}

test('a Pay action on claims that can be paid, none on a masked account, missing details or a credit', async () => {
  const p = await mounted();
  for (const id of ['P1', 'P2', 'P5']) assert.equal(await row(p, id).locator('button.kk-pay-btn').count(), 1, id);
  for (const id of ['P3', 'P4', 'P6']) {
    assert.equal(await row(p, id).locator('.kk-c-betal button, .kk-c-betal input').count(), 0, `${id} has no Pay action`);
  }
  // The accessible name says what is paid: the visible "Betal" and the claim.
  assert.equal((await row(p, 'P1').locator('button.kk-pay-btn').textContent()).trim(), 'Betal Restskatt');
  await expectAccessible(p, 'the table with Pay actions');
  expectNoProblems(p, 'pay actions');
  await p.close();
});

test("one claim's Pay: kravkit-pay with the remaining amount, KID and checked account; the element shows them", async () => {
  const p = await mounted();
  const want = await expected(p);
  await row(p, 'P1').locator('button.kk-pay-btn').click();
  const [detail] = await payEvents(p);
  assert.equal(detail.party, PARTY);
  assert.deepEqual([detail.selection, detail.ids], ['ids', ['P1']]);
  assert.equal(detail.betalinger.length, 1);
  const b = detail.betalinger[0];
  assert.deepEqual(
    { krav: b.kravidentifikator, forfall: b.kravforfallsIdentifikator, kid: b.kid, beloep: b.beloep, due: b.forfallsdato, forfalt: b.forfalt, part: b.part },
    { krav: 'P1', forfall: 'P1-1', kid: want['P1-1'].kid, beloep: want['P1-1'].left, due: want['P1-1'].due, forfalt: true, part: PARTY },
    'the remaining 4,000 kr of a claim of 10,000 kr, never the original');
  assert.deepEqual(b.konto, { kontonummer: '63450624804', iban: 'NO4263450624804', bic: 'NDEANOKK', navn: 'Skatteetaten' });
  assert.equal(b.beskrivelse, 'Restskatt 2023');
  assert.equal(detail.sum, want['P1-1'].left);
  // Nobody took over: the element's own panel, focused, with copy buttons for the account and the KID.
  const panel = p.locator('kravkit-oversikt .kk-payment');
  await panel.waitFor();
  assert.equal(await p.evaluate(() => document.querySelector('kravkit-oversikt').shadowRoot.activeElement?.id), 'kk-pay-title');
  const text = (await panel.textContent()).replace(/\u00a0/g, ' ');
  assert.match(text, /Til betaling/);
  assert.match(text, /kr 4 000,00/);
  assert.match(text, /15\.01\.2024/);
  assert.ok(text.includes(want['P1-1'].kid));
  assert.deepEqual(await panel.locator('button[data-copy]').evaluateAll((bs) => bs.map((x) => x.dataset.copy)), ['63450624804', want['P1-1'].kid]);
  await expectAccessible(p, 'the payment panel');
  await panel.getByRole('button', { name: 'Lukk' }).click();
  assert.equal(await p.locator('kravkit-oversikt .kk-payment').count(), 0);
  expectNoProblems(p, 'one payment');
  await p.close();
});

test("an instalment's own Pay in the claim's details pays that instalment only", async () => {
  const p = await mounted();
  const want = await expected(p);
  await row(p, 'P2').locator('button.kk-exp').click();
  const detail = p.locator('kravkit-oversikt tr[data-id="P2"] + tr.kk-detail');
  // One Pay per open instalment; the accessible name says which.
  assert.deepEqual(await detail.locator('button.kk-pay-btn').evaluateAll((bs) => bs.map((b) => [b.dataset.pay, b.textContent])),
    [['P2-1', 'Betal Forfall 15.02.2024'], ['P2-2', 'Betal Forfall 15.04.2024']]);
  await detail.locator('button.kk-pay-btn[data-pay="P2-2"]').click();
  const [ev] = await payEvents(p);
  assert.deepEqual(ev.betalinger.map((b) => [b.kravforfallsIdentifikator, b.beloep, b.forfalt]), [['P2-2', want['P2-2'].left, false]]);
  // A masked account's instalment has none.
  await row(p, 'P3').locator('button.kk-exp').click();
  const masked = p.locator('kravkit-oversikt tr[data-id="P3"] + tr.kk-detail');
  await masked.waitFor();
  assert.equal(await masked.locator('button.kk-pay-btn').count(), 0);
  await expectAccessible(p, 'details with Pay');
  await p.close();
});

test('"Betal alle forfalte": every overdue instalment that can be paid, its sum, and what cannot be paid named', async () => {
  const p = await mounted();
  const want = await expected(p);
  await p.locator('kravkit-oversikt button.kk-pay-overdue').click();
  const [detail] = await payEvents(p);
  assert.equal(detail.selection, 'overdue');
  assert.deepEqual(detail.betalinger.map((b) => b.kravforfallsIdentifikator), ['P1-1', 'P2-1'], 'due order; P2-2 and P5 are not due');
  assert.ok(detail.betalinger.every((b) => b.forfalt && b.forfallsdato < TODAY));
  // The overdue instalments with a remaining amount, from the data: the payable ones sum to the event's sum, and
  // with the two that cannot be paid (masked account, no details) they make Skatteetaten's overdue total.
  const overdue = Object.entries(want).filter(([, f]) => f.due < TODAY && f.left > 0);
  const payable = overdue.filter(([id]) => ['P1-1', 'P2-1'].includes(id)).reduce((s, [, f]) => s + f.left, 0);
  assert.equal(detail.sum, payable);
  assert.deepEqual(detail.skipped.map((s) => [s.kravidentifikator, s.reason]), [['P3', 'masked_account'], ['P4', 'no_kid']]);
  const all = overdue.reduce((s, [, f]) => s + f.left, 0);
  assert.equal(all, (await p.evaluate(() => window.kk.payParty())).totalOversikt.sumForfalteKrav);
  const text = (await p.locator('kravkit-oversikt .kk-payment').textContent()).replace(/\u00a0/g, ' ');
  assert.match(text, /Til sammen kr 7 000,00/);
  assert.match(text, /2 forfall kan ikke betales herfra/);
  await p.close();
});

test('chosen rows: checkboxes, "Betal valgte (n)", and a claim with two instalments gives two payments', async () => {
  const p = await mounted();
  const chosen = p.locator('kravkit-oversikt button.kk-pay-selected');
  assert.equal(await chosen.isHidden(), true, 'nothing chosen, no button');
  // Keyboard only: focus P2's checkbox, Space ticks it; the same for P5.
  for (const id of ['P2', 'P5']) {
    await row(p, id).locator('input[type="checkbox"]').focus();
    await p.keyboard.press('Space');
  }
  assert.equal((await chosen.textContent()).trim(), 'Betal valgte (2)');
  await chosen.focus();
  await p.keyboard.press('Enter');
  const [detail] = await payEvents(p);
  assert.deepEqual(detail.ids, ['P2', 'P5']);
  assert.deepEqual(detail.betalinger.map((b) => [b.kravforfallsIdentifikator, b.beloep, b.forfalt]),
    [['P2-1', 300_000, true], ['P5-1', 500_000, false], ['P2-2', 500_000, false]]);
  assert.equal(detail.sum, 1_300_000);
  // The checkbox's name says what it chooses.
  const name = await row(p, 'P2').locator('input[type="checkbox"]').evaluate((el) => el.labels[0].textContent);
  assert.equal(name, 'Velg for betaling: Merverdiavgift');
  await p.close();
});

test('a page that takes over (preventDefault) gets the event and no panel; pay="none" and payable switch actions off', async () => {
  let p = await mounted();
  await p.evaluate(() => { window.kk.takeOverPay = true; });
  await row(p, 'P5').locator('button.kk-pay-btn').click();
  assert.equal((await payEvents(p)).length, 1);
  assert.equal(await p.locator('kravkit-oversikt .kk-payment').count(), 0, 'the page shows its own form');
  // Switching the attribute on the live element removes every action.
  await p.evaluate(() => window.kk.el.setAttribute('pay', 'none'));
  assert.equal(await p.locator('kravkit-oversikt .kk-c-betal').count(), 0);
  assert.equal(await p.locator('kravkit-oversikt .kk-pay-overdue, kravkit-oversikt .kk-pay-selected').count(), 0);
  await p.close();

  // The host's own rule: nothing above 5,000 kr. P2 (3,000 + 5,000 kr) keeps its action for the 3,000 kr instalment.
  p = await mounted({ setup: 'kk.el.payable = (b) => b.beloep < 500_000;' });
  assert.equal(await row(p, 'P5').locator('button.kk-pay-btn').count(), 0, 'P5 is 5,000 kr');
  await row(p, 'P2').locator('button.kk-pay-btn').click();
  const [detail] = await payEvents(p);
  assert.deepEqual(detail.betalinger.map((b) => b.kravforfallsIdentifikator), ['P2-1']);
  assert.deepEqual(detail.skipped.map((s) => [s.kravforfallsIdentifikator, s.reason]), [['P2-2', 'refused_by_host']]);
  assert.equal(detail.sum, 300_000);
  await p.close();
});

test('nynorsk and English', async () => {
  for (const [lang, pay, overdue, title, sum] of [
    ['nn', 'Betal', 'Betal alle forfalne', 'Til betaling', /Til saman kr 7 000,00/],
    ['en', 'Pay', 'Pay all overdue', 'To pay', /In total NOK 7,000.00/],
  ]) {
    const p = await mounted({ lang });
    assert.equal((await row(p, 'P1').locator('button.kk-pay-btn').textContent()).trim().split(' ')[0], pay);
    await p.getByRole('button', { name: overdue }).click();
    const text = (await p.locator('kravkit-oversikt .kk-payment').textContent()).replace(/\u00a0/g, ' ');
    assert.ok(text.includes(title), text);
    assert.match(text, sum);
    await expectAccessible(p, `payment panel (${lang})`);
    await p.close();
  }
});

test('the same as data: betalinger(aapneKrav, selection), Visning.betalinger and KravClient.betalinger agree', async () => {
  const p = await mounted();
  const r = await p.evaluate(async () => {
    const { kravkit } = window.kk;
    const data = window.kk.payParty();
    const fromData = kravkit.betalinger(data, 'overdue', '2024-03-01', 'nb');
    const view = kravkit.Visning.fromJson('aapnekrav', JSON.stringify(data), '2024-03-01');
    const fromView = view.betalinger('overdue', 'nb');
    const client = new kravkit.KravClient({ baseUrl: 'https://worker.test', session: 't',
      fetch: window.kk.fetchFrom({ 'GET /v1/parties/313367002/aapnekrav': data }) });
    const fromClient = await client.betalinger('313367002', { kind: 'overdue' }, '2024-03-01', 'nb');
    const byIds = kravkit.betalinger(data, ['P2-2', 'nope'], '2024-03-01');
    const errors = [];
    for (const bad of ['someday', 42, [1], { kind: 'ids' }]) {
      try { kravkit.betalinger(data, bad, '2024-03-01'); errors.push(null); } catch (e) { errors.push(e.code); }
    }
    try { kravkit.betalinger({ aapentKravMedGjenstaaendeBeloep: 'x' }, 'all'); errors.push(null); } catch (e) { errors.push(e.code); }
    const all = kravkit.betalinger(data);
    return { fromData, fromView, fromClient, byIds, errors, allIds: all.betalinger.map((b) => b.kravforfallsIdentifikator) };
  });
  assert.deepEqual(r.fromView, r.fromData);
  assert.deepEqual(r.fromClient, r.fromData);
  assert.equal(r.fromData.sum, 700_000);
  assert.deepEqual(r.byIds.betalinger.map((b) => b.kravforfallsIdentifikator), ['P2-2']);
  assert.deepEqual(r.byIds.skipped, [{ kravidentifikator: 'nope', kravforfallsIdentifikator: null, reason: 'not_found' }]);
  assert.deepEqual(r.errors, ['invalid_options', 'invalid_options', 'invalid_options', 'invalid_options', 'invalid_json']);
  assert.deepEqual(r.allIds, ['P1-1', 'P2-1', 'P5-1', 'P2-2']);
  await p.close();
});

test('the payment panel offers the payments as a pain.001 file when the page says who pays; it passes the XSD', async () => {
  const { execFileSync } = await import('node:child_process');
  const { readFileSync, copyFileSync, mkdtempSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  let p = await mounted();
  await p.locator('kravkit-oversikt button.kk-pay-overdue').click();
  assert.equal(await p.locator('kravkit-oversikt .kk-pay-file').count(), 0, 'no debtor, no file');
  await p.close();

  p = await mounted({ setup: "kk.el.debtor = { name: 'Travel handel ENK', account: '15034445556', bic: 'DNBANOKK', organisasjonsnummer: '313367002' };" });
  const want = await expected(p);
  await p.locator('kravkit-oversikt button.kk-pay-overdue').click();
  const [download] = await Promise.all([p.waitForEvent('download'), p.locator('kravkit-oversikt .kk-pay-file').click()]);
  assert.equal(download.suggestedFilename(), `kravkit-betaling-${PARTY}-${TODAY}.xml`);
  const dir = mkdtempSync(join(tmpdir(), 'kk-pain-'));
  const file = join(dir, 'betaling.xml');
  copyFileSync(await download.path(), file);
  const xml = readFileSync(file, 'utf8');
  assert.match(xml, /<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain\.001\.001\.09">/);
  // Read back by the independent validator (xmlschema against ISO 20022's XSD).
  const [read] = JSON.parse(execFileSync(join(process.cwd(), '.venv-tools/bin/python'), ['tests/py/validate_pain001.py', file], { encoding: 'utf8' }));
  assert.equal(read.count, '2');
  assert.equal(read.sum, '7000.00');
  assert.deepEqual(read.transactions.map((t) => [t.kid, t.amount, t.date, t.creditorAccount, t.debtorAccount]).sort(), [
    [want['P1-1'].kid, '4000.00', TODAY, '63450624804', '15034445556'],
    [want['P2-1'].kid, '3000.00', TODAY, '63450624804', '15034445556'],
  ].sort(), 'overdue: paid on the earliest day');
  // A bad debtor account is a kravkit-error, not a broken file.
  const err = p.evaluate(() => new Promise((r) => window.kk.el.addEventListener('kravkit-error', (e) => r(e.detail), { once: true })));
  await p.evaluate(() => { window.kk.el.debtor = { name: 'X', account: '******45556' }; });
  await p.locator('kravkit-oversikt .kk-pay-file').click();
  const detail = await err;
  assert.equal(detail.code, 'invalid_options');
  assert.match(detail.message, /debtor's account/);
  await p.close();
});

test('betalingsfil(aapneKrav, selection, options), Visning.betalingsfil and KravClient.betalingsfil agree', async () => {
  const p = await mounted();
  const r = await p.evaluate(async () => {
    const { kravkit } = window.kk;
    const data = window.kk.payParty();
    const options = { debtor: { name: 'Åse & Co', account: 'NO93 8601 1117 947' }, messageId: 'M-1', earliest: '2024-03-01' };
    const strip = (x) => x.replace(/<CreDtTm>[^<]*<\/CreDtTm>/, '');
    const a = kravkit.betalingsfil(data, 'all', options, '2024-03-01');
    const view = kravkit.Visning.fromJson('aapnekrav', JSON.stringify(data), '2024-03-01');
    const b = view.betalingsfil('all', options);
    const client = new kravkit.KravClient({ baseUrl: 'https://worker.test', session: 't', fetch: window.kk.fetchFrom({ 'GET /v1/parties/313367002/aapnekrav': data }) });
    const c = await client.betalingsfil('313367002', 'all', options, '2024-03-01');
    const errors = [];
    for (const bad of [{}, { debtor: { name: 'x' } }, { debtor: { name: 'x', account: '15034445556', organisasjonsnummer: '123' } }, { ...options, messageId: 'x'.repeat(36) }]) {
      try { kravkit.betalingsfil(data, 'all', bad, '2024-03-01'); errors.push(null); } catch (e) { errors.push(e.code); }
    }
    return { same: strip(a) === strip(b) && strip(b) === strip(c), a, errors };
  });
  assert.ok(r.same, 'one file from all three');
  assert.equal((r.a.match(/<CdtTrfTxInf>/g) ?? []).length, 4);
  assert.match(r.a, /<Nm>Åse &amp; Co<\/Nm>/);
  assert.match(r.a, /<ReqdExctnDt><Dt>2024-04-15<\/Dt><\/ReqdExctnDt>/, 'a later instalment on its due date');
  assert.deepEqual(r.errors, ['invalid_options', 'invalid_options', 'invalid_party', 'invalid_options']);
  await p.close();
});
