// The bf16 GEMM kernel alone (Sources/CBF16/bf16_avx512.c), one core: this tree's blocked kernel
// against the one at a git revision (built by bf16_gemm.sh from `git show REV:...` with its
// symbols renamed old_*), alternating in the same process on the shapes of the linear layers.
// Each shape: best of 5 alternating runs of each, CPU time of this thread, GFLOP/s and new / old.
// Also checks that both agree with the plain reference on a few rows. Development only.
#include "cbf16.h"
#include <immintrin.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

void old_gemm_nt_avx512(float *c, size_t ldc, const uint16_t *a, size_t lda, const uint16_t *w, size_t ldw,
                        size_t m, size_t n0, size_t n1, size_t k, int accumulate, uint16_t *panel);

static double cpu_seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

// What one core can do at all: 12 independent chains of 512-bit vdpbf16ps (64 flops each) on
// registers, best of 5, in GFLOP/s.
__attribute__((target("avx512f,avx512bf16"))) static double dpbf16_peak(void) {
    __m512 acc[12];
    for (int i = 0; i < 12; i++) acc[i] = _mm512_set1_ps((float)i);
    __m512bh x = (__m512bh)_mm512_set1_epi32(0x3f803f80), y = (__m512bh)_mm512_set1_epi32(0x00010001);
    const long n = 20000000;
    double best = 1e30;
    for (int r = 0; r < 5; r++) {
        double t0 = cpu_seconds();
        for (long i = 0; i < n; i++) {
            for (int j = 0; j < 12; j++) acc[j] = _mm512_dpbf16_ps(acc[j], x, y);
            __asm__ volatile("" : "+v"(acc[0]), "+v"(acc[1]), "+v"(acc[2]), "+v"(acc[3]));
        }
        double t = cpu_seconds() - t0;
        if (t < best) best = t;
    }
    float sink = 0;
    for (int j = 0; j < 12; j++) sink += _mm512_reduce_add_ps(acc[j]);
    return 12.0 * 64 * n / best / 1e9 + 0 * sink;
}

static uint16_t to_bf16(float f) {
    union { float f; uint32_t u; } v = { f };
    return (uint16_t)((v.u + 0x7fffu + ((v.u >> 16) & 1u)) >> 16);
}

int main(int argc, char **argv) {
    if (!cbf16_cpu_has_avx512bf16()) { printf("this CPU lacks AVX512-BF16: nothing to measure\n"); return 0; }
    // Shapes [in k -> out n]: the 0.6B model's q, k/v, o, gate/up, down, and the 4B model's gate/up.
    const size_t shapes[][2] = { {1024, 2048}, {1024, 1024}, {2048, 1024}, {1024, 3072}, {3072, 1024}, {2560, 9728} };
    const size_t rowsList[] = { 12, 64, 512, 2048 };
    int repeats = argc > 1 ? atoi(argv[1]) : 5;
    size_t maxM = 2048, maxK = 3072, maxN = 9728;
    uint16_t *a = aligned_alloc(64, maxM * maxK * 2), *w = aligned_alloc(64, maxN * maxK * 2);
    float *c = aligned_alloc(64, maxM * maxN * 4), *r = malloc(2 * 4 * maxN);   // r: reference row, old row
    uint16_t *panel = aligned_alloc(64, ((maxK + 1) / 2) * 128 * 4);   // either kernel's panel (up to 128 columns): whole k
    for (size_t i = 0; i < maxM * maxK; i++) a[i] = to_bf16(sinf(0.37f * (float)i));
    for (size_t i = 0; i < maxN * maxK; i++) w[i] = to_bf16(0.05f * cosf(0.11f * (float)i));
    double worstRatio = 1e9, worstSmall = 1e9;
    printf("%6s %6s %6s %12s %12s %9s %10s %s\n", "m", "k", "n", "old GFLOP/s", "new GFLOP/s", "new/old", "max|Δref|", "new = old");
    for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++) {
        size_t k = shapes[s][0], n = shapes[s][1];
        for (size_t ri = 0; ri < sizeof rowsList / sizeof rowsList[0]; ri++) {
            size_t m = rowsList[ri];
            if (n == 9728 && m < 512) continue;
            double best[2] = { 1e30, 1e30 }, diff = 0;
            int same = 1;
            for (int rep = 0; rep < repeats; rep++) {
                for (int which = 0; which < 2; which++) {
                    double t0 = cpu_seconds();
                    (which ? cbf16_gemm_nt_avx512 : old_gemm_nt_avx512)(c, n, a, k, w, k, m, 0, n, k, 0, panel);
                    double t = cpu_seconds() - t0;
                    if (t < best[which]) best[which] = t;
                    if (rep == 0 && which == 0) {
                        // Keep the old kernel's row m - 1 to compare bit for bit with the new one's.
                        for (size_t j = 0; j < n; j++) r[n + j] = c[(m - 1) * n + j];
                    }
                    if (rep == 0 && which == 1) {
                        // Row m - 1 against the reference (both kernels' last tile and block).
                        cbf16_gemm_nt_reference(r, n, a + (m - 1) * k, k, w, k, 1, 0, n, k, 0);
                        for (size_t j = 0; j < n; j++) {
                            diff = fmax(diff, fabs(c[(m - 1) * n + j] - r[j]));
                            if (c[(m - 1) * n + j] != r[n + j]) same = 0;
                        }
                    }
                }
            }
            double flop = 2.0 * m * n * k, ratio = best[0] / best[1];
            if (m >= 512 && ratio < worstRatio) worstRatio = ratio;
            if (m < 512 && ratio < worstSmall) worstSmall = ratio;
            printf("%6zu %6zu %6zu %12.1f %12.1f %9.3f %10.2e %s\n", m, k, n, flop / best[0] / 1e9, flop / best[1] / 1e9, ratio, diff,
                   same ? "bitwise" : "DIFFERS");
        }
    }
    printf("smallest new/old at m >= 512: %.3f; at m < 512: %.3f\n", worstRatio, worstSmall);
    printf("vdpbf16ps peak of this core (registers only): %.1f GFLOP/s\n", dpbf16_peak());
    return 0;
}
