#!/usr/bin/env bash
# Builds the tokenizer benchmark (release, swiftc -O over Sources/Tokenizers) and runs it:
#   scripts/tokenizer/bench.sh [TOKENIZER_JSON] [TEXTS_JSONL] [--check]
# Defaults: the generated Qwen3 tokenizer.json and conformance.jsonl (scripts/fixtures/tokenizer.sh).
set -euo pipefail
cd "$(dirname "$0")/../.."
out=.build-tokenizer-bench
mkdir -p "$out"
swiftc -O -wmo -module-name TokenizerBench -o "$out/bench" Sources/Tokenizers/*.swift scripts/tokenizer/bench/main.swift
"$out/bench" "${1:-fixtures-generated/tokenizer/qwen3/tokenizer.json}" \
    "${2:-fixtures-generated/tokenizer/conformance.jsonl}" "${@:3}"
