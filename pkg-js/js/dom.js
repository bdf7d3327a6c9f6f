// DOM building for <kravkit-oversikt>: text goes in through textContent and attributes only, never as HTML.

const SVG = 'http://www.w3.org/2000/svg';

/** Creates an element. `props`: `class`, `text` (textContent), `on*` listeners, anything else an attribute. */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  setProps(el, props);
  for (const c of children) if (c != null && c !== false) el.append(c);
  return el;
}

/** Creates an SVG element with attributes. */
export function svg(tag, attrs) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  return el;
}

/** Sets `class`, `text`, `on*` listeners and attributes. */
export function setProps(el, props) {
  for (const [k, v] of Object.entries(props || {})) {
    if (v == null || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k === 'text') el.textContent = v;
    else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
}

/** Fills `{name}` placeholders in a label. */
export function fill(text, values) {
  return text.replace(/\{(\w+)\}/g, (m, k) => (k in values ? String(values[k]) : m));
}
