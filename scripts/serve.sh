#!/usr/bin/env bash
# Installs what is missing, builds the page and serves it on http://127.0.0.1:8080
# (rebuilding when a source file changes). Stop it with Ctrl-C.
set -euo pipefail
bash "$(dirname "${BASH_SOURCE[0]}")/install.sh"
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
echo "serve: building; the page will be at http://127.0.0.1:8080"
exec bash "$(dirname "${BASH_SOURCE[0]}")/trunk.sh" serve --release --offline --address 127.0.0.1 --port 8080
