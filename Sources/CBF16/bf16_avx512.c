// The AVX512-BF16 kernel. Built for baseline x86-64 like the rest of the library: the target
// attributes enable AVX-512 for these functions alone, so the binary runs on any x86-64 CPU and
// this code is reached only after the run-time check.
#include "cbf16.h"
#include <string.h>

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include <immintrin.h>
#include <cpuid.h>

#define CBF16_TARGET __attribute__((target("avx512f,avx512bw,avx512vl,avx512dq,avx512bf16")))

int cbf16_cpu_has_avx512(void) {
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
    if (!(c & (1u << 27))) return 0;                        // OSXSAVE
    unsigned lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    if ((lo & 0xe6u) != 0xe6u) return 0;                    // XMM, YMM, opmask, ZMM state saved
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return 0;
    const unsigned f = 1u << 16, dq = 1u << 17, bw = 1u << 30, vl = 1u << 31;
    return (b & (f | dq | bw | vl)) == (f | dq | bw | vl);
}

int cbf16_cpu_has_avx512bf16(void) {
    if (!cbf16_cpu_has_avx512()) return 0;
    unsigned a, b, c, d;
    if (!__get_cpuid_count(7, 1, &a, &b, &c, &d)) return 0;
    return (a & (1u << 5)) ? 1 : 0;                         // AVX512_BF16
}

// Rows per micro-tile: 6 rows × 64 columns keep 24 accumulators in registers; each broadcast of
// an element of a feeds four vdpbf16ps (12 × 32 fed two; this tile is 1.01–1.42× faster at
// 512–2,048 rows, bit for bit the same sums: scripts/bench/bf16_gemm.sh).
enum { MR = 6, NR = CBF16_PANEL_COLS, NV = CBF16_PANEL_COLS / 16 };

// r[i] (16 dwords of row i) becomes column i: r[c][i] = old r[i][c]. Four rounds of shuffles
// (pairs of dwords, of qwords, then 128-bit lanes twice), 64 instructions.
CBF16_TARGET static inline __attribute__((always_inline)) void transpose16(__m512i r[16]) {
    __m512i t[16];
    for (int i = 0; i < 8; i++) {
        t[2 * i] = _mm512_unpacklo_epi32(r[2 * i], r[2 * i + 1]);
        t[2 * i + 1] = _mm512_unpackhi_epi32(r[2 * i], r[2 * i + 1]);
    }
    // r[4i + q], lane L: rows 4i..4i+3 of column 4L + q.
    for (int i = 0; i < 4; i++) {
        r[4 * i] = _mm512_unpacklo_epi64(t[4 * i], t[4 * i + 2]);
        r[4 * i + 1] = _mm512_unpackhi_epi64(t[4 * i], t[4 * i + 2]);
        r[4 * i + 2] = _mm512_unpacklo_epi64(t[4 * i + 1], t[4 * i + 3]);
        r[4 * i + 3] = _mm512_unpackhi_epi64(t[4 * i + 1], t[4 * i + 3]);
    }
    // t[8i + q]: rows 8i..8i+7 of columns q and 8 + q; t[8i + 4 + q]: of columns 4 + q and 12 + q.
    for (int i = 0; i < 2; i++) {
        for (int q = 0; q < 4; q++) {
            t[8 * i + q] = _mm512_shuffle_i32x4(r[8 * i + q], r[8 * i + 4 + q], 0x88);
            t[8 * i + 4 + q] = _mm512_shuffle_i32x4(r[8 * i + q], r[8 * i + 4 + q], 0xdd);
        }
    }
    for (int q = 0; q < 4; q++) {
        r[q] = _mm512_shuffle_i32x4(t[q], t[8 + q], 0x88);
        r[8 + q] = _mm512_shuffle_i32x4(t[q], t[8 + q], 0xdd);
        r[4 + q] = _mm512_shuffle_i32x4(t[4 + q], t[12 + q], 0x88);
        r[12 + q] = _mm512_shuffle_i32x4(t[4 + q], t[12 + q], 0xdd);
    }
}

// panel[(p * NR + j) * 2 + e] = w[n0 + j][2p + e], zero beyond n1 and k.
CBF16_TARGET static void pack_panel(const uint16_t *w, size_t ldw, size_t n0, size_t cols, size_t k, uint16_t *panel) {
    size_t pairs = (k + 1) / 2;
    if (cols == NR && (k & 1) == 0 && (ldw & 1) == 0) {
        // NR rows of pairs: 16 pairs of each row at a time (one 64-byte load per row), one 16 × 16
        // dword transpose per 16 rows, stored as 16 dwords of each of the 16 pair rows; the rest of
        // the pairs one by one.
        const uint32_t *rows[NR];
        for (size_t j = 0; j < NR; j++) rows[j] = (const uint32_t *)(w + (n0 + j) * ldw);
        uint32_t *out = (uint32_t *)panel;
        size_t p = 0;
        for (; p + 16 <= pairs; p += 16) {
            for (int g = 0; g < NV; g++) {
                __m512i r[16];
                for (int j = 0; j < 16; j++) r[j] = _mm512_loadu_si512(rows[16 * g + j] + p);
                transpose16(r);
                for (int q = 0; q < 16; q++) _mm512_store_si512(out + (p + q) * NR + 16 * g, r[q]);
            }
        }
        for (; p < pairs; p++) {
            for (size_t j = 0; j < NR; j++) out[p * NR + j] = rows[j][p];
        }
        return;
    }
    memset(panel, 0, pairs * NR * 2 * sizeof(uint16_t));
    for (size_t j = 0; j < cols; j++) {
        const uint16_t *row = w + (n0 + j) * ldw;
        for (size_t p = 0; p < k; p++) panel[((p / 2) * NR + j) * 2 + (p & 1)] = row[p];
    }
}

// c[0..<rows, 0..<cols] (=|+=) a[rows, k] · panel: rows ≤ MR known at compile time after inlining.
CBF16_TARGET static inline __attribute__((always_inline)) void micro(
    int rows, float *c, size_t ldc, const uint16_t *a, size_t lda, const uint16_t *panel,
    size_t pairs, size_t cols, int accumulate) {
    __m512 acc[MR][NV];
    for (int i = 0; i < MR; i++) {
        for (int v = 0; v < NV; v++) acc[i][v] = _mm512_setzero_ps();
    }
    const uint32_t *ap[MR];
    for (int i = 0; i < MR; i++) ap[i] = (const uint32_t *)(a + (size_t)(i < rows ? i : 0) * lda);
    const __m512i *bp = (const __m512i *)panel;
    for (size_t p = 0; p < pairs; p++) {
        __m512bh b[NV];
        for (int v = 0; v < NV; v++) b[v] = (__m512bh)_mm512_load_si512(bp + NV * p + v);
        for (int i = 0; i < MR; i++) {
            if (i < rows) {
                __m512bh x = (__m512bh)_mm512_set1_epi32((int)ap[i][p]);
                for (int v = 0; v < NV; v++) acc[i][v] = _mm512_dpbf16_ps(acc[i][v], x, b[v]);
            }
        }
    }
    // Columns 16v..<16v+16 of the tile that exist.
    __mmask16 mask[NV];
    for (int v = 0; v < NV; v++) {
        size_t first = 16 * (size_t)v;
        mask[v] = cols >= first + 16 ? (__mmask16)0xffff : cols <= first ? 0 : (__mmask16)((1u << (cols - first)) - 1);
    }
    for (int i = 0; i < MR; i++) {
        if (i < rows) {
            float *out = c + (size_t)i * ldc;
            for (int v = 0; v < NV; v++) {
                __m512 x = acc[i][v];
                if (accumulate) x = _mm512_add_ps(x, _mm512_maskz_loadu_ps(mask[v], out + 16 * v));
                _mm512_mask_storeu_ps(out + 16 * v, mask[v], x);
            }
        }
    }
}

CBF16_TARGET static void tile_rows(int rows, float *c, size_t ldc, const uint16_t *a, size_t lda, const uint16_t *panel,
                                   size_t pairs, size_t cols, int accumulate) {
    switch (rows) {
#define CASE(r) case r: micro(r, c, ldc, a, lda, panel, pairs, cols, accumulate); break;
    CASE(1) CASE(2) CASE(3) CASE(4) CASE(5) CASE(6)
#undef CASE
    default: break;
    }
}

CBF16_TARGET void cbf16_gemm_nt_avx512(float *c, size_t ldc, const uint16_t *a, size_t lda, const uint16_t *w, size_t ldw,
                                       size_t m, size_t n0, size_t n1, size_t k, int accumulate, uint16_t *panel) {
    size_t pairs = (k + 1) / 2;
    for (size_t j = n0; j < n1; j += NR) {
        size_t cols = n1 - j < NR ? n1 - j : NR;
        pack_panel(w, ldw, j, cols, k, panel);
        size_t i = 0;
        for (; i + MR <= m; i += MR) micro(MR, c + i * ldc + j, ldc, a + i * lda, lda, panel, pairs, cols, accumulate);
        if (i < m) tile_rows((int)(m - i), c + i * ldc + j, ldc, a + i * lda, lda, panel, pairs, cols, accumulate);
    }
}

#else

int cbf16_cpu_has_avx512(void) { return 0; }
int cbf16_cpu_has_avx512bf16(void) { return 0; }

void cbf16_gemm_nt_avx512(float *c, size_t ldc, const uint16_t *a, size_t lda, const uint16_t *w, size_t ldw,
                          size_t m, size_t n0, size_t n1, size_t k, int accumulate, uint16_t *panel) {
    (void)panel;
    cbf16_gemm_nt_reference(c, ldc, a, lda, w, ldw, m, n0, n1, k, accumulate);
}

#endif
