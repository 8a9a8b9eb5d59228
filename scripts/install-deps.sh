#!/usr/bin/env bash
# Installs the system libraries and Python packages the build and the tests use (Debian 12).
set -euo pipefail
need=()
for p in libcmark-dev libopenblas-dev libsqlite3-dev; do
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
