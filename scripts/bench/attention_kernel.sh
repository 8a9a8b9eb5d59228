#!/bin/sh
# The fused attention kernel alone on one core against the GEMM of the same precision (fp32: OpenBLAS
# sgemm, whose kernels OPENBLAS_CORETYPE picks; bf16: Sources/CBF16), in one process
# (scripts/bench/attention_kernel.c).
#   scripts/bench/attention_kernel.sh [PREFIX [TOKENS]]      defaults 6144 2048: the last pass of an 8K prompt
# Needs clang (the Swift toolchain's) and libopenblas-dev. Development only; not part of CI.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
clang -O2 -I"$root/Sources/CAttention/include" -I"$root/Sources/CAttention" -I"$root/Sources/CBF16/include" \
    -I/usr/include/x86_64-linux-gnu/openblas-pthread -I/usr/include/openblas \
    "$root/Sources/CAttention/attention.c" "$root/Sources/CAttention/attention_avx512.c" \
    "$root/Sources/CBF16/bf16.c" "$root/Sources/CBF16/bf16_avx512.c" \
    "$root/scripts/bench/attention_kernel.c" -o "$out/attention_kernel" -lopenblas -lm
echo "CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'); load: $(cut -d' ' -f1-3 /proc/loadavg)"
"$out/attention_kernel" "${1:-6144}" "${2:-2048}"
