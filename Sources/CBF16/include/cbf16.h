#ifndef CBF16_H
#define CBF16_H
// bf16 matrix products with fp32 accumulation: an AVX512-BF16 kernel (vdpbf16ps) chosen at run
// time, and a plain reference that runs on any CPU. The library is built for baseline x86-64;
// only the functions marked with a target attribute use AVX-512 instructions, and they are called
// only after cbf16_cpu_has_avx512bf16() said yes.

#include <stddef.h>
#include <stdint.h>

/// 1 when this CPU (and the OS, which must save the AVX-512 state) runs AVX512-F/DQ/BW/VL.
int cbf16_cpu_has_avx512(void);

/// 1 when it also runs AVX512-BF16.
int cbf16_cpu_has_avx512bf16(void);

/// dst[i] = src[i] rounded to bf16, round-to-nearest-even (NaN stays NaN); portable.
void cbf16_round(const float *src, uint16_t *dst, size_t count);

/// Rows of a [rows, cols] fp32 matrix (leading dimension lds) rounded to bf16 into dst with
/// leading dimension ldd = cols rounded up to even; the padding column, if any, is zero.
void cbf16_round_rows(const float *src, size_t lds, uint16_t *dst, size_t ldd, size_t rows, size_t cols);

/// Columns of w per panel: what the kernel re-lays out at a time and what callers split n by.
#define CBF16_PANEL_COLS 64

/// Bytes of the per-call panel buffer cbf16_gemm_nt_avx512 needs for inner dimension k.
size_t cbf16_panel_bytes(size_t k);

/// c[m, n0..<n1] (=|+=) a[m, k] · w[n0..<n1, k]ᵀ with bf16 a (leading dimension lda, even, padded
/// with a zero when k is odd) and bf16 w ([n, k] row-major, leading dimension ldw), fp32 c.
/// `panel` is scratch of cbf16_panel_bytes(k) bytes, 64-byte aligned, one per concurrent caller.
/// Weights are read in place; each CBF16_PANEL_COLS-column panel is re-laid out into `panel` (pairs of k
/// interleaved, as vdpbf16ps takes them) and then used for all m rows.
/// Call only when cbf16_cpu_has_avx512bf16() returned 1.
void cbf16_gemm_nt_avx512(float *c, size_t ldc, const uint16_t *a, size_t lda, const uint16_t *w, size_t ldw,
                          size_t m, size_t n0, size_t n1, size_t k, int accumulate, uint16_t *panel);

/// The same product, plainly: each bf16 product exact in fp32, summed in double. Any CPU.
void cbf16_gemm_nt_reference(float *c, size_t ldc, const uint16_t *a, size_t lda, const uint16_t *w, size_t ldw,
                             size_t m, size_t n0, size_t n1, size_t k, int accumulate);

#endif
