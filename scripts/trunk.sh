#!/usr/bin/env bash
# Runs Trunk (build or serve, with the arguments given) with the page's size settings for
# the compiler, which only the wasm build uses (docs/size.md, "The standard library built
# for the page"):
#   - the standard library compiled from source (rustup's rust-src) with the page's own
#     profile (opt-level "z", LTO with the page) instead of the shipped opt-level 3 copy;
#   - panic locations left out (-Zlocation-detail=none), which also keeps the machine's
#     cargo folder out of the wasm, so the build is the same on every machine;
#   - panics that stop at once (-Cpanic=immediate-abort): no panic message is formatted,
#     the wasm traps, and index.html's script shows the crash overlay with a way to start
#     again (without the panic's message).
# Both are unstable options of the pinned stable compiler (1.95.0), enabled for this one
# build by RUSTC_BOOTSTRAP; native builds, tests and the wasm tests do not use them.
# Plain `trunk build --release --offline` still works, and builds a bigger page.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
export RUSTC_BOOTSTRAP=1
export CARGO_UNSTABLE_BUILD_STD=std,panic_abort
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-Zlocation-detail=none -Zunstable-options -Cpanic=immediate-abort"
exec trunk "$@"
