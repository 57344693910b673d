#!/usr/bin/env bash
# Installs whatever Folio's build and tests need and is not there yet, from the package
# registries only (Debian apt, crates.io, npm): nothing is downloaded from anywhere else.
# Idempotent: each step checks first, so a second run takes a second or two.
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.22.1
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
say() { printf '\033[1msetup:\033[0m %s\n' "$*"; }

# Building tools from source on 2 cores: skip fat LTO, it quarters the install time.
fast_install() {
  CARGO_PROFILE_RELEASE_LTO=off CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 CARGO_PROFILE_RELEASE_OPT_LEVEL=2 \
    cargo install "$@"
}

# 1. Debian packages: Chromium and its driver for browser tests, brotli for size figures.
need_apt=()
command -v chromium >/dev/null || need_apt+=(chromium)
command -v chromedriver >/dev/null || need_apt+=(chromium-driver)
command -v brotli >/dev/null || need_apt+=(brotli)
if ((${#need_apt[@]})); then
  say "apt-get install ${need_apt[*]}"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

# 2. The wasm32 target.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# 3. wasm-bindgen-cli at exactly the version Cargo.lock pins (and Trunk.toml names).
WB_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)
grep -q "wasm_bindgen = \"$WB_VERSION\"" Trunk.toml || {
  echo "setup: Trunk.toml's wasm_bindgen pin differs from Cargo.lock ($WB_VERSION); update Trunk.toml" >&2
  exit 1
}
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WB_VERSION" ]; then
  say "cargo install wasm-bindgen-cli $WB_VERSION (about 2 minutes)"
  # Not --locked: its lock file pins a webpki-roots release the registry no longer has.
  fast_install wasm-bindgen-cli --version "=$WB_VERSION"
fi

# 3b. wasm-split's CLI, which cuts the app's WASM into the shell and the chunks loaded on demand
# (scripts/split-wasm.mjs, Trunk's post-build hook); the release wasm_split_helpers in Cargo.lock
# was made with.
WS_VERSION=0.2.4
if ! cargo install --list | grep -qx "wasm_split_cli_support v$WS_VERSION:"; then
  say "cargo install wasm_split_cli_support $WS_VERSION (about 3 minutes)"
  fast_install --locked wasm_split_cli_support --version "=$WS_VERSION" --features build-binary
fi

# 4. Trunk.
if [ "$(trunk --version 2>/dev/null | awk '{print $2}')" != "$TRUNK_VERSION" ]; then
  say "cargo install trunk $TRUNK_VERSION (about 8 minutes on 2 cores)"
  # Every 0.22 release declares a newer rustc than it needs.
  fast_install --locked --ignore-rust-version trunk --version "$TRUNK_VERSION"
fi

# 5. npm tools: wasm-opt (binaryen, pinned in Trunk.toml), terser (the split glue's minifier),
# playwright-core, axe-core.
if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -d node_modules/terser ] || [ ! -d node_modules/playwright-core ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi

# 6. Crates, so that Trunk's offline build finds them.
cargo fetch --quiet
