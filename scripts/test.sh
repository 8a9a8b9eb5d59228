#!/usr/bin/env bash
# The test command of the README: installs what the tests need on a fresh machine,
# generates the fixtures, and runs the whole Swift test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
for f in scripts/fixtures/*.sh; do
    [ -e "$f" ] || continue
    echo "== fixtures: $f" >&2
    bash "$f"
done
swift test "$@"
