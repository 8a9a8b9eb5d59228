#!/bin/sh
# The bf16 GEMM kernel alone on one core: this tree's Sources/CBF16 against the same kernel at git
# revision REV (default main), alternating in one process (scripts/bench/bf16_gemm.c).
#   scripts/bench/bf16_gemm.sh [REV [REPEATS]]          REPEATS: best of how many runs (default 5)
# Extra clang flags for the new kernel come from $CFLAGS.
# Needs clang (the Swift toolchain's). Development only; not part of CI.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
git -C "$root" show "${1:-main}:Sources/CBF16/bf16_avx512.c" > "$out/old_avx512.c"
# The old kernel under other names, so that both link into one program.
clang -O2 -c -I"$root/Sources/CBF16/include" -Dcbf16_gemm_nt_avx512=old_gemm_nt_avx512 \
    -Dcbf16_cpu_has_avx512=old_cpu_has_avx512 -Dcbf16_cpu_has_avx512bf16=old_cpu_has_avx512bf16 \
    -Dcbf16_panel_bytes=old_panel_bytes "$out/old_avx512.c" -o "$out/old.o"
clang -O2 ${CFLAGS:-} -I"$root/Sources/CBF16/include" "$root/Sources/CBF16/bf16.c" "$root/Sources/CBF16/bf16_avx512.c" \
    "$root/scripts/bench/bf16_gemm.c" "$out/old.o" -o "$out/bf16_gemm" -lm
echo "CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'); load: $(cut -d' ' -f1-3 /proc/loadavg)"
"$out/bf16_gemm" "${2:-5}"
