// <kravkit-oversikt> in a consent's last 14 days, in headless Chromium from the built package: the days left, a
// renew action that starts a new consent through the Worker (the current one keeps working meanwhile), and the
// `kravkit-consent-expiring` event; nothing of it earlier. Languages, keyboard and axe.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launch, openPage } from './browser.mjs';
import { expectAccessible, expectNoProblems } from './widget-helpers.mjs';
import { startStatic } from './widget-server.mjs';

let srv;
let ctx;
before(async () => { [srv, ctx] = await Promise.all([startStatic(), launch()]); });
after(async () => { await ctx?.close(); await srv?.close(); });

const PARTY = '212201782';
const TODAY = '2024-03-01';

/** The element on the fixtures with a consent valid to `validTo`; resolves once the open claims are loaded. */
async function mounted(validTo, lang = 'nb') {
  const p = await openPage(ctx);
  await p.goto(`${srv.url}/`);
  await p.waitForSelector('html[data-ready="true"]', { timeout: 15_000 });
  await p.evaluate(() => window.kk.ready);
  const loaded = await p.evaluate(`(() => { const kk = window.kk;
    const routes = kk.routes({
      'GET /v1/parties/${PARTY}/consent': { party: '${PARTY}', status: 'granted', mode: 'altinn3', validTo: '${validTo}' },
      'POST /v1/consents': { redirectUrl: 'https://altinn.test/consent?id=renew', party: '${PARTY}', mode: 'altinn3' },
    });
    return kk.mount({ party: '${PARTY}', today: '${TODAY}', lang: '${lang}', routes }); })()`);
  assert.equal(loaded.type, 'kravkit-loaded');
  return p;
}

const expiring = (p) => p.evaluate(() => window.kk.events.filter((e) => e.type === 'kravkit-consent-expiring').map((e) => e.detail));
const notice = (p) => p.locator('kravkit-oversikt .kk-renew');

test('10 days left: the notice, the event, and a renew that starts a new consent at Altinn', async () => {
  const p = await mounted('2024-03-11T10:00:00Z');
  assert.deepEqual(await expiring(p), [{ party: PARTY, validTo: '2024-03-11T10:00:00Z', daysLeft: 10 }]);
  assert.equal((await notice(p).locator('p').textContent()).trim(),
    'Samtykket går ut om 10 dager, 11.03.2024. Forny det for å fortsette uten opphold.');
  // The data is still shown: renewing is an offer, not a block.
  assert.ok(await p.locator('kravkit-oversikt tbody > tr').count() > 0);
  await expectAccessible(p, 'renew notice');
  // Keyboard: focus the button, Enter.
  await notice(p).locator('button').focus();
  await p.keyboard.press('Enter');
  await p.waitForFunction(() => window.kk.navigated);
  assert.equal(await p.evaluate(() => window.kk.navigated), 'https://altinn.test/consent?id=renew');
  const post = await p.evaluate(() => window.kk.requests.find((r) => r.method === 'POST'));
  assert.equal(post.path, '/v1/consents');
  assert.equal(JSON.parse(post.body).party, PARTY);
  expectNoProblems(p, 'renew');
  await p.close();
});

test('the last day, the day before, and 15 days before', async () => {
  for (const [validTo, text, days] of [
    ['2024-03-01T23:00:00Z', 'Samtykket går ut i dag. Forny det for å fortsette uten opphold.', 0],
    ['2024-03-02', 'Samtykket går ut i morgen, 02.03.2024. Forny det for å fortsette uten opphold.', 1],
    ['2024-03-15T10:00:00Z', 'Samtykket går ut om 14 dager, 15.03.2024. Forny det for å fortsette uten opphold.', 14],
  ]) {
    const p = await mounted(validTo);
    assert.equal((await notice(p).locator('p').textContent()).trim(), text);
    assert.equal((await expiring(p))[0].daysLeft, days);
    await p.close();
  }
  const p = await mounted('2024-03-16T10:00:00Z');
  assert.equal(await notice(p).count(), 0, '15 days left: nothing yet');
  assert.deepEqual(await expiring(p), []);
  await p.close();
});

test('nynorsk and English', async () => {
  for (const [lang, text, button] of [
    ['nn', 'Samtykket går ut om 10 dagar, 11.03.2024. Forny det for å halde fram utan opphald.', 'Forny samtykket i Altinn'],
    ['en', 'The consent expires in 10 days, on 11 Mar 2024. Renew it to carry on without a break.', 'Renew the consent in Altinn'],
  ]) {
    const p = await mounted('2024-03-11T10:00:00Z', lang);
    assert.equal((await notice(p).locator('p').textContent()).trim(), text);
    assert.equal((await notice(p).locator('button').textContent()).trim(), button);
    await expectAccessible(p, `renew notice (${lang})`);
    await p.close();
  }
});
