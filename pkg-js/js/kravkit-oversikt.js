// <kravkit-oversikt>: a custom element showing a party's claims and payments from Skatteetaten through the kravkit
// Worker. The DOM layer only: data, order, flags, formatting, CSV and every label come from wasm (the `kit` passed
// to defineKravkitOversikt). Text from the API enters the DOM through text nodes and attributes only, never as
// HTML; styles come from one constructable stylesheet, so a strict Content-Security-Policy passes. One module on
// purpose: the wasm-bindgen browser tests load it as a snippet, and a snippet cannot import its neighbours.

const PAGE = 50;
const TABS = ['aapnekrav', 'krav', 'innbetalinger', 'utbetalinger'];
const TAB_LABEL = { aapnekrav: 'faneAapne', krav: 'faneKrav', innbetalinger: 'faneInnbetalinger', utbetalinger: 'faneUtbetalinger' };
const CONSENT_NOTICE = { denied: 'samtykkeAvslaatt', expired: 'samtykkeUtloept', revoked: 'samtykkeTrukket', pending: 'samtykkeVenter' };
const CONSENT_CODES = { consent_required: 'none', consent_revoked: 'revoked' };
const SVG = 'http://www.w3.org/2000/svg';

const CSS = `
:host { display: block; container-type: inline-size;
  --_text: var(--kravkit-color-text, #1b1f24); --_muted: var(--kravkit-color-muted, #57606a);
  --_bg: var(--kravkit-color-background, #ffffff); --_surface: var(--kravkit-color-surface, #f6f8fa);
  --_border: var(--kravkit-color-border, #d0d7de); --_accent: var(--kravkit-color-accent, #0b5cad);
  --_on-accent: var(--kravkit-color-accent-text, #ffffff); --_overdue: var(--kravkit-color-overdue, #b42318);
  --_due: var(--kravkit-color-due, #0b5cad); --_ok: var(--kravkit-color-ok, #1a7f37);
  --_focus: var(--kravkit-color-focus, #0b5cad); --_radius: var(--kravkit-radius, 8px);
  --_space: var(--kravkit-spacing, 1rem);
  font-family: var(--kravkit-font-family, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif);
  font-size: var(--kravkit-font-size, 1rem); line-height: 1.5; color: var(--_text); }
@media (prefers-color-scheme: dark) { :host(:not([theme="light"])) {
  --_text: var(--kravkit-color-text, #e6edf3); --_muted: var(--kravkit-color-muted, #9da7b3);
  --_bg: var(--kravkit-color-background, #0d1117); --_surface: var(--kravkit-color-surface, #161b22);
  --_border: var(--kravkit-color-border, #3d444d); --_accent: var(--kravkit-color-accent, #58a6ff);
  --_on-accent: var(--kravkit-color-accent-text, #0d1117); --_overdue: var(--kravkit-color-overdue, #ff7b72);
  --_due: var(--kravkit-color-due, #58a6ff); --_ok: var(--kravkit-color-ok, #56d364); --_focus: var(--kravkit-color-focus, #79c0ff); } }
:host([theme="dark"]) {
  --_text: var(--kravkit-color-text, #e6edf3); --_muted: var(--kravkit-color-muted, #9da7b3);
  --_bg: var(--kravkit-color-background, #0d1117); --_surface: var(--kravkit-color-surface, #161b22);
  --_border: var(--kravkit-color-border, #3d444d); --_accent: var(--kravkit-color-accent, #58a6ff);
  --_on-accent: var(--kravkit-color-accent-text, #0d1117); --_overdue: var(--kravkit-color-overdue, #ff7b72);
  --_due: var(--kravkit-color-due, #58a6ff); --_ok: var(--kravkit-color-ok, #56d364); --_focus: var(--kravkit-color-focus, #79c0ff); }
:host([hidden]) { display: none; }
* { box-sizing: border-box; }
.kk { background: var(--_bg); border: 1px solid var(--_border); border-radius: var(--_radius); padding: var(--_space); }
.kk-head { display: flex; flex-wrap: wrap; gap: .25rem 1rem; align-items: baseline; margin-bottom: var(--_space); }
h2, h3, h4 { margin: 0; line-height: 1.25; }
h2 { font-size: 1.25em; } h3 { font-size: 1.1em; margin-bottom: .5rem; } h4 { font-size: 1em; margin: .75rem 0 .25rem; }
p { margin: 0 0 .75rem; }
.kk-party, .kk-muted { color: var(--_muted); }
button { font: inherit; color: inherit; cursor: pointer; border-radius: calc(var(--_radius) / 2); }
button:disabled { cursor: progress; opacity: .7; }
:focus-visible { outline: 3px solid var(--_focus); outline-offset: 2px; }
.kk-primary { background: var(--_accent); color: var(--_on-accent); border: 1px solid var(--_accent); padding: .6rem 1.1rem; font-weight: 600; }
.kk-secondary { background: var(--_bg); border: 1px solid var(--_border); padding: .4rem .8rem; }
.kk-link { background: none; border: 0; padding: 0; color: var(--_accent); text-decoration: underline; }
.kk-sr { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
.kk-notice { border-left: 4px solid var(--_overdue); padding: .25rem .75rem; background: var(--_surface); }
ul.kk-list { margin: 0 0 .75rem; padding-left: 1.25rem; }
.kk-tabs { display: flex; flex-wrap: wrap; gap: .25rem; border-bottom: 1px solid var(--_border); margin-bottom: var(--_space); }
[role="tab"] { background: none; border: 0; border-bottom: 3px solid transparent; border-radius: 0; padding: .5rem .75rem; color: var(--_muted); }
[role="tab"][aria-selected="true"] { color: var(--_text); border-bottom-color: var(--_accent); font-weight: 600; }
[role="tabpanel"] { outline-offset: 4px; }
.kk-totals { display: grid; grid-template-columns: repeat(auto-fit, minmax(11rem, 1fr)); gap: .5rem; margin: 0 0 var(--_space); }
.kk-totals div { background: var(--_surface); border-radius: var(--_radius); padding: .6rem .75rem; }
.kk-totals dt { color: var(--_muted); font-size: .875em; }
.kk-totals dd { margin: 0; font-size: 1.15em; font-weight: 600; font-variant-numeric: tabular-nums; white-space: nowrap; }
.kk-totals .kk-t-saldo dd { font-size: 1.3em; }
.kk-totals .kk-t-forfalt.kk-nonzero dd { color: var(--_overdue); }
.kk-chart { margin: 0 0 var(--_space); }
.kk-chart figcaption { font-weight: 600; margin-bottom: .25rem; }
.kk-chart ul { list-style: none; margin: 0; padding: 0; }
.kk-chart li { display: grid; grid-template-columns: minmax(6rem, 12rem) 1fr auto; gap: .75rem; align-items: center; padding: .15rem 0; }
.kk-chart svg { width: 100%; height: .9rem; display: block; }
.kk-chart .kk-bar-bg { fill: var(--_surface); } .kk-bar-forfalt { fill: var(--_overdue); } .kk-bar-ikke { fill: var(--_due); }
.kk-legend { display: flex; gap: 1rem; font-size: .875em; color: var(--_muted); margin-top: .25rem; }
.kk-legend span::before { content: ""; display: inline-block; width: .75em; height: .75em; margin-right: .35em; border-radius: 2px; vertical-align: -.05em; }
.kk-legend .kk-l-forfalt::before { background: var(--_overdue); } .kk-legend .kk-l-ikke::before { background: var(--_due); }
.kk-num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.kk-toolbar { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center; justify-content: space-between; margin-bottom: .5rem; }
.kk-scroll { overflow-x: auto; }
table { width: 100%; border-collapse: collapse; }
th, td { text-align: left; padding: .45rem .5rem; border-bottom: 1px solid var(--_border); vertical-align: top; }
th { font-size: .875em; color: var(--_muted); font-weight: 600; }
th.kk-num { text-align: right; }
tr.kk-overdue > td:first-child { box-shadow: inset 3px 0 0 var(--_overdue); }
.kk-exp { background: none; border: 0; padding: 0; text-align: left; color: var(--_accent); text-decoration: underline; text-underline-offset: 2px; }
.kk-exp::before { content: "▸"; display: inline-block; width: 1em; text-decoration: none; }
.kk-exp[aria-expanded="true"]::before { content: "▾"; }
.kk-badge { display: inline-block; padding: 0 .45em; border-radius: 999px; font-size: .85em; border: 1px solid currentColor; white-space: nowrap; }
.kk-s-overdue { color: var(--_overdue); font-weight: 600; } .kk-s-paid { color: var(--_ok); } .kk-s-due, .kk-s-credit { color: var(--_muted); }
tr.kk-detail > td { background: var(--_surface); padding: .75rem 1rem 1rem; }
.kk-section + .kk-section { margin-top: 1rem; }
.kk-section h3 { font-size: 1em; margin: 0 0 .35rem; }
.kk-fields { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; margin: 0; }
.kk-fields dt { color: var(--_muted); }
.kk-fields dd { margin: 0; overflow-wrap: anywhere; }
.kk-copy { margin-left: .5rem; padding: 0 .5rem; background: var(--_bg); border: 1px solid var(--_border); font-size: .85em; }
.kk-sub { margin-top: .5rem; font-size: .95em; }
.kk-sub caption { text-align: left; font-weight: 600; padding: .25rem 0; }
.kk-period fieldset { border: 1px solid var(--_border); border-radius: var(--_radius); margin: 0 0 var(--_space); padding: .5rem .75rem .75rem; display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: end; }
.kk-period legend { font-weight: 600; padding: 0 .25rem; }
.kk-period label { display: flex; flex-direction: column; font-size: .9em; }
.kk-period input { font: inherit; color: var(--_text); background: var(--_bg); border: 1px solid var(--_border); border-radius: calc(var(--_radius) / 2); padding: .3rem .4rem; color-scheme: light dark; }
.kk-period input[aria-invalid="true"] { border-color: var(--_overdue); }
.kk-period p { flex-basis: 100%; margin: 0; font-size: .875em; }
.kk-invalid { color: var(--_overdue); }
.kk-more { margin-top: .75rem; }
.kk-renew { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center; justify-content: space-between; margin-bottom: var(--_space); }
.kk-renew p { margin: 0; }
.kk-c-betal { white-space: nowrap; text-align: right; }
.kk-c-betal label { display: inline-flex; align-items: center; margin-right: .5rem; }
.kk-c-betal input { width: 1.1rem; height: 1.1rem; margin: 0; accent-color: var(--_accent); }
.kk-pay-btn { background: var(--_bg); border: 1px solid var(--_accent); color: var(--_accent); padding: .15rem .6rem; font-size: .9em; }
.kk-pay-actions { display: flex; flex-wrap: wrap; gap: .5rem; }
.kk-payment { border: 2px solid var(--_accent); border-radius: var(--_radius); padding: .75rem 1rem; margin: 0 0 var(--_space); }
.kk-payment ol { margin: .5rem 0; padding-left: 1.25rem; }
.kk-payment li + li { margin-top: .5rem; }
.kk-payment .kk-fields { margin-top: .25rem; }
.kk-foot { margin-top: var(--_space); padding-top: .75rem; border-top: 1px solid var(--_border); display: flex; flex-wrap: wrap; gap: .5rem 1rem; justify-content: space-between; font-size: .9em; }
.kk-error { border-left: 4px solid var(--_overdue); padding-left: .75rem; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: .95em; overflow-wrap: anywhere; }
.kk-skel { display: grid; gap: .6rem; }
.kk-skel div { height: 1.1rem; border-radius: 4px; background: var(--_surface); animation: kk-pulse 1.2s ease-in-out infinite alternate; }
.kk-skel .kk-skel-row { display: grid; grid-template-columns: repeat(3, 1fr); gap: .5rem; height: 3.5rem; background: none; animation: none; }
.kk-skel .kk-skel-row div { height: 100%; }
@keyframes kk-pulse { from { opacity: 1; } to { opacity: .45; } }
@media (prefers-reduced-motion: reduce) { .kk-skel div { animation: none; } }
@container (max-width: 34rem) { .kk-chart li { grid-template-columns: 1fr auto; } .kk-chart svg { grid-column: 1 / -1; grid-row: 2; } .kk-c-periode, .kk-c-opprinnelig { display: none; } }
`;

let sheet;
function stylesheet() {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
  }
  return sheet;
}

/** Creates an element. `props`: `class`, `text` (textContent), `on*` listeners, anything else an attribute. */
function h(tag, props, ...children) {
  const el = document.createElement(tag);
  setProps(el, props);
  for (const c of children) if (c != null && c !== false) el.append(c);
  return el;
}

function svg(tag, attrs) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  return el;
}

function setProps(el, props) {
  for (const [k, v] of Object.entries(props || {})) {
    if (v == null || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k === 'text') el.textContent = v;
    else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
}

function fill(text, values) {
  return text.replace(/\{(\w+)\}/g, (m, k) => (k in values ? String(values[k]) : m));
}

/**
 * Defines `<kravkit-oversikt>` (or `name`) with `kit`: the package's wasm exports (init, KravClient, labels,
 * errorMessage, checkPeriode, latestTilOgMed, earliestFraOgMed, defaultPeriode, today, formatDate, formatParty,
 * formatAmount, consentDaysLeft).
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
    static observedAttributes = ['base-url', 'party', 'lang', 'today', 'heading-level', 'pay'];

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
    #payable = null;
    #debtor = null;
    #selected = new Set(); // kravidentifikator of the rows chosen for payment
    #payment = null; // the payments shown in the element's own panel (a `kravkit-pay` nobody took over)
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
    /** Attribute `pay`: `none` switches the Pay actions off. */
    get pay() { return this.getAttribute('pay') === 'none' ? 'none' : 'auto'; }
    set pay(v) { if (v === 'none') this.setAttribute('pay', 'none'); else this.removeAttribute('pay'); }
    /** A function given each payment (a `Betaling`) that says whether this page lets it be paid; `null`: all. */
    get payable() { return this.#payable; }
    set payable(v) { this.#payable = typeof v === 'function' ? v : null; this.#render(); }
    /** `{ name, account, bic?, organisasjonsnummer? }`: who pays. When set, the payment panel offers the payments as
     * an ISO 20022 pain.001 file. */
    get debtor() { return this.#debtor; }
    set debtor(v) { this.#debtor = v && typeof v === 'object' ? v : null; this.#render(); }
    /** The state shown: idle, loading, consent, ready, shielded or error. */
    get state() { return this.#state.name; }

    connectedCallback() {
      if (!this.#body) this.#skeletonDom();
      this.#restart();
    }

    attributeChangedCallback(attr, old, value) {
      if (old === value || !this.#body) return;
      if (attr === 'lang' || attr === 'heading-level' || attr === 'pay') this.#render();
      else {
        if (attr === 'base-url') this.#ownClient = null;
        this.#restart();
      }
    }

    /** The open claims' payments of `selection` (`'all'`, `'overdue'`, or claim/instalment ids, e.g. those of a
     * `kravkit-pay` detail) as an ISO 20022 pain.001 file; `options` as for the package's `betalingsfil`. Throws
     * until the open claims are loaded. */
    betalingsfil(selection, options) {
      const view = this.#views.aapnekrav;
      if (!view) throw Object.assign(new Error('the open claims are not loaded yet'), { code: 'invalid_options', status: 0, korrelasjonsid: null });
      return view.betalingsfil(selection, options);
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
      this.#selected = new Set();
      this.#payment = null;
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
      const daysLeft = this.#daysLeft();
      if (daysLeft != null) this.#emit('kravkit-consent-expiring', { party: this.party, validTo: this.#consent.validTo, daysLeft });
    }

    /** The consent's days left once it is due for renewal (its last 14 days), else null. */
    #daysLeft() {
      const validTo = this.#consent?.validTo;
      if (!validTo) return null;
      try { return kit.consentDaysLeft(validTo, this.today || undefined) ?? null; } catch { return null; }
    }

    /** In a consent's last days: how many are left, and a new consent through Altinn before the old one ends. */
    #renewNotice() {
      const L = this.#L;
      const left = this.#daysLeft();
      if (left == null) return null;
      const dato = kit.formatDate(this.#consent.validTo.slice(0, 10), this.lang);
      const text = left === 0 ? L.samtykkeUtloeperIDag : fill(left === 1 ? L.samtykkeUtloeperIMorgen : L.samtykkeUtloeperOm, { n: left, dato });
      return h('div', { class: 'kk-notice kk-renew' }, h('p', { text }), this.#consentButton('kk-secondary kk-renew-btn', L.fornySamtykke));
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

    /** A button that starts a consent through Altinn (the page then goes there). */
    #consentButton(cls, text) {
      const button = h('button', { class: cls, type: 'button', text });
      button.addEventListener('click', async () => {
        button.disabled = true;
        try {
          await this.#clientFor().startConsent(this.party);
        } catch (e) {
          button.disabled = false;
          this.#fail(this.#gen, e);
        }
      });
      return button;
    }

    #consentView(notice) {
      const L = this.#L;
      const button = this.#consentButton('kk-primary', L.giSamtykke);
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
      return [this.#renewNotice(), tablist, panel, foot].filter(Boolean);
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
      const payable = tab === 'aapnekrav' && this.pay !== 'none' ? view.payable() : null;
      const payOn = !!payable?.any;
      if (payOn && this.#payment) panel.append(this.#paymentPanel(this.#payment));
      const page = view.page(lang, 0, this.#shown);
      const columns = view.columns(lang);
      const shown = h('p', { class: 'kk-shown kk-muted', text: page.shown });
      const csv = h('button', { class: 'kk-secondary kk-csv', type: 'button', text: L.lastNedCsv, onclick: () => this.#download(view) });
      const tbody = h('tbody');
      this.#appendRows(tbody, view, page.rows, columns, payOn);
      const table = h('table', {},
        h('caption', { class: 'kk-sr', text: L[TAB_LABEL[tab]] }),
        h('thead', {}, h('tr', {}, ...columns.map((c) => h('th', { scope: 'col', class: `kk-c-${c.key}${c.numeric ? ' kk-num' : ''}`, text: c.label })),
          payOn ? h('th', { scope: 'col', class: 'kk-c-betal' }, h('span', { class: 'kk-sr', text: L.betal })) : null)),
        tbody);
      panel.append(h('div', { class: 'kk-toolbar' }, shown, h('div', { class: 'kk-pay-actions' }, ...(payOn ? this.#payActions(view, payable) : []), csv)),
        h('div', { class: 'kk-scroll', role: 'region', 'aria-label': L[TAB_LABEL[tab]], tabindex: '0' }, table));
      if (page.end < page.total) {
        const more = h('button', { class: 'kk-secondary kk-more', type: 'button', text: L.visFlere });
        more.addEventListener('click', () => {
          const next = view.page(lang, this.#shown, PAGE);
          const first = this.#appendRows(tbody, view, next.rows, columns, payOn);
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

    /** Appends rows to `tbody` (with a Pay cell when `payOn`); returns the first new row's expander button. */
    #appendRows(tbody, view, rows, columns, payOn) {
      const frag = document.createDocumentFragment();
      let first = null;
      for (const row of rows) {
        const tr = h('tr', { 'data-id': row.id, class: row.status === 'overdue' ? 'kk-overdue' : null });
        const button = h('button', { class: 'kk-exp', type: 'button', 'aria-expanded': 'false', text: row.cells[0] });
        button.addEventListener('click', () => this.#toggle(tr, button, view, row.position, columns.length + (payOn ? 1 : 0)));
        first ??= button;
        row.cells.forEach((text, i) => {
          const c = columns[i];
          const td = h('td', { class: `kk-c-${c.key}${c.numeric ? ' kk-num' : ''}` });
          if (i === 0) td.append(button);
          else if (c.key === 'status' && row.status) td.append(h('span', { class: `kk-badge kk-s-${row.status}`, text }));
          else td.textContent = text;
          tr.append(td);
        });
        if (payOn) tr.append(this.#payCell(view, row));
        frag.append(tr);
      }
      tbody.append(frag);
      return first;
    }

    /** The payments of `selection` that this page lets be paid (the `payable` property), with their sum. */
    #paymentsFor(view, selection) {
      const b = view.betalinger(selection, this.lang);
      if (!b || !this.#payable) return b;
      const keep = [];
      for (const p of b.betalinger) {
        let ok = false;
        try { ok = this.#payable(p) !== false; } catch { /* a throwing check refuses */ }
        if (ok) keep.push(p);
        else b.skipped.push({ kravidentifikator: p.kravidentifikator, kravforfallsIdentifikator: p.kravforfallsIdentifikator, reason: 'refused_by_host' });
      }
      b.betalinger = keep;
      b.sum = keep.reduce((sum, p) => sum + p.beloep, 0);
      return b;
    }

    #payCell(view, row) {
      const L = this.#L;
      const td = h('td', { class: 'kk-c-betal' });
      if (!row.payable || (this.#payable && !this.#paymentsFor(view, [row.id]).betalinger.length)) return td;
      const title = row.cells[0];
      const box = h('input', { type: 'checkbox', name: `kk-pay-${row.id}`, 'data-pay': row.id });
      box.checked = this.#selected.has(row.id);
      box.addEventListener('change', () => {
        if (box.checked) this.#selected.add(row.id);
        else this.#selected.delete(row.id);
        const chosen = this.#root.querySelector('.kk-pay-selected');
        if (chosen) {
          chosen.textContent = fill(L.betalValgte, { n: this.#selected.size });
          chosen.hidden = this.#selected.size === 0;
        }
      });
      td.append(h('label', {}, box, h('span', { class: 'kk-sr', text: `${L.velgForBetaling}: ${title}` })),
        h('button', { class: 'kk-pay-btn', type: 'button', 'data-pay': row.id, onclick: () => this.#pay(view, [row.id]) },
          L.betal, h('span', { class: 'kk-sr', text: ` ${title}` })));
      return td;
    }

    #payActions(view, payable) {
      const L = this.#L;
      const out = [];
      if (payable.overdue) {
        out.push(h('button', { class: 'kk-secondary kk-pay-overdue', type: 'button', text: L.betalForfalte, onclick: () => this.#pay(view, 'overdue') }));
      }
      out.push(h('button', {
        class: 'kk-secondary kk-pay-selected', type: 'button', text: fill(L.betalValgte, { n: this.#selected.size }),
        hidden: this.#selected.size === 0, onclick: () => this.#pay(view, [...this.#selected]),
      }));
      return out;
    }

    /** Emits `kravkit-pay` for `selection`; unless the page takes it over (`preventDefault`), shows the payments. */
    #pay(view, selection) {
      const b = this.#paymentsFor(view, selection);
      if (!b) return;
      const detail = { party: this.party, selection: Array.isArray(selection) ? 'ids' : selection, ids: Array.isArray(selection) ? selection : null, ...b };
      const own = !b.betalinger.length || this.dispatchEvent(new CustomEvent('kravkit-pay', { detail, bubbles: true, composed: true, cancelable: true }));
      if (!own) return;
      this.#payment = detail;
      this.#render();
      this.#root.getElementById('kk-pay-title')?.focus();
    }

    #paymentPanel(p) {
      const L = this.#L;
      const lang = this.lang;
      const list = h('ol');
      for (const b of p.betalinger) {
        const dl = h('dl', { class: 'kk-fields' });
        const field = (label, value, copy) => {
          const dd = h('dd', {}, h('span', { text: value }));
          if (copy) dd.append(this.#copyButton({ label, copy }));
          dl.append(h('dt', { text: label }), dd);
        };
        field(L.kolBeloep, kit.formatAmount(b.beloep, lang));
        if (b.forfallsdato) field(L.kolForfall, kit.formatDate(b.forfallsdato, lang));
        if (b.konto.kontonummer) field(L.kontonummer, b.konto.kontonummer, b.konto.kontonummer);
        else field(L.iban, b.konto.iban, b.konto.iban);
        field(L.kid, b.kid, b.kid);
        list.append(h('li', { 'data-kid': b.kid }, h('strong', { text: b.beskrivelse }), dl));
      }
      const title = this.#heading(1, L.betalingTittel, 'kk-pay-title');
      title.tabIndex = -1;
      return h('section', { class: 'kk-payment', 'aria-labelledby': 'kk-pay-title' }, title,
        p.betalinger.length ? h('p', { text: L.betalingTekst }) : null,
        p.betalinger.length ? list : null,
        p.betalinger.length ? h('p', { class: 'kk-pay-sum', text: fill(L.betalingSum, { sum: kit.formatAmount(p.sum, lang) }) }) : null,
        p.skipped.length ? h('p', { class: 'kk-muted kk-pay-skipped', text: fill(L.betalingUtelatt, { n: p.skipped.length }) }) : null,
        this.#debtor && p.betalinger.length
          ? h('button', { class: 'kk-secondary kk-pay-file', type: 'button', text: L.lastNedBetalingsfil, onclick: () => this.#paymentFile(p) }) : null,
        h('button', { class: 'kk-secondary', type: 'button', text: L.lukk, onclick: () => { this.#payment = null; this.#render(); this.#root.getElementById('kk-panel')?.focus(); } }));
    }

    #paymentFile(p) {
      let xml;
      try {
        // The panel's payments by instalment (by claim where Skatteetaten names no instalment).
        const ids = p.betalinger.map((b) => b.kravforfallsIdentifikator ?? b.kravidentifikator);
        xml = this.betalingsfil(ids, { debtor: this.#debtor, earliest: this.today || undefined });
      } catch (e) {
        const error = { code: e?.code || 'invalid_options', status: 0, korrelasjonsid: null, message: String(e?.message ?? e) };
        this.#announce(error.message);
        this.#emit('kravkit-error', error);
        return;
      }
      this.#save(xml, 'application/xml;charset=utf-8', `kravkit-betaling-${this.party}-${this.today || kit.today()}.xml`);
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
      const payOn = view.kind === 'aapnekrav' && this.pay !== 'none';
      for (const section of detail?.sections ?? []) cell.append(this.#section(section, payOn ? view : null));
      tr.after(h('tr', { class: 'kk-detail', id }, cell));
      button.setAttribute('aria-expanded', 'true');
      button.setAttribute('aria-controls', id);
    }

    /** A detail section; with `payView`, an instalment that can be paid gets its own Pay button. */
    #section(s, payView) {
      const L = this.#L;
      const part = h('div', { class: 'kk-section' });
      if (s.title) {
        const title = this.#heading(1, s.title);
        if (s.status) title.append(' ', h('span', { class: `kk-badge kk-s-${s.status}`, text: L[{ overdue: 'statusForfalt', due: 'statusIkkeForfalt', paid: 'statusBetalt', credit: 'statusTilGode' }[s.status]] }));
        part.append(title);
      }
      if (s.pay && payView && (!this.#payable || this.#paymentsFor(payView, [s.pay]).betalinger.length)) {
        part.append(h('p', {}, h('button', { class: 'kk-pay-btn', type: 'button', 'data-pay': s.pay, onclick: () => this.#pay(payView, [s.pay]) },
          L.betal, h('span', { class: 'kk-sr', text: ` ${s.title ?? ''}` }))));
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
      this.#save(view.csv(this.lang), 'text/csv;charset=utf-8', view.csvFilename());
    }

    /** Hands `text` to the browser as a download named `filename`. */
    #save(text, type, filename) {
      const url = URL.createObjectURL(new Blob([text], { type }));
      const a = h('a', { href: url, download: filename, hidden: true });
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
