# Sourced by the scripts: puts the project's npm tools (wasm-opt) first on PATH, so that
# Trunk finds the pinned version and never tries to download one.
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export PATH="$root/tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export CHROMEDRIVER="${CHROMEDRIVER:-$(command -v chromedriver || echo /usr/bin/chromedriver)}"
cd "$root"
