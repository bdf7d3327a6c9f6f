// Test harness page: loads the built package and exposes `window.kk` so the tests can mount <kravkit-oversikt>
// with a KravClient whose `fetch` answers from fixtures (real Request and Response objects; every request is
// recorded). Skatteetaten's example responses are turned into the Worker's canonical JSON with the package's
// own parsers.
import init, * as kravkit from '/pkg/index.js';

const json = (body, status = 200, headers = {}) =>
  new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

async function canonical(path, parse) {
  const text = await (await fetch(path)).text();
  return parse(text);
}

window.kk = {
  kravkit,
  ready: (async () => {
    await init();
    const fixtures = {
      aapnekrav: await canonical('/fixtures/skatteetaten/2024-04-24/aapnekrav.json', kravkit.parseAapneKrav),
      krav: await canonical('/fixtures/skatteetaten/2024-04-24/krav.json', kravkit.parseKrav),
      innbetalinger: await canonical('/fixtures/skatteetaten/2022-12-14/innbetalinger.json', kravkit.parseInnbetalinger),
      utbetalinger: await canonical('/fixtures/skatteetaten/2024-04-24/utbetalinger.json', kravkit.parseUtbetalinger),
    };
    window.kk.fixtures = fixtures;
    document.documentElement.dataset.ready = 'true';
    return fixtures;
  })(),
  requests: [],
  /** A fetch answering the Worker's routes from `routes` (path prefix → body, or function(request) → Response). */
  fetchFrom(routes) {
    return async (request) => {
      const url = new URL(request.url);
      const entry = { method: request.method, path: url.pathname + url.search, auth: request.headers.get('authorization') };
      if (request.method === 'POST') entry.body = await request.clone().text();
      window.kk.requests.push(entry);
      for (const [prefix, answer] of Object.entries(routes)) {
        if (`${request.method} ${url.pathname}`.startsWith(prefix)) {
          return typeof answer === 'function' ? answer(request) : json(answer);
        }
      }
      return json({ type: 'about:blank', title: 'Not Found', status: 404, code: 'not_found', detail: 'No such route.' }, 404,
        { 'content-type': 'application/problem+json' });
    };
  },
  json,
  /** A canonical aapnekrav with `n` claims in six groups, due around `today` (half overdue), each payable. */
  many(n, today = '2023-03-01') {
    const groups = ['Merverdiavgift', 'Skatt', 'Arbeidsgiveravgift', 'Forskuddstrekk', 'Forskuddsskatt', 'Andre krav'];
    const t0 = Date.parse(today);
    const day = (d) => new Date(t0 + d * 86_400_000).toISOString().slice(0, 10);
    const krav = [];
    for (let i = 0; i < n; i++) {
      const due = day((i % 360) - 180);
      const amount = 100_000 + (i * 7919) % 5_000_000;
      krav.push({
        partIdentifikator: '314055403', kravidentifikator: `K314055403-${String(i).padStart(5, '0')}`, kravtype: 'MVA',
        kravbeskrivelse: { nb: groups[i % 6], nn: groups[i % 6], en: groups[i % 6] }, kravgruppe: groups[i % 6],
        kravperiode: { periodeBeskrivelse: { nb: 'januar - februar' }, aar: '2023', fraDato: null, tilDato: null, terminTekniskNavn: '01' },
        opprettelsesdatoForKrav: day((i % 360) - 200), fastsettingsmaate: 'egenfastsatt', hovedstolKravidentifikator: null,
        opprinneligBeloep: amount, gjenstaaendeBeloep: amount, stipulerteRenter: null,
        kravforfall: [{ kravforfallsIdentifikator: `F${i}`, forfallsdato: due, opprinneligBeloep: amount, gjenstaaendeBeloep: amount,
          betalingsinformasjon: { kidnummer: window.kk.kid(100000000000 + i), meldingSendtTilMottaker: null, valutakode: null,
            konto: { kontonummer: '63450624804', kontoeiersNavn: null, iban: 'NO42 6345 06 24804', swiftBIC: 'NDEANOKK', bankinformasjon: null } },
          utsattIverksettelse: null, plassertInnbetaling: [], plassertMotkrav: [], plassertUtbetaling: [] }],
      });
    }
    return { partIdentifikator: '314055403', skjermet: false, aapentKravMedGjenstaaendeBeloep: krav, innbetalingMedUplassertBeloep: [],
      totalOversikt: null, oversiktPerKravgruppe: [] };
  },
  /** A 15-digit KID for `n` with its MOD10 (Luhn) check digit. */
  kid(n) {
    const body = String(n).padStart(14, '0');
    let sum = 0;
    [...body].reverse().forEach((c, i) => { const d = Number(c) * (i % 2 === 0 ? 2 : 1); sum += d > 9 ? d - 9 : d; });
    return body + ((10 - (sum % 10)) % 10);
  },
  /** A canonical aapnekrav of party 313367002 for paying, on 2024-03-01: P1 overdue and partly paid; P2 two
   * instalments, one overdue; P3 a masked account; P4 no payment details; P5 not yet due; P6 a credit. */
  payParty() {
    const konto = { kontonummer: '63450624804', kontoeiersNavn: 'Skatteetaten', iban: 'NO42 6345 06 24804', swiftBIC: 'NDEANOKK', bankinformasjon: null };
    const info = (n, k = konto) => ({ kidnummer: window.kk.kid(n), meldingSendtTilMottaker: null, valutakode: 'NOK', konto: k });
    const forfall = (id, due, original, left, betalingsinformasjon, placed = []) => ({
      kravforfallsIdentifikator: id, forfallsdato: due, opprinneligBeloep: original, gjenstaaendeBeloep: left, betalingsinformasjon,
      utsattIverksettelse: null, plassertInnbetaling: placed, plassertMotkrav: [], plassertUtbetaling: [] });
    const krav = (id, beskrivelse, original, left, kravforfall) => ({
      partIdentifikator: '313367002', kravidentifikator: id, kravtype: 'RESTSKATT', kravbeskrivelse: { nb: beskrivelse, nn: beskrivelse, en: beskrivelse },
      kravgruppe: 'Skatt', kravperiode: { periodeBeskrivelse: null, aar: '2023', fraDato: null, tilDato: null, terminTekniskNavn: null },
      opprettelsesdatoForKrav: '2023-12-01', fastsettingsmaate: null, hovedstolKravidentifikator: null,
      opprinneligBeloep: original, gjenstaaendeBeloep: left, stipulerteRenter: null, kravforfall });
    const paid = [{ innbetalingsidentifikator: 'I1', plassertBeloep: -600_000, plassertDato: '2024-02-10', innbetalingsdato: '2024-02-09',
      innbetaltBeloep: 600_000, innbetaltFra: null, innbetalingstype: 'Bankoverføring' }];
    return { partIdentifikator: '313367002', skjermet: false, innbetalingMedUplassertBeloep: [], oversiktPerKravgruppe: [],
      totalOversikt: { sumStipulerteRenter: null, sumForfalteKrav: 900_000, sumIkkeForfalteKrav: 1_000_000, sumUplasserteInnbetalinger: null, saldo: 1_880_000 },
      aapentKravMedGjenstaaendeBeloep: [
        krav('P1', 'Restskatt', 1_000_000, 400_000, [forfall('P1-1', '2024-01-15', 1_000_000, 400_000, info(1), paid)]),
        krav('P2', 'Merverdiavgift', 800_000, 800_000, [forfall('P2-1', '2024-02-15', 300_000, 300_000, info(2)), forfall('P2-2', '2024-04-15', 500_000, 500_000, info(3))]),
        krav('P3', 'Arbeidsgiveravgift', 150_000, 150_000, [forfall('P3-1', '2024-02-01', 150_000, 150_000, info(4, { ...konto, kontonummer: '******24804', iban: null }))]),
        krav('P4', 'Forskuddstrekk', 50_000, 50_000, [forfall('P4-1', '2024-02-20', 50_000, 50_000, null)]),
        krav('P5', 'Forskuddsskatt', 500_000, 500_000, [forfall('P5-1', '2024-03-15', 500_000, 500_000, info(5))]),
        krav('P6', 'Tilbakebetaling', -20_000, -20_000, [forfall('P6-1', '2024-01-20', -20_000, -20_000, info(6))]),
      ] };
  },
  /** Mounts <kravkit-oversikt> with a client over `routes`; resolves on the first kravkit-loaded,
   * -consent-required or -error event with { type, detail }. With `own`, no client is given: the element builds
   * its own from the `base-url` in `attrs` and `session` (a string), or, with `provider`, a sessionProvider giving
   * `token-1`, `token-2`, ... (calls counted in kk.providerCalls). */
  mount({ party = '212201782', lang = 'nb', today = '2023-03-01', routes, attrs = {}, session = 'token-1', own = false, provider = false } = {}) {
    const host = document.getElementById('host');
    host.replaceChildren();
    window.kk.requests = [];
    const el = document.createElement('kravkit-oversikt');
    el.setAttribute('party', party);
    el.setAttribute('lang', lang);
    if (today) el.setAttribute('today', today);
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
    if (!own) {
      el.client = new kravkit.KravClient({ baseUrl: 'https://worker.test', session, fetch: window.kk.fetchFrom(routes), navigate: (u) => { window.kk.navigated = u; } });
    } else if (provider) {
      window.kk.providerCalls = 0;
      el.sessionProvider = async () => `token-${++window.kk.providerCalls}`;
    } else if (session) {
      el.session = session;
    }
    window.kk.events = [];
    const done = new Promise((resolve) => {
      el.addEventListener('kravkit-pay', (e) => {
        window.kk.events.push({ type: 'kravkit-pay', detail: e.detail });
        if (window.kk.takeOverPay) e.preventDefault();
      });
      for (const type of ['kravkit-ready', 'kravkit-loaded', 'kravkit-consent-required', 'kravkit-error', 'kravkit-consent-expiring']) {
        el.addEventListener(type, (e) => {
          window.kk.events.push({ type, detail: e.detail });
          if (type !== 'kravkit-ready') resolve({ type, detail: e.detail });
        });
      }
    });
    host.append(el);
    window.kk.el = el;
    return done;
  },
  /** The standard routes: consent granted, and the four endpoints answering the fixtures. */
  routes(over = {}) {
    const f = window.kk.fixtures;
    return {
      'GET /v1/parties/212201782/consent': { party: '212201782', status: 'granted', mode: 'altinn3', validTo: '2023-05-30T10:00:00Z' },
      'GET /v1/parties/212201782/aapnekrav': f.aapnekrav,
      'GET /v1/parties/212201782/krav': f.krav,
      'GET /v1/parties/212201782/innbetalinger': f.innbetalinger,
      'GET /v1/parties/212201782/utbetalinger': f.utbetalinger,
      ...over,
    };
  },
};
