#!/usr/bin/env bash
# Installs what is missing, then runs every check and test suite:
# format, clippy (native and wasm), the engine's no-ambient-randomness rule, native tests
# (engine, property tests, render tests), browser tests (wasm-bindgen-test in Chromium),
# the release build, its size report and budget, and the end-to-end tests in Chromium.
set -euo pipefail
bash "$(dirname "${BASH_SOURCE[0]}")/install.sh"
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

step() { printf '\n==> %s\n' "$1"; }

step "format"
cargo fmt --all --check

step "clippy (native)"
cargo clippy --workspace --all-targets --quiet -- -D warnings

step "clippy (wasm): the engine library, and the page with its browser tests"
cargo clippy -p sts-engine --lib --target wasm32-unknown-unknown --quiet -- -D warnings
cargo clippy -p sts-playground --lib --bins --tests --benches --target wasm32-unknown-unknown --quiet -- -D warnings

step "engine takes randomness only from its seed (no getrandom in its dependencies)"
if cargo tree -p sts-engine -e normal --target all --prefix none | grep -q '^getrandom '; then
  echo "sts-engine depends on getrandom: ambient randomness would break determinism" >&2
  exit 1
fi

step "native tests: engine scenarios, properties, determinism, render tests"
cargo test --workspace

step "browser tests: wasm-bindgen-test in headless Chromium"
cargo test -p sts-playground --target wasm32-unknown-unknown --test wasm

step "release build"
bash "$(dirname "${BASH_SOURCE[0]}")/trunk.sh" build --release --offline

step "size report"
node scripts/size-report.mjs dist

step "end-to-end tests in Chromium, and the size budget"
node --test tests/e2e/
