// Demo page: loads the kravkit wasm, parses an official example response, and renders its open claims.
// Text from the data enters the DOM only through textContent.
import init, { parseAapneKrav } from './pkg/kravkit_web.js';

const nok = new Intl.NumberFormat('nb-NO', { style: 'currency', currency: 'NOK' });
const kr = (ore) => nok.format(ore / 100);
const date = (iso) => (iso ? iso.split('-').reverse().join('.') : '');
const text = (t) => (t && (t.nb ?? t.nn ?? t.en ?? Object.values(t)[0])) || '';

function el(tag, content, className) {
  const e = document.createElement(tag);
  if (content !== undefined) e.textContent = content;
  if (className) e.className = className;
  return e;
}

async function main() {
  const status = document.getElementById('status');
  try {
    await init();
    const body = await (await fetch('./pkg/fixtures/aapnekrav.json')).text();
    const oversikt = parseAapneKrav(body);
    document.getElementById('party').textContent = oversikt.partIdentifikator;

    const totals = document.getElementById('totals');
    const t = oversikt.totalOversikt ?? {};
    for (const [label, value] of [
      ['Saldo', t.saldo], ['Forfalt', t.sumForfalteKrav], ['Ikke forfalt', t.sumIkkeForfalteKrav],
      ['Renter', t.sumStipulerteRenter], ['Uplassert innbetalt', t.sumUplasserteInnbetalinger],
    ]) {
      if (value === undefined || value === null) continue;
      const d = el('div');
      d.append(el('dt', label), el('dd', kr(value)));
      totals.append(d);
    }
    totals.setAttribute('aria-busy', 'false');

    const tbody = document.querySelector('#claims tbody');
    for (const krav of oversikt.aapentKravMedGjenstaaendeBeloep ?? []) {
      const tr = el('tr');
      tr.dataset.kravid = krav.kravidentifikator ?? '';
      const forfall = (krav.kravforfall ?? []).map((f) => f.forfallsdato).filter(Boolean).sort()[0];
      tr.append(el('td', text(krav.kravbeskrivelse) || krav.kravtype || ''), el('td', date(forfall)),
        el('td', kr(krav.gjenstaaendeBeloep ?? 0), 'num'));
      tbody.append(tr);
    }
    status.textContent = `${tbody.children.length} åpne krav`;
    document.body.dataset.state = 'ready';
  } catch (e) {
    status.textContent = `Kunne ikke vise kravene: ${e.message}`;
    status.className = 'error';
    document.body.dataset.state = 'error';
  }
}

main();
