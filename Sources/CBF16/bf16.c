#include "cbf16.h"
#include <string.h>

static inline float bf16_to_float(uint16_t h) {
    union { uint32_t u; float f; } v = { (uint32_t)h << 16 };
    return v.f;
}

static inline uint16_t float_to_bf16(float f) {
    union { float f; uint32_t u; } v = { f };
    if ((v.u & 0x7fffffffu) > 0x7f800000u) return (uint16_t)((v.u >> 16) | 0x0040u);   // quiet NaN
    uint32_t rounding = 0x7fffu + ((v.u >> 16) & 1u);
    return (uint16_t)((v.u + rounding) >> 16);
}

void cbf16_round(const float *src, uint16_t *dst, size_t count) {
    for (size_t i = 0; i < count; i++) dst[i] = float_to_bf16(src[i]);
}

void cbf16_round_rows(const float *src, size_t lds, uint16_t *dst, size_t ldd, size_t rows, size_t cols) {
    for (size_t r = 0; r < rows; r++) {
        cbf16_round(src + r * lds, dst + r * ldd, cols);
        for (size_t j = cols; j < ldd; j++) dst[r * ldd + j] = 0;
    }
}

size_t cbf16_panel_bytes(size_t k) {
    return ((k + 1) / 2) * CBF16_PANEL_COLS * 2 * sizeof(uint16_t);
}

void cbf16_gemm_nt_reference(float *c, size_t ldc, const uint16_t *a, size_t lda, const uint16_t *w, size_t ldw,
                             size_t m, size_t n0, size_t n1, size_t k, int accumulate) {
    for (size_t i = 0; i < m; i++) {
        for (size_t j = n0; j < n1; j++) {
            double s = 0;
            for (size_t p = 0; p < k; p++) {
                s += (double)(bf16_to_float(a[i * lda + p]) * bf16_to_float(w[j * ldw + p]));
            }
            float *out = c + i * ldc + j;
            *out = accumulate ? (float)((double)*out + s) : (float)s;
        }
    }
}
