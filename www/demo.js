// The demo netbank: pick one of the simulator's test companies, get a demo session from the Worker
// (POST /demo/session), and show <kravkit-oversikt> for it. The chosen company and language live in the URL, so
// they survive the round trip to Altinn's consent page. Everything is same-origin: the Worker serves this page.
import init from './pkg/index.js';

const COMPANIES = [
  ['313367002', { nb: 'Travel handel ENK – krav i alle grupper', nn: 'Travel handel ENK – krav i alle grupper', en: 'Busy sole proprietorship – claims in every group' }],
  ['212201782', { nb: 'Eksempelet fra Skatteetatens dokumentasjon', nn: 'Dømet frå dokumentasjonen til Skatteetaten', en: 'The example from the Tax Administration’s documentation' }],
  ['314055403', { nb: 'Stort aksjeselskap – 5 000 krav', nn: 'Stort aksjeselskap – 5 000 krav', en: 'Large company – 5,000 claims' }],
  ['311851381', { nb: 'Stille bedrift – ingen krav', nn: 'Stille bedrift – ingen krav', en: 'Quiet company – no claims' }],
  ['314961900', { nb: 'Skjermet bedrift', nn: 'Skjerma bedrift', en: 'Shielded company' }],
];
const TEXT = {
  nb: { bedrift: 'Bedrift', tittel: 'Krav og betalinger', ingress: 'Skattekrav fra Skatteetaten, vist med kravkit. Velg en testbedrift fra simulatoren.', velg: 'Velg bedrift', bedrifter: 'Testbedrifter', logginn: 'Logg inn og vis', modus: 'Samtykke', ikkeinnlogget: 'Ikke innlogget', innlogget: 'Innlogget som demobruker', hendelser: 'Hendelser fra widgeten', feil: 'Kunne ikke hente en demo-økt', betaling: 'Ny betaling', betalingIngress: 'Fylt ut fra kravkit. Sjekk og bekreft.', tilKonto: 'Til konto', kid: 'KID', beloep: 'Beløp (kr)', dato: 'Betalingsdato', bekreft: 'Bekreft betaling', lukk: 'Lukk', fil: 'Last ned betalingsfil (pain.001)', avbryt: 'Avbryt', bekreftet: '{n} betalinger lagt til forfall, til sammen {sum}. (Demo: ingen penger er flyttet.)' },
  nn: { bedrift: 'Bedrift', tittel: 'Krav og betalingar', ingress: 'Skattekrav frå Skatteetaten, viste med kravkit. Vel ei testbedrift frå simulatoren.', velg: 'Vel bedrift', bedrifter: 'Testbedrifter', logginn: 'Logg inn og vis', modus: 'Samtykke', ikkeinnlogget: 'Ikkje innlogga', innlogget: 'Innlogga som demobrukar', hendelser: 'Hendingar frå widgeten', feil: 'Kunne ikkje hente ei demo-økt', betaling: 'Ny betaling', betalingIngress: 'Fylt ut frå kravkit. Sjekk og stadfest.', tilKonto: 'Til konto', kid: 'KID', beloep: 'Beløp (kr)', dato: 'Betalingsdato', bekreft: 'Stadfest betaling', lukk: 'Lukk', fil: 'Last ned betalingsfil (pain.001)', avbryt: 'Avbryt', bekreftet: '{n} betalingar lagde til forfall, til saman {sum}. (Demo: ingen pengar er flytte.)' },
  en: { bedrift: 'Business', tittel: 'Claims and payments', ingress: 'Tax claims from the Norwegian Tax Administration, shown with kravkit. Pick a test company of the simulator.', velg: 'Pick a company', bedrifter: 'Test companies', logginn: 'Log in and show', modus: 'Consent', ikkeinnlogget: 'Not logged in', innlogget: 'Logged in as the demo user', hendelser: 'Events from the widget', feil: 'Could not get a demo session', betaling: 'New payment', betalingIngress: 'Filled in from kravkit. Check and confirm.', tilKonto: 'To account', kid: 'KID', beloep: 'Amount (NOK)', dato: 'Payment date', bekreft: 'Confirm payment', lukk: 'Close', fil: 'Download payment file (pain.001)', avbryt: 'Cancel', bekreftet: '{n} payments scheduled, {sum} in total. (Demo: no money has moved.)' },
};
const MODES = { altinn3: 'Altinn 3', altinn2: 'Altinn 2 (AltinnSamtykke)' };

const params = new URLSearchParams(location.search);
let lang = ['nb', 'nn', 'en'].includes(params.get('lang')) ? params.get('lang') : 'nb';
let party = COMPANIES.some(([id]) => id === params.get('party')) ? params.get('party') : null;
const $ = (id) => document.getElementById(id);

/** Keeps the company and language in the URL (the consent's return URL is this page's URL). */
function remember() {
  const url = new URL(location.href);
  if (party) url.searchParams.set('party', party); else url.searchParams.delete('party');
  url.searchParams.set('lang', lang);
  history.replaceState(history.state, '', url);
}

/** A fresh demo session for the test companies; the widget calls this again when the Worker answers 401. */
async function demoSession() {
  const r = await fetch('/demo/session', {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ parties: COMPANIES.map(([id]) => id) }),
  });
  if (!r.ok) {
    const err = $('demo-error');
    err.textContent = `${TEXT[lang].feil} (HTTP ${r.status})`;
    err.hidden = false;
    throw new Error(`POST /demo/session: HTTP ${r.status}`);
  }
  $('session-state').dataset.t = 'innlogget';
  $('session-state').textContent = TEXT[lang].innlogget;
  return (await r.json()).token;
}

function translate() {
  document.documentElement.lang = lang;
  for (const el of document.querySelectorAll('[data-t]')) el.textContent = TEXT[lang][el.dataset.t];
  for (const b of document.querySelectorAll('[data-lang]')) b.setAttribute('aria-pressed', String(b.dataset.lang === lang));
  for (const [id, names] of COMPANIES) document.querySelector(`[data-name="${id}"]`).textContent = names[lang];
  document.querySelector('kravkit-oversikt')?.setAttribute('lang', lang);
}

function companies() {
  const box = $('companies');
  for (const [id, names] of COMPANIES) {
    const input = Object.assign(document.createElement('input'), { type: 'radio', name: 'party', value: id, id: `c-${id}`, checked: id === (party ?? COMPANIES[0][0]) });
    const label = Object.assign(document.createElement('label'), { htmlFor: input.id });
    const name = Object.assign(document.createElement('span'), { className: 'cname', textContent: names[lang] });
    name.dataset.name = id;
    const org = Object.assign(document.createElement('span'), { className: 'corg', textContent: id.replace(/(\d{3})(\d{3})(\d{3})/, '$1 $2 $3') });
    label.append(name, org);
    const row = document.createElement('div');
    row.className = 'company';
    row.append(input, label);
    box.append(row);
  }
}

const kroner = (oere) => `${Math.trunc(oere / 100)},${String(Math.abs(oere) % 100).padStart(2, '0')}`;
const make = (tag, props = {}, ...children) => { const e = Object.assign(document.createElement(tag), props); e.append(...children); return e; };

/** The demo company's own account, the debtor of its payment files. */
const DEMO_DEBTOR = { name: 'Demobanken bedriftskunde', account: '15034445556', bic: 'DNBANOKK' };
let paying = null; // the kravkit-pay detail the form shows

/** The bank's own payment form, prefilled from a `kravkit-pay` event: one block per payment, then "confirm". */
function payForm(detail) {
  paying = detail;
  const t = TEXT[lang];
  const today = new Date().toISOString().slice(0, 10);
  const dialog = $('pay-dialog');
  const list = $('pay-list');
  list.replaceChildren();
  detail.betalinger.forEach((b, i) => {
    const field = (key, name, value, extra = {}) => make('label', {}, make('span', { textContent: t[key] }), make('input', { name: `${name}-${i}`, value, required: true, ...extra }));
    const block = make('fieldset', { className: 'payment' },
      make('legend', { textContent: b.beskrivelse }),
      field('tilKonto', 'konto', b.konto.kontonummer ?? b.konto.iban, { autocomplete: 'off' }),
      field('kid', 'kid', b.kid, { inputMode: 'numeric', autocomplete: 'off' }),
      field('beloep', 'beloep', kroner(b.beloep), { inputMode: 'decimal' }),
      field('dato', 'dato', b.forfallsdato && b.forfallsdato > today ? b.forfallsdato : today, { type: 'date' }));
    block.dataset.kid = b.kid;
    list.append(block);
  });
  $('pay-done').hidden = true;
  $('pay-confirm').hidden = false;
  $('pay-close').textContent = t.avbryt;
  dialog.dataset.sum = String(detail.sum);
  dialog.dataset.count = String(detail.betalinger.length);
  dialog.showModal();
}

/** The same payments as a pain.001 file, from the widget (for an accounting system's upload). */
function paymentFile() {
  const widget = document.querySelector('kravkit-oversikt');
  const ids = paying.betalinger.map((b) => b.kravforfallsIdentifikator ?? b.kravidentifikator);
  const xml = widget.betalingsfil(ids, { debtor: { ...DEMO_DEBTOR, organisasjonsnummer: party } });
  const url = URL.createObjectURL(new Blob([xml], { type: 'application/xml;charset=utf-8' }));
  const a = Object.assign(document.createElement('a'), { href: url, download: `betaling-${party}.xml`, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function confirmPayment(e) {
  e.preventDefault();
  const dialog = $('pay-dialog');
  const t = TEXT[lang];
  const sum = Number(dialog.dataset.sum);
  $('pay-done').textContent = t.bekreftet.replace('{n}', dialog.dataset.count).replace('{sum}', `kr ${kroner(sum)}`);
  $('pay-done').hidden = false;
  $('pay-confirm').hidden = true;
  $('pay-close').textContent = t.lukk;
  document.body.dataset.paid = dialog.dataset.count;
  $('pay-close').focus();
}

function show() {
  const area = $('widget-area');
  area.hidden = false;
  let el = area.querySelector('kravkit-oversikt');
  if (!el) {
    el = document.createElement('kravkit-oversikt');
    el.setAttribute('base-url', location.origin);
    el.sessionProvider = demoSession;
    // The bank takes over the widget's Pay action: its own form, prefilled.
    el.addEventListener('kravkit-pay', (e) => { e.preventDefault(); payForm(e.detail); });
    for (const type of ['kravkit-ready', 'kravkit-consent-required', 'kravkit-loaded', 'kravkit-error', 'kravkit-pay']) {
      el.addEventListener(type, (e) => {
        const li = document.createElement('li');
        li.textContent = `${new Date().toLocaleTimeString('nb-NO')} ${type} ${JSON.stringify(e.detail)}`;
        $('events').prepend(li);
        document.body.dataset.widget = type.replace('kravkit-', '');
      });
    }
    area.append(el);
  }
  el.setAttribute('lang', lang);
  el.setAttribute('party', party);
}

async function main() {
  companies();
  translate();
  for (const b of document.querySelectorAll('[data-lang]')) {
    b.addEventListener('click', () => { lang = b.dataset.lang; remember(); translate(); });
  }
  $('pay-form').addEventListener('submit', confirmPayment);
  $('pay-close').addEventListener('click', () => $('pay-dialog').close());
  $('pay-file').addEventListener('click', paymentFile);
  $('picker').addEventListener('submit', (e) => {
    e.preventDefault();
    party = new FormData(e.target).get('party');
    remember();
    show();
  });
  fetch('/healthz').then((r) => r.json()).then((h) => { $('mode').textContent = MODES[h.consentMode] ?? h.consentMode ?? '?'; })
    .catch(() => { $('mode').textContent = '?'; });
  await init();
  document.body.dataset.demo = 'ready';
  if (party) show(); // back from Altinn, or a shared link
}

main();
