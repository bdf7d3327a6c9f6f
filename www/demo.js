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
  nb: { bedrift: 'Bedrift', tittel: 'Krav og betalinger', ingress: 'Skattekrav fra Skatteetaten, vist med kravkit. Velg en testbedrift fra simulatoren.', velg: 'Velg bedrift', bedrifter: 'Testbedrifter', logginn: 'Logg inn og vis', modus: 'Samtykke', ikkeinnlogget: 'Ikke innlogget', innlogget: 'Innlogget som demobruker', hendelser: 'Hendelser fra widgeten', feil: 'Kunne ikke hente en demo-økt' },
  nn: { bedrift: 'Bedrift', tittel: 'Krav og betalingar', ingress: 'Skattekrav frå Skatteetaten, viste med kravkit. Vel ei testbedrift frå simulatoren.', velg: 'Vel bedrift', bedrifter: 'Testbedrifter', logginn: 'Logg inn og vis', modus: 'Samtykke', ikkeinnlogget: 'Ikkje innlogga', innlogget: 'Innlogga som demobrukar', hendelser: 'Hendingar frå widgeten', feil: 'Kunne ikkje hente ei demo-økt' },
  en: { bedrift: 'Business', tittel: 'Claims and payments', ingress: 'Tax claims from the Norwegian Tax Administration, shown with kravkit. Pick a test company of the simulator.', velg: 'Pick a company', bedrifter: 'Test companies', logginn: 'Log in and show', modus: 'Consent', ikkeinnlogget: 'Not logged in', innlogget: 'Logged in as the demo user', hendelser: 'Events from the widget', feil: 'Could not get a demo session' },
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

function show() {
  const area = $('widget-area');
  area.hidden = false;
  let el = area.querySelector('kravkit-oversikt');
  if (!el) {
    el = document.createElement('kravkit-oversikt');
    el.setAttribute('base-url', location.origin);
    el.sessionProvider = demoSession;
    for (const type of ['kravkit-ready', 'kravkit-consent-required', 'kravkit-loaded', 'kravkit-error']) {
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
