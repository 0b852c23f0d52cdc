#!/usr/bin/env bash
# Installs what is missing, builds the release page and prints the gzipped size of each
# file in dist/ and the total (the budget itself is checked by the test command).
set -euo pipefail
bash "$(dirname "${BASH_SOURCE[0]}")/install.sh"
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
bash "$(dirname "${BASH_SOURCE[0]}")/trunk.sh" build --release --offline
node scripts/size-report.mjs dist
