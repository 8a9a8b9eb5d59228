/* The fp32 arithmetic peak of this CPU's AVX2 FMA units: every thread runs 12 independent chains
 * of 8-lane fused multiply-adds (enough to hide the FMA latency on two pipes), nothing else.
 * Run by scripts/bench/fma_peak.sh; compare with the sgemm ceiling `rerank-site bench` prints. */
#include <immintrin.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define CHAINS 12
static const long steps = 200000000;

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

static void *chains(void *out) {
    __m256 acc[CHAINS];
    for (int i = 0; i < CHAINS; i++) acc[i] = _mm256_set1_ps(i * 0.001f);
    const __m256 b = _mm256_set1_ps(0.9999f), c = _mm256_set1_ps(0.00001f);
    for (long s = 0; s < steps; s++)
        for (int i = 0; i < CHAINS; i++) acc[i] = _mm256_fmadd_ps(acc[i], b, c);
    float sum = 0, lanes[8];
    for (int i = 0; i < CHAINS; i++) { _mm256_storeu_ps(lanes, acc[i]); sum += lanes[0]; }
    *(float *)out = sum;   /* keeps the loop alive */
    return NULL;
}

int main(int argc, char **argv) {
    int threads = argc > 1 ? atoi(argv[1]) : 1;
    if (threads < 1 || threads > 256) { fprintf(stderr, "usage: fma_peak [threads 1-256]\n"); return 2; }
    pthread_t *t = calloc(threads, sizeof *t);
    float *sink = calloc(threads, sizeof *sink);
    double best = 0;
    for (int run = 0; run < 3; run++) {
        double start = now();
        for (int i = 0; i < threads; i++) pthread_create(&t[i], NULL, chains, &sink[i]);
        for (int i = 0; i < threads; i++) pthread_join(t[i], NULL);
        double gflops = (double)steps * CHAINS * 16 * threads / (now() - start) / 1e9;   /* 8 lanes × 2 FLOP */
        if (gflops > best) best = gflops;
    }
    printf("FMA peak, %d thread(s): %.1f GFLOP/s (best of 3)\n", threads, best);
    free(t);
    free(sink);
    return 0;
}
