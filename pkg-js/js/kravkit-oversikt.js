// <kravkit-oversikt>: a custom element showing a party's claims and payments from Skatteetaten through the kravkit
// Worker. The DOM layer only: data, order, flags, formatting, CSV and every label come from wasm (the `kit` passed
// to defineKravkitOversikt). Text from the API enters the DOM through text nodes and attributes only, never as
// HTML; styles come from one constructable stylesheet, so a strict Content-Security-Policy passes.

import { fill, h, svg } from './dom.js';
import { stylesheet } from './style.js';

const PAGE = 50;
const TABS = ['aapnekrav', 'krav', 'innbetalinger', 'utbetalinger'];
const TAB_LABEL = { aapnekrav: 'faneAapne', krav: 'faneKrav', innbetalinger: 'faneInnbetalinger', utbetalinger: 'faneUtbetalinger' };
const CONSENT_NOTICE = { denied: 'samtykkeAvslaatt', expired: 'samtykkeUtloept', revoked: 'samtykkeTrukket', pending: 'samtykkeVenter' };
const CONSENT_CODES = { consent_required: 'none', consent_revoked: 'revoked' };

/**
 * Defines `<kravkit-oversikt>` (or `name`) with `kit`: the package's wasm exports (init, KravClient, labels,
 * errorMessage, checkPeriode, latestTilOgMed, earliestFraOgMed, defaultPeriode, today, formatDate, formatParty).
 * Returns the class; does nothing outside a browser or when the name is taken.
 */
export function defineKravkitOversikt(kit, name = 'kravkit-oversikt') {
  if (typeof customElements === 'undefined') return undefined;
  const existing = customElements.get(name);
  if (existing) return existing;
  let ready;
  let loaded = false; // until the wasm is instantiated, nothing may call into it (labels, formatting)
  const initOnce = () => (ready ??= Promise.resolve(kit.init()).then(() => { loaded = true; }));
  const labelCache = {};
  const labels = (lang) => (labelCache[lang] ??= kit.labels(lang));

  class KravkitOversikt extends HTMLElement {
    static observedAttributes = ['base-url', 'party', 'lang', 'today', 'heading-level'];

    #root;
    #session = null;
    #provider = null;
    #client = null;
    #ownClient = null;
    #gen = 0;
    #scheduled = false;
    #started = false;
    #state = { name: 'idle' };
    #tab = 'aapnekrav';
    #views = {};
    #periode = null;
    #draft = null; // the period picker's unsubmitted values, kept across re-renders (language, loaded data)
    #tabErrors = {};
    #shown = 0;
    #consent = null;
    #live;
    #body;

    constructor() {
      super();
      this.#root = this.attachShadow({ mode: 'open' });
      this.#root.adoptedStyleSheets = [stylesheet()];
    }

    get baseUrl() { return this.getAttribute('base-url') ?? ''; }
    set baseUrl(v) { this.setAttribute('base-url', v); }
    get party() { return this.getAttribute('party') ?? ''; }
    set party(v) { this.setAttribute('party', v); }
    get lang() { const l = this.getAttribute('lang'); return l === 'nn' || l === 'en' ? l : 'nb'; }
    set lang(v) { this.setAttribute('lang', v); }
    get today() { return this.getAttribute('today'); }
    set today(v) { if (v) this.setAttribute('today', v); else this.removeAttribute('today'); }
    /** A bearer token for the Worker. */
    get session() { return this.#session; }
    set session(v) { this.#session = v || null; this.#ownClient = null; this.#restart(); }
    /** A function returning a token (or a promise of one); called again after a 401. Wins over `session`. */
    get sessionProvider() { return this.#provider; }
    set sessionProvider(v) { this.#provider = typeof v === 'function' ? v : null; this.#ownClient = null; this.#restart(); }
    /** A ready KravClient to use instead of one built from `base-url` and the session. */
    get client() { return this.#client; }
    set client(v) { this.#client = v || null; this.#restart(); }
    /** The state shown: idle, loading, consent, ready, shielded or error. */
    get state() { return this.#state.name; }

    connectedCallback() {
      if (!this.#body) this.#skeletonDom();
      this.#restart();
    }

    attributeChangedCallback(attr, old, value) {
      if (old === value || !this.#body) return;
      if (attr === 'lang' || attr === 'heading-level') this.#render();
      else {
        if (attr === 'base-url') this.#ownClient = null;
        this.#restart();
      }
    }

    /** Loads everything again (as after a consent or a changed session). */
    reload() { this.#restart(); }

    get #L() { return labels(this.lang); }

    #clientFor() {
      if (this.#client) return this.#client;
      const session = this.#provider ?? this.#session;
      if (!session || !this.hasAttribute('base-url')) return null;
      this.#ownClient ??= new kit.KravClient({ baseUrl: this.baseUrl, session });
      return this.#ownClient;
    }

    #emit(type, detail) {
      this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
    }

    #announce(text) {
      if (this.#live) this.#live.textContent = text;
    }

    #skeletonDom() {
      this.#live = h('p', { class: 'kk-sr', role: 'status', 'aria-live': 'polite' });
      this.#body = h('div', { class: 'kk-body' });
      this.#root.replaceChildren(h('section', { class: 'kk', part: 'container' }, this.#body, this.#live));
    }

    #restart() {
      if (this.#scheduled) return;
      this.#scheduled = true;
      queueMicrotask(() => {
        this.#scheduled = false;
        if (this.isConnected) this.#start();
      });
    }

    async #start() {
      const gen = ++this.#gen;
      this.#views = {};
      this.#tabErrors = {};
      this.#tab = 'aapnekrav';
      this.#periode = null;
      this.#draft = null;
      this.#consent = null;
      const party = this.party;
      if (!party) return this.#set({ name: 'idle' });
      this.#set({ name: 'loading' });
      try {
        await initOnce();
      } catch (e) {
        return this.#fail(gen, e);
      }
      if (gen !== this.#gen) return;
      // The labels have arrived with the wasm: draw the loading state again, now with the heading, and announce it.
      this.#render();
      const client = this.#clientFor();
      if (!client) {
        // Nothing to call: say so instead of staying blank. Setting what is missing restarts the element.
        const missing = this.hasAttribute('base-url') ? 'a session or sessionProvider' : 'a base-url attribute';
        const err = Object.assign(new Error(`<${this.localName}> needs ${missing}, or a client`), { code: 'invalid_options', status: 0, korrelasjonsid: null });
        return this.#fail(gen, err);
      }
      if (!this.#started) {
        this.#started = true;
        this.#emit('kravkit-ready', { party });
      }
      let notice = null;
      try {
        const back = client.handleReturn(location);
        // The Worker names an organisation on the return URL, never a person: a return without a party is a
        // person's, and this element started it if its own party is one.
        if (back && (back.party === party || (back.party == null && party.length === 11))) {
          history.replaceState(history.state, '', back.cleanUrl);
          if (back.outcome === 'denied') notice = 'samtykkeAvslaatt';
          if (back.outcome === 'failed') {
            const err = Object.assign(new Error('consent failed'), { code: back.error || 'consent_failed', status: 0, korrelasjonsid: null });
            return this.#fail(gen, err);
          }
        }
      } catch { /* no usable location: nothing to handle */ }
      // The status first: asking for data without consent would be an expected 403, which browsers log as an error.
      let consent;
      try {
        consent = await client.consentStatus(party);
      } catch (e) {
        return this.#fail(gen, e);
      }
      if (gen !== this.#gen) return;
      this.#consent = consent;
      if (consent.status !== 'granted') return this.#needConsent(gen, consent.status, notice);
      try {
        const view = await client.visning('aapnekrav', party, null, this.today || undefined);
        if (gen !== this.#gen) return;
        this.#loaded(view);
      } catch (e) {
        this.#fail(gen, e);
      }
    }

    #needConsent(gen, status, notice) {
      if (gen !== this.#gen) return;
      this.#set({ name: 'consent', notice: notice ?? CONSENT_NOTICE[status] ?? null });
      this.#emit('kravkit-consent-required', { party: this.party, status });
    }

    #fail(gen, e) {
      if (gen !== this.#gen) return;
      const code = e?.code || 'internal';
      if (CONSENT_CODES[code]) return this.#needConsent(gen, CONSENT_CODES[code], null);
      const error = { code, status: e?.status ?? 0, korrelasjonsid: e?.korrelasjonsid ?? null, message: String(e?.message ?? e) };
      this.#set({ name: 'error', error });
      this.#emit('kravkit-error', error);
    }

    #loaded(view) {
      this.#views[view.kind] = view;
      if (view.kind === 'aapnekrav' && view.skjermet) {
        this.#set({ name: 'shielded' });
      } else {
        this.#shown = Math.min(PAGE, view.length);
        this.#set({ name: 'ready' });
      }
      const { total, overdue } = view.counts();
      this.#emit('kravkit-loaded', { party: this.party, view: view.kind, total, overdue, skjermet: view.skjermet });
    }

    #set(state) {
      this.#state = state;
      this.#render();
    }

    #heading(level, text, id) {
      const n = Math.min(6, Math.max(1, Number(this.getAttribute('heading-level')) || 2)) + level;
      return h(`h${Math.min(6, n)}`, { text, id });
    }

    #render() {
      const s = this.#state;
      const body = this.#body;
      if (!body) return;
      body.removeAttribute('aria-busy');
      if (s.name === 'idle') return body.replaceChildren();
      if (!loaded) {
        body.setAttribute('aria-busy', 'true');
        return body.replaceChildren(...this.#skeleton());
      }
      const L = this.#L;
      const head = h('header', { class: 'kk-head' }, this.#heading(0, L.tittel, 'kk-title'),
        h('span', { class: 'kk-party', text: kit.formatParty(this.party, this.lang) }));
      body.parentElement.setAttribute('aria-labelledby', 'kk-title');
      const content = {
        loading: () => this.#loading(),
        consent: () => this.#consentView(s.notice),
        error: () => this.#errorView(s.error),
        shielded: () => [h('div', { class: 'kk-empty' }, this.#heading(1, L.skjermetTittel), h('p', { text: L.skjermetTekst }))],
        ready: () => this.#readyView(),
      }[s.name]();
      // Re-rendering replaces the nodes: keep the focus on the same control (a tab, the panel, a period input).
      const active = this.#root.activeElement;
      const focusKey = active?.id ? `#${active.id}` : active?.name ? `input[name="${active.name}"]` : null;
      body.replaceChildren(head, ...content);
      if (focusKey && !this.#root.activeElement) this.#root.querySelector(focusKey)?.focus({ preventScroll: true });
    }

    #loading() {
      this.#body.setAttribute('aria-busy', 'true');
      this.#announce(this.#L.laster);
      return this.#skeleton();
    }

    #skeleton() {
      return [h('div', { class: 'kk-skel', 'aria-hidden': 'true' },
        h('div', { class: 'kk-skel-row' }, h('div'), h('div'), h('div')), h('div'), h('div'), h('div'), h('div'))];
    }

    #consentView(notice) {
      const L = this.#L;
      const button = h('button', { class: 'kk-primary', type: 'button', text: L.giSamtykke });
      button.addEventListener('click', async () => {
        button.disabled = true;
        try {
          await this.#clientFor().startConsent(this.party);
        } catch (e) {
          button.disabled = false;
          this.#fail(this.#gen, e);
        }
      });
      return [h('div', { class: 'kk-consent' },
        this.#heading(1, L.samtykkeTittel),
        notice ? h('p', { class: 'kk-notice', text: L[notice] }) : null,
        h('p', { text: L.samtykkeTekst }),
        h('p', { text: L.samtykkeDeles }),
        h('ul', { class: 'kk-list' }, h('li', { text: L.samtykkeDel1 }), h('li', { text: L.samtykkeDel2 })),
        h('p', { text: L.samtykkeVarighet }),
        button)];
    }

    /** The error block: plain message, korrelasjonsid, code and (unless retrying cannot help) a retry button. */
    #errorView(error, retry = () => this.#restart()) {
      const L = this.#L;
      const button = error.code === 'invalid_options' ? null : h('button', { class: 'kk-primary', type: 'button', text: L.proevIgjen, onclick: retry });
      return [h('div', { class: 'kk-error', role: 'alert' },
        this.#heading(1, L.feilTittel),
        h('p', { text: kit.errorMessage(error.code, this.lang) }),
        error.korrelasjonsid ? h('p', {}, `${L.referanse}: `, h('code', { text: error.korrelasjonsid })) : null,
        h('p', { class: 'kk-muted' }, `${L.feilkode}: `, h('code', { text: error.code })),
        button)];
    }

    #readyView() {
      const L = this.#L;
      const tablist = h('div', { class: 'kk-tabs', role: 'tablist', 'aria-label': L.visninger });
      for (const tab of TABS) {
        const selected = tab === this.#tab;
        tablist.append(h('button', {
          type: 'button', role: 'tab', id: `kk-tab-${tab}`, 'aria-selected': String(selected), 'aria-controls': 'kk-panel',
          tabindex: selected ? '0' : '-1', text: L[TAB_LABEL[tab]], 'data-tab': tab,
        }));
      }
      tablist.addEventListener('click', (e) => {
        const tab = e.target.closest('[role="tab"]');
        if (tab) this.#select(tab.dataset.tab, true);
      });
      tablist.addEventListener('keydown', (e) => this.#tabKey(e, tablist));
      const panel = h('div', { role: 'tabpanel', id: 'kk-panel', 'aria-labelledby': `kk-tab-${this.#tab}`, tabindex: '0' });
      this.#fillPanel(panel);
      const foot = h('footer', { class: 'kk-foot' });
      const validTo = this.#consent?.validTo?.slice(0, 10);
      if (validTo && /^\d{4}-\d{2}-\d{2}$/.test(validTo)) {
        foot.append(h('span', { class: 'kk-muted', text: fill(L.samtykkeGyldigTil, { dato: kit.formatDate(validTo, this.lang) }) }));
      }
      foot.append(h('button', { class: 'kk-link', type: 'button', text: L.fjernTilgang, onclick: () => this.#revoke() }));
      return [tablist, panel, foot];
    }

    #tabKey(e, tablist) {
      const tabs = [...tablist.querySelectorAll('[role="tab"]')];
      const at = tabs.indexOf(this.#root.activeElement);
      if (at < 0) return;
      const to = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: tabs.length - 1 }[e.key];
      if (to !== undefined) {
        e.preventDefault();
        tabs[(to + tabs.length) % tabs.length].focus();
      } else if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        this.#select(tabs[at].dataset.tab, true);
      }
    }

    async #select(tab, focus) {
      if (tab === this.#tab && (this.#views[tab] !== undefined || this.#tabErrors[tab])) return;
      delete this.#tabErrors[tab]; // coming back to a tab that failed tries it again
      this.#tab = tab;
      this.#render();
      if (focus) this.#root.getElementById(`kk-tab-${tab}`)?.focus();
      if (this.#views[tab] === undefined) await this.#loadTab(tab);
    }

    async #loadTab(tab) {
      const gen = this.#gen;
      this.#periode ??= kit.defaultPeriode(this.today || undefined);
      const panel = this.#root.getElementById('kk-panel');
      if (panel) {
        panel.setAttribute('aria-busy', 'true');
        this.#announce(this.#L.laster);
      }
      try {
        const view = await this.#clientFor().visning(tab, this.party, this.#periode, this.today || undefined);
        if (gen !== this.#gen || tab !== this.#tab) return;
        this.#views[tab] = view;
        this.#shown = Math.min(PAGE, view.length);
        this.#render();
        const { total, overdue } = view.counts();
        this.#emit('kravkit-loaded', { party: this.party, view: tab, total, overdue, skjermet: view.skjermet });
        this.#announce(this.#root.querySelector('.kk-shown')?.textContent ?? '');
      } catch (e) {
        if (gen !== this.#gen || tab !== this.#tab) return;
        if (CONSENT_CODES[e?.code]) return this.#fail(gen, e);
        // Only this tab failed: the error goes in its panel; the overview, the tabs and the footer stay.
        const error = { code: e?.code || 'internal', status: e?.status ?? 0, korrelasjonsid: e?.korrelasjonsid ?? null, message: String(e?.message ?? e), view: tab };
        this.#tabErrors[tab] = error;
        this.#render();
        this.#emit('kravkit-error', error);
      }
    }

    #retryTab(tab) {
      delete this.#tabErrors[tab];
      this.#render();
      this.#root.getElementById('kk-panel')?.focus();
      this.#loadTab(tab);
    }

    #fillPanel(panel) {
      const L = this.#L;
      const lang = this.lang;
      const tab = this.#tab;
      const view = this.#views[tab];
      if (tab !== 'aapnekrav') panel.append(this.#periodForm());
      const error = this.#tabErrors[tab];
      if (error) {
        panel.append(...this.#errorView(error, () => this.#retryTab(tab)));
        return;
      }
      if (view === undefined) {
        panel.setAttribute('aria-busy', 'true');
        panel.append(...this.#loading());
        return;
      }
      if (view.length === 0) {
        if (tab === 'aapnekrav') panel.append(...this.#summary(view.summary(lang)));
        panel.append(h('p', { class: 'kk-empty', text: tab === 'aapnekrav' ? L.ingenAapne : L.ingenIPerioden }));
        return;
      }
      if (tab === 'aapnekrav') panel.append(...this.#summary(view.summary(lang)));
      const page = view.page(lang, 0, this.#shown);
      const columns = view.columns(lang);
      const shown = h('p', { class: 'kk-shown kk-muted', text: page.shown });
      const csv = h('button', { class: 'kk-secondary', type: 'button', text: L.lastNedCsv, onclick: () => this.#download(view) });
      const tbody = h('tbody');
      this.#appendRows(tbody, view, page.rows, columns);
      const table = h('table', {},
        h('caption', { class: 'kk-sr', text: L[TAB_LABEL[tab]] }),
        h('thead', {}, h('tr', {}, ...columns.map((c) => h('th', { scope: 'col', class: `kk-c-${c.key}${c.numeric ? ' kk-num' : ''}`, text: c.label })))),
        tbody);
      panel.append(h('div', { class: 'kk-toolbar' }, shown, csv),
        h('div', { class: 'kk-scroll', role: 'region', 'aria-label': L[TAB_LABEL[tab]], tabindex: '0' }, table));
      if (page.end < page.total) {
        const more = h('button', { class: 'kk-secondary kk-more', type: 'button', text: L.visFlere });
        more.addEventListener('click', () => {
          const next = view.page(lang, this.#shown, PAGE);
          const first = this.#appendRows(tbody, view, next.rows, columns);
          this.#shown = next.end;
          shown.textContent = next.shown;
          this.#announce(next.shown);
          if (next.end >= next.total) {
            more.remove();
            first?.focus();
          }
        });
        panel.append(more);
      }
    }

    /** Appends rows to `tbody`; returns the first new row's expander button. */
    #appendRows(tbody, view, rows, columns) {
      const frag = document.createDocumentFragment();
      let first = null;
      for (const row of rows) {
        const tr = h('tr', { 'data-id': row.id, class: row.status === 'overdue' ? 'kk-overdue' : null });
        const button = h('button', { class: 'kk-exp', type: 'button', 'aria-expanded': 'false', text: row.cells[0] });
        button.addEventListener('click', () => this.#toggle(tr, button, view, row.position, columns.length));
        first ??= button;
        row.cells.forEach((text, i) => {
          const c = columns[i];
          const td = h('td', { class: `kk-c-${c.key}${c.numeric ? ' kk-num' : ''}` });
          if (i === 0) td.append(button);
          else if (c.key === 'status' && row.status) td.append(h('span', { class: `kk-badge kk-s-${row.status}`, text }));
          else td.textContent = text;
          tr.append(td);
        });
        frag.append(tr);
      }
      tbody.append(frag);
      return first;
    }

    #toggle(tr, button, view, position, width) {
      const open = button.getAttribute('aria-expanded') === 'true';
      if (open) {
        tr.nextElementSibling?.classList.contains('kk-detail') && tr.nextElementSibling.remove();
        button.setAttribute('aria-expanded', 'false');
        button.removeAttribute('aria-controls');
        return;
      }
      const id = `kk-d-${view.kind}-${position}`;
      const detail = view.detail(this.lang, position);
      const cell = h('td', { colspan: String(width) });
      for (const section of detail?.sections ?? []) cell.append(this.#section(section));
      tr.after(h('tr', { class: 'kk-detail', id }, cell));
      button.setAttribute('aria-expanded', 'true');
      button.setAttribute('aria-controls', id);
    }

    #section(s) {
      const L = this.#L;
      const part = h('div', { class: 'kk-section' });
      if (s.title) {
        const title = this.#heading(1, s.title);
        if (s.status) title.append(' ', h('span', { class: `kk-badge kk-s-${s.status}`, text: L[{ overdue: 'statusForfalt', due: 'statusIkkeForfalt', paid: 'statusBetalt', credit: 'statusTilGode' }[s.status]] }));
        part.append(title);
      }
      if (s.fields.length) {
        const dl = h('dl', { class: 'kk-fields' });
        for (const f of s.fields) {
          const dd = h('dd', {}, h('span', { text: f.value }));
          if (f.copy) dd.append(this.#copyButton(f));
          dl.append(h('dt', { text: f.label }), dd);
        }
        part.append(dl);
      }
      if (s.table) {
        const t = s.table;
        part.append(h('table', { class: 'kk-sub' },
          h('caption', { text: t.caption }),
          h('thead', {}, h('tr', {}, ...t.columns.map((c) => h('th', { scope: 'col', class: c.numeric ? 'kk-num' : null, text: c.label })))),
          h('tbody', {}, ...t.rows.map((r) => h('tr', {}, ...r.map((text, i) => h('td', { class: t.columns[i]?.numeric ? 'kk-num' : null, text })))))));
      }
      return part;
    }

    #copyButton(field) {
      const L = this.#L;
      // The visible word, and what is copied for screen readers: "Kopier" + " Kontonummer" (no aria-label, so the
      // accessible name always contains the visible text, also while it says "Kopiert").
      const word = h('span', { text: L.kopier });
      const button = h('button', { class: 'kk-copy', type: 'button', 'data-copy': field.copy }, word, h('span', { class: 'kk-sr', text: ` ${field.label}` }));
      button.addEventListener('click', async () => {
        let ok = true;
        try {
          await navigator.clipboard.writeText(field.copy);
        } catch {
          ok = false;
          const range = document.createRange();
          range.selectNodeContents(button.previousElementSibling);
          const sel = getSelection();
          sel?.removeAllRanges();
          sel?.addRange(range);
        }
        word.textContent = ok ? L.kopiert : L.kopieringFeilet;
        this.#announce(ok ? `${L.kopiert}: ${field.label}` : L.kopieringFeilet);
        setTimeout(() => { word.textContent = L.kopier; }, 2000);
      });
      return button;
    }

    #summary(s) {
      const L = this.#L;
      const totals = h('dl', { class: 'kk-totals' }, ...s.totals.map((t) =>
        h('div', { class: `kk-t-${t.key}${t.oere !== 0 ? ' kk-nonzero' : ''}` }, h('dt', { text: t.label }), h('dd', { text: t.value }))));
      const out = [totals];
      if (s.count) out.push(h('p', { class: 'kk-muted', text: s.overdueText }));
      if (s.groups.length) {
        const list = h('ul');
        for (const g of s.groups) {
          const bar = svg('svg', { viewBox: '0 0 1000 10', preserveAspectRatio: 'none', 'aria-hidden': 'true', focusable: 'false' });
          bar.append(svg('rect', { class: 'kk-bar-bg', x: 0, y: 0, width: 1000, height: 10 }),
            svg('rect', { class: 'kk-bar-forfalt', x: 0, y: 0, width: g.forfaltBar, height: 10 }),
            svg('rect', { class: 'kk-bar-ikke', x: g.forfaltBar, y: 0, width: g.ikkeForfaltBar, height: 10 }));
          list.append(h('li', {},
            h('span', { 'aria-hidden': 'true', text: g.name }), bar,
            h('span', { class: 'kk-num', 'aria-hidden': 'true', text: g.saldo }),
            h('span', { class: 'kk-sr', text: g.description })));
        }
        out.push(h('figure', { class: 'kk-chart' }, h('figcaption', { text: L.perKravgruppe }), list,
          h('p', { class: 'kk-legend', 'aria-hidden': 'true' }, h('span', { class: 'kk-l-forfalt', text: L.forfalt }), h('span', { class: 'kk-l-ikke', text: L.ikkeForfalt }))));
      }
      return out;
    }

    #periodForm() {
      const L = this.#L;
      this.#periode ??= kit.defaultPeriode(this.today || undefined);
      // What the person typed but has not submitted wins over the period shown, so a re-render loses nothing.
      const shown = this.#draft ?? { ...this.#periode, invalid: false };
      const fra = h('input', { type: 'date', name: 'fraOgMed', required: true, value: shown.fraOgMed });
      const til = h('input', { type: 'date', name: 'tilOgMed', required: true, value: shown.tilOgMed, 'aria-describedby': 'kk-help' });
      const invalid = h('p', { class: 'kk-invalid', id: 'kk-invalid', role: 'alert' });
      const markInvalid = () => {
        invalid.textContent = L.periodeUgyldig;
        til.setAttribute('aria-invalid', 'true');
        til.setAttribute('aria-describedby', 'kk-help kk-invalid');
      };
      if (shown.invalid) markInvalid();
      const keep = () => { this.#draft = { fraOgMed: fra.value, tilOgMed: til.value, invalid: this.#draft?.invalid ?? false }; };
      fra.addEventListener('input', keep);
      til.addEventListener('input', keep);
      const bounds = () => {
        try { til.min = fra.value; til.max = kit.latestTilOgMed(fra.value); } catch { /* incomplete date */ }
        try { fra.max = til.value; fra.min = kit.earliestFraOgMed(til.value); } catch { /* incomplete date */ }
      };
      bounds();
      fra.addEventListener('change', bounds);
      til.addEventListener('change', bounds);
      const form = h('form', { class: 'kk-period', novalidate: true },
        h('fieldset', {}, h('legend', { text: L.periode }),
          h('label', {}, L.fraOgMed, fra), h('label', {}, L.tilOgMed, til),
          h('button', { class: 'kk-secondary', type: 'submit', text: L.visPeriode }),
          h('p', { class: 'kk-muted', id: 'kk-help', text: L.periodeHjelp }), invalid));
      form.addEventListener('submit', (e) => {
        e.preventDefault();
        try {
          kit.checkPeriode(fra.value, til.value);
        } catch {
          this.#draft = { fraOgMed: fra.value, tilOgMed: til.value, invalid: true };
          markInvalid();
          til.focus();
          return;
        }
        this.#periode = { fraOgMed: fra.value, tilOgMed: til.value };
        this.#draft = null;
        for (const t of TABS.slice(1)) {
          delete this.#views[t];
          delete this.#tabErrors[t];
        }
        this.#render();
        this.#loadTab(this.#tab);
      });
      return form;
    }

    #download(view) {
      const url = URL.createObjectURL(new Blob([view.csv(this.lang)], { type: 'text/csv;charset=utf-8' }));
      const a = h('a', { href: url, download: view.csvFilename(), hidden: true });
      this.#root.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    }

    async #revoke() {
      const gen = this.#gen;
      try {
        await this.#clientFor().revokeConsent(this.party);
        if (gen !== this.#gen) return;
        this.#views = {};
        this.#needConsent(gen, 'revoked', null);
      } catch (e) {
        this.#fail(gen, e);
      }
    }
  }

  customElements.define(name, KravkitOversikt);
  return KravkitOversikt;
}
