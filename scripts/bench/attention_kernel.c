// The fused attention kernel (Sources/CAttention) alone, one core, against the GEMM the linear layers
// of the same precision run on, on the same core in the same process: fp32 attention against OpenBLAS
// sgemm, bf16 attention against the bf16 GEMM kernel (Sources/CBF16). The ratio is how close
// attention's arithmetic runs to the linear layers'; it holds when the clock moves, the rates do not.
// One key/value head of the 0.6B shape (2 query heads, d = 128, rows of 8 heads = 1,024 floats),
// `prefix` cached positions, then `tokens` own positions all querying; best of 5 runs each, CPU
// time of this thread. Built and run by scripts/bench/attention_kernel.sh. Development only.
#include "cattention.h"
#include "cbf16.h"
#include <cblas.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>


static double cpu_seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

int main(int argc, char **argv) {
    size_t prefix = argc > 1 ? (size_t)atol(argv[1]) : 6144, tokens = argc > 2 ? (size_t)atol(argv[2]) : 2048;
    const size_t d = 128, ld = 1024, group = 2, ldq = 2048;
    if (!cbf16_cpu_has_avx512()) { printf("this CPU lacks AVX-512: nothing to measure\n"); return 0; }
    int bf16ok = cbf16_cpu_has_avx512bf16();
    size_t all = prefix + tokens;
    float *k = malloc(4 * all * ld), *v = malloc(4 * all * ld), *q = malloc(4 * tokens * ldq), *o = malloc(4 * tokens * ldq);
    uint16_t *kh = malloc(2 * all * ld), *vh = calloc(all * ld + 2 * ld, 2);
    for (size_t i = 0; i < all * ld; i++) { k[i] = 0.1f * sinf((float)i); v[i] = cosf(0.7f * (float)i); }
    for (size_t i = 0; i < tokens * ldq; i++) q[i] = sinf(0.3f * (float)i);
    for (size_t i = 0; i < all * ld; i++) { union { float f; uint32_t u; } x = { k[i] }; kh[i] = (uint16_t)((x.u + 0x7fffu + ((x.u >> 16) & 1u)) >> 16); }
    cattn_pack_values_bf16(v, ld, vh, ld, 0, all, ld);
    void *scratch = malloc(cattn_scratch_bytes(d));
    double visible = 0;
    for (size_t t = 0; t < tokens; t++) visible += (double)(prefix + t + 1);
    double flop = 4.0 * (double)d * (double)group * visible;

    openblas_set_num_threads(1);
    char sgemmName[64];
    snprintf(sgemmName, sizeof sgemmName, "sgemm (OpenBLAS %s)", openblas_get_corename());
    // The linear layers' shape at the 0.6B width: 1,024 rows × 3,072 outputs × 1,024 inputs.
    const int M = 1024, N = 3072, K = 1024;
    float *a = calloc((size_t)M * K, 4), *b = calloc((size_t)N * K, 4), *c = calloc((size_t)M * N, 4);
    uint16_t *ah = calloc((size_t)M * K, 2), *bh = calloc((size_t)N * K, 2);
    uint16_t *panel = aligned_alloc(64, (cbf16_panel_bytes(K) + 63) / 64 * 64);
    printf("one key/value head, d 128, 2 query heads, %zu cached + %zu own positions (%.2f GFLOP); one core\n",
           prefix, tokens, flop / 1e9);
    for (int bf = 0; bf < 1 + bf16ok; bf++) {
        double best = 1e30, bestGemm = 1e30;
        for (int r = 0; r < 5; r++) {
            cattn_segment s[2] = {
                { bf ? (void *)kh : (void *)k, bf ? (void *)vh : (void *)v, prefix, ld },
                { bf ? (void *)(kh + prefix * ld) : (void *)(k + prefix * ld),
                  bf ? (void *)(vh + prefix * ld) : (void *)(v + prefix * ld), tokens, ld },
            };
            const cattn_segment *first = prefix ? s : s + 1;
            double t0 = cpu_seconds();
            (bf ? cattn_bf16_avx512 : cattn_f32_avx512)(o, ldq, q, ldq, tokens, first, prefix ? 2 : 1, group, d,
                                                        1 / sqrtf((float)d), scratch);
            double t = cpu_seconds() - t0;
            if (t < best) best = t;
            t0 = cpu_seconds();
            if (bf) {
                cbf16_gemm_nt_avx512(c, N, ah, K, bh, K, M, 0, N, K, 0, panel);
            } else {
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, M, N, K, 1, a, K, b, K, 0, c, N);
            }
            t = cpu_seconds() - t0;
            if (t < bestGemm) bestGemm = t;
        }
        double gemm = 2.0 * M * N * K / bestGemm / 1e9;
        printf("%s attention: %.1f GFLOP/s; %s [%d x %d x %d]: %.1f GFLOP/s; attention / GEMM = %.2f\n",
               bf ? "bf16" : "fp32", flop / best / 1e9, bf ? "bf16 GEMM" : sgemmName, M, N, K, gemm,
               flop / best / 1e9 / gemm);
    }
    if (!bf16ok) printf("bf16 skipped: this CPU lacks AVX512-BF16\n");
    return 0;
}
