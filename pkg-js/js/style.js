// The stylesheet of <kravkit-oversikt>: one constructable stylesheet (no <style> element, no style attribute), so a
// strict Content-Security-Policy (style-src 'self') passes. Theming goes through the documented --kravkit-*
// custom properties and ::part(container).

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

/** The shared stylesheet, made on first use. */
export function stylesheet() {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
  }
  return sheet;
}
