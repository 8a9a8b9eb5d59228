#!/bin/sh
# Long documents (issue 14 item 4): tokens/s, attention share and peak memory per document length,
# in fp32 and in bf16, from `rerank-site bench --doc-tokens`. Each precision is one process, so each
# curve's ratios (tokens/s at 8,192 ÷ at 512) are measured in one run. Not part of CI.
#
#   scripts/bench/long_documents.sh [BINARY [MODEL_FOLDER [LENGTHS [TOKENS_PER_LENGTH]]]]
#
# BINARY defaults to .build/release/rerank-site (build it with `swift build -c release`); MODEL_FOLDER
# to the random-weight 0.6B-shape model that `rerank-site bench --size 0.6b` writes (made on first
# use); LENGTHS to 512,2048,4096,8192; TOKENS_PER_LENGTH (document tokens per length) to 8192.
# Issue 14's figure: scripts/bench/long_documents.sh .build/release/rerank-site "" 512,8192 4096.
# bf16 is skipped with a note where the CPU lacks AVX512-BF16 (it would run emulated, slower than fp32).
set -eu
bin=${1:-.build/release/rerank-site}
lengths=${3:-512,2048,4096,8192}
per_length=${4:-8192}
if [ -n "${2:-}" ]; then
    model=$2
else
    model=${HOME}/.cache/rerank-site/bench/qwen3-reranker-0.6b-random-seed1
    [ -f "$model/model.safetensors" ] || "$bin" bench --size 0.6b --queries 1 --candidates 1 >/dev/null
fi
echo "CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(nproc) cores;" \
     "AVX512-BF16: $(grep -q -w avx512_bf16 /proc/cpuinfo && echo yes || echo no); load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== fp32: $bin bench --model $model --doc-tokens $lengths --tokens-per-length $per_length --precision fp32"
"$bin" bench --model "$model" --doc-tokens "$lengths" --tokens-per-length "$per_length" --precision fp32
if grep -q -w avx512_bf16 /proc/cpuinfo; then
    echo "== bf16: $bin bench --model $model --doc-tokens $lengths --tokens-per-length $per_length --precision bf16"
    "$bin" bench --model "$model" --doc-tokens "$lengths" --tokens-per-length "$per_length" --precision bf16
else
    echo "== bf16 skipped: this CPU lacks AVX512-BF16"
fi
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
