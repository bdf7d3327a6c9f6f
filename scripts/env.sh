# Sourced by every script: the environment that keeps the toolchain offline and quiet. No side effects.
KRAVKIT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export KRAVKIT_ROOT
CARGO_BIN="${CARGO_HOME:-$HOME/.cargo}/bin"
export PATH="$KRAVKIT_ROOT/node_modules/.bin:$CARGO_BIN:$PATH"
# wrangler: no telemetry, no error-report prompt, no cf.json fetch, no interactive prompts.
export WRANGLER_SEND_METRICS=false WRANGLER_SEND_ERROR_REPORTS=false CLOUDFLARE_CF_FETCH_ENABLED=false
export CI="${CI:-true}"
# worker-build would download these from GitHub; point it at the installed ones instead.
export WASM_BINDGEN_BIN="$CARGO_BIN/wasm-bindgen"
export WASM_OPT_BIN="$KRAVKIT_ROOT/node_modules/.bin/wasm-opt"
export ESBUILD_BIN="$KRAVKIT_ROOT/node_modules/@esbuild/linux-x64/bin/esbuild"
# wasm-bindgen-test-runner: use Debian's chromedriver and chromium, never a download.
export CHROMEDRIVER=/usr/bin/chromedriver
export WASM_BINDGEN_TEST_WEBDRIVER_JSON="$KRAVKIT_ROOT/scripts/webdriver.json"
export CHROMIUM_BIN=/usr/bin/chromium
export WORKER_BUILD_VERSION=0.8.7
