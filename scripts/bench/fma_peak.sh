#!/bin/sh
# Prints the fp32 FMA peak of this CPU (AVX2) with one thread and with every core, to set the
# sgemm ceiling that `rerank-site bench` measures against what the hardware can do at all.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cc -O3 -mavx2 -mfma -pthread "$here/fma_peak.c" -o "$out/fma_peak"
"$out/fma_peak" 1
"$out/fma_peak" "$(nproc)"
