#!/usr/bin/env bash
# The README's first command: installs what the build needs, builds rerank-site (release) and
# builds the example showcase in inputs/ into site/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
swift build -c release --product rerank-site
.build/release/rerank-site build "$@"
