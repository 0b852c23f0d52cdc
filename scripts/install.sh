#!/usr/bin/env bash
# Installs whatever building, serving and testing the playground needs and is missing.
# Idempotent and pinned: a second run only checks versions and takes a few seconds.
# Exits non-zero, saying what failed and what to do, when something cannot be installed.
set -euo pipefail

TRUNK_VERSION=0.21.14          # 0.22 needs a newer rustc than these machines have
WASM_BINDGEN_VERSION=0.2.130   # must equal the wasm-bindgen crate pinned in Cargo.toml

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
say() { printf 'install: %s\n' "$*"; }
fail() { printf 'install: FAILED: %s\n' "$*" >&2; exit 1; }
have() { command -v "$1" >/dev/null 2>&1; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif have sudo; then sudo "$@"
  else fail "'$*' needs root; run it as root or install sudo"; fi
}

apt_updated=0
apt_install() {
  have apt-get || fail "apt-get is missing: install these Debian packages by hand: $*"
  if [ "$apt_updated" = 0 ]; then
    as_root apt-get update -qq || fail "apt-get update failed (is the Debian mirror reachable?)"
    apt_updated=1
  fi
  say "apt-get install $*"
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null || fail "apt-get install $* failed"
}

# Rust and its wasm target.
have cargo || fail "cargo is missing: install the Rust toolchain (rustup) first"
if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown || fail "rustup target add wasm32-unknown-unknown failed"
fi

# The standard library's source, which the page's build compiles with the page's own
# size settings (scripts/trunk.sh).
if ! rustup component list --installed 2>/dev/null | grep -qx rust-src; then
  say "adding the rust-src component"
  rustup component add rust-src || fail "rustup component add rust-src failed"
fi
# ... and the crates that source depends on, fetched once so the page's offline build finds
# them (quick and without network when they are already in cargo's cache).
std_lib="$(rustc --print sysroot)/lib/rustlib/src/rust/library/Cargo.toml"
if ! RUSTC_BOOTSTRAP=1 cargo fetch --offline --manifest-path "$std_lib" >/dev/null 2>&1; then
  say "fetching the standard library's dependencies"
  RUSTC_BOOTSTRAP=1 cargo fetch --manifest-path "$std_lib" || fail "cargo fetch for the standard library's source failed"
fi

# Trunk, the wasm bundler.
if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
  say "cargo install trunk $TRUNK_VERSION (about 10 minutes, once per machine)"
  cargo install trunk --version "$TRUNK_VERSION" --locked || fail "cargo install trunk failed"
fi

# wasm-bindgen CLI (also provides wasm-bindgen-test-runner). Not --locked: its locked
# graph wants a webpki-roots version the registry no longer has.
if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
  say "cargo install wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 5 minutes, once per machine)"
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" || fail "cargo install wasm-bindgen-cli failed"
fi

# Node and the npm tools (binaryen's wasm-opt for Trunk, terser for the post-build hook,
# playwright-core and axe-core for the end-to-end tests), pinned by
# tools/package-lock.json into tools/node_modules.
if ! have node || ! have npm; then apt_install nodejs npm; fi
lock_sum=$(sha256sum "$root/tools/package-lock.json" | cut -d' ' -f1)
stamp="$root/tools/node_modules/.installed-lock"
if [ "$(cat "$stamp" 2>/dev/null)" != "$lock_sum" ]; then
  say "npm ci in tools/"
  (cd "$root/tools" && npm ci --no-audit --no-fund --loglevel=error) || fail "npm ci in tools/ failed"
  echo "$lock_sum" > "$stamp"
fi
"$root/tools/node_modules/.bin/wasm-opt" --version | grep -q "version 132" || fail "tools/ has the wrong wasm-opt"

# Chromium and its matching driver, from Debian (no tool may download its own browser).
if ! have chromium || ! have chromedriver; then apt_install chromium chromium-driver; fi

say "all tools present"
