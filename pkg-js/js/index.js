// The `kravkit` package entry: the wasm API, and <kravkit-oversikt> defined on import. `init()` loads the wasm
// once, however often and from wherever it is called; the element calls it itself.
import initWasm, * as wasm from './kravkit_web.js';
import { defineKravkitOversikt } from './kravkit-oversikt.js';

export * from './kravkit_web.js';
export { defineKravkitOversikt };

let loading;
/** Loads and instantiates the wasm (once). Pass `{ module_or_path }` to load it from elsewhere. */
export default function init(options) {
  loading ??= initWasm(options);
  return loading;
}

/** The `<kravkit-oversikt>` class (undefined outside a browser). */
export const KravkitOversikt = defineKravkitOversikt({ ...wasm, init });
