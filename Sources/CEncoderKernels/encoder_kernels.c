#include "cencoder.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#if defined(__x86_64__) && defined(__ELF__) && defined(__clang__)
#define VERSIONS __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define VERSIONS
#endif

// e^x for x clamped to [−87.3, 88]: x = n·ln2 + r, e^r by a degree-6 polynomial, 2^n built in the
// exponent bits (Cephes expf, as Kernels' clampedExp). Relative error below 1e-7 inside the range.
static inline __attribute__((always_inline)) float clamped_exp(float x) {
    float v = x < -87.33654f ? -87.33654f : x;
    v = v > 88.0f ? 88.0f : v;
    float t = v * 1.44269504f + 12582912.0f;   // 1.5·2^23: rounds v/ln2 to an integer n
    float n = t - 12582912.0f;
    v = v - n * 0.693359375f;
    v = v + n * 2.12194440e-4f;
    float p = 1.9875691e-4f;
    p = p * v + 1.3981999e-3f;
    p = p * v + 8.3334519e-3f;
    p = p * v + 4.1665796e-2f;
    p = p * v + 1.6666665e-1f;
    p = p * v + 5.0000001e-1f;
    float e = p * (v * v) + v + 1.0f;
    int32_t bits;
    memcpy(&bits, &t, sizeof bits);
    bits = (bits - 0x4B400000 + 127) << 23;
    float scale;
    memcpy(&scale, &bits, sizeof scale);
    return e * scale;
}

static inline __attribute__((always_inline)) float erf_as(float x) {
    float a = fabsf(x);
    float t = 1.0f / (0.3275911f * a + 1.0f);
    float r = 1.061405429f;
    r = r * t - 1.453152027f;
    r = r * t + 1.421413741f;
    r = r * t - 0.284496736f;
    r = r * t + 0.254829592f;
    float y = 1.0f - r * t * clamped_exp(-a * a);
    return x < 0 ? -y : y;
}

VERSIONS
void cenc_gelu(float *x, size_t count) {
    for (size_t i = 0; i < count; i++) {
        float v = x[i];
        x[i] = 0.5f * v * (1.0f + erf_as(v * 0.70710678f));
    }
}

#define LANES 16

VERSIONS
void cenc_layer_norm(float *y, const float *x, const float *weight, const float *bias,
                     size_t rows, size_t width, float eps) {
    size_t whole = width / LANES * LANES;
    for (size_t r = 0; r < rows; r++) {
        const float *xr = x + r * width;
        float *yr = y + r * width;
        float acc[LANES] = {0};
        for (size_t j = 0; j < whole; j += LANES)
            for (size_t l = 0; l < LANES; l++) acc[l] += xr[j + l];
        float sum = 0;
        for (size_t l = 0; l < LANES; l++) sum += acc[l];
        for (size_t j = whole; j < width; j++) sum += xr[j];
        float mean = sum / (float)width;
        float sq[LANES] = {0};
        for (size_t j = 0; j < whole; j += LANES)
            for (size_t l = 0; l < LANES; l++) {
                float d = xr[j + l] - mean;
                sq[l] += d * d;
            }
        float squares = 0;
        for (size_t l = 0; l < LANES; l++) squares += sq[l];
        for (size_t j = whole; j < width; j++) {
            float d = xr[j] - mean;
            squares += d * d;
        }
        float scale = 1.0f / sqrtf(squares / (float)width + eps);
        for (size_t j = 0; j < width; j++) yr[j] = (xr[j] - mean) * scale * weight[j] + bias[j];
    }
}

size_t cenc_attention_scratch(size_t tokens, size_t head_dim) { return tokens * head_dim + tokens; }

// scores[j] = e^(scores[j] − max) in place; returns their sum (the softmax divides by it).
static inline __attribute__((always_inline)) float exp_row(float *restrict scores, size_t n) {
    float m = scores[0];
    for (size_t j = 1; j < n; j++) m = scores[j] > m ? scores[j] : m;
    for (size_t j = 0; j < n; j++) scores[j] = clamped_exp(scores[j] - m);
    float sums[LANES] = {0};
    size_t whole = n / LANES * LANES;
    for (size_t j = 0; j < whole; j += LANES)
        for (size_t l = 0; l < LANES; l++) sums[l] += scores[j + l];
    float sum = 0;
    for (size_t l = 0; l < LANES; l++) sum += sums[l];
    for (size_t j = whole; j < n; j++) sum += scores[j];
    return sum;
}

// One head of one sequence for a head size D that is a multiple of 16 (MiniLM's 32, BERT-base's
// 64): the query row and the output row stay in registers; each score is a dot product of D
// floats in 16 lanes, each output row a sum of value rows.
#define DEFINE_ATTEND_HEAD(D)                                                                          \
    static inline __attribute__((always_inline)) void attend_head_##D(float *restrict out, size_t ldo, const float *restrict q,        \
                                       const float *restrict k, const float *restrict v, size_t ldi,    \
                                       size_t n, float scale, float *restrict scores) {                 \
        for (size_t t = 0; t < n; t++) {                                                               \
            float qt[D];                                                                               \
            for (size_t i = 0; i < D; i++) qt[i] = q[t * ldi + i] * scale;                             \
            for (size_t j = 0; j < n; j++) {                                                           \
                const float *kj = k + j * ldi;                                                         \
                float acc[LANES];                                                                      \
                for (size_t l = 0; l < LANES; l++) acc[l] = qt[l] * kj[l];                             \
                for (size_t b = LANES; b < D; b += LANES)                                              \
                    for (size_t l = 0; l < LANES; l++) acc[l] += qt[b + l] * kj[b + l];                \
                for (size_t l = 0; l < 8; l++) acc[l] += acc[l + 8];                                   \
                for (size_t l = 0; l < 4; l++) acc[l] += acc[l + 4];                                   \
                scores[j] = (acc[0] + acc[2]) + (acc[1] + acc[3]);                                     \
            }                                                                                          \
            float inv = 1.0f / exp_row(scores, n);                                                     \
            float o[D];                                                                                \
            for (size_t i = 0; i < D; i++) o[i] = 0;                                                   \
            for (size_t j = 0; j < n; j++) {                                                           \
                float pj = scores[j];                                                                  \
                const float *vj = v + j * ldi;                                                         \
                for (size_t i = 0; i < D; i++) o[i] += pj * vj[i];                                     \
            }                                                                                          \
            float *ot = out + t * ldo;                                                                 \
            for (size_t i = 0; i < D; i++) ot[i] = o[i] * inv;                                         \
        }                                                                                              \
    }
DEFINE_ATTEND_HEAD(32)
DEFINE_ATTEND_HEAD(64)

// Any head size: keys transposed once per head, so one query's scores are a sum of key rows
// (vectorized over the keys) and its output a sum of value rows.
static inline __attribute__((always_inline)) void attend_head_any(float *restrict out, size_t ldo, const float *restrict q, const float *restrict k,
                                   const float *restrict v, size_t ldi, size_t n, size_t d, float scale,
                                   float *restrict keys_t, float *restrict scores) {
    for (size_t j = 0; j < n; j++)
        for (size_t i = 0; i < d; i++) keys_t[i * n + j] = k[j * ldi + i];
    for (size_t t = 0; t < n; t++) {
        const float *qt = q + t * ldi;
        float q0 = qt[0] * scale;
        for (size_t j = 0; j < n; j++) scores[j] = q0 * keys_t[j];
        for (size_t i = 1; i < d; i++) {
            float qi = qt[i] * scale;
            const float *row = keys_t + i * n;
            for (size_t j = 0; j < n; j++) scores[j] += qi * row[j];
        }
        float inv = 1.0f / exp_row(scores, n);
        float *ot = out + t * ldo;
        for (size_t i = 0; i < d; i++) ot[i] = scores[0] * v[i];
        for (size_t j = 1; j < n; j++) {
            float pj = scores[j];
            const float *vj = v + j * ldi;
            for (size_t i = 0; i < d; i++) ot[i] += pj * vj[i];
        }
        for (size_t i = 0; i < d; i++) ot[i] *= inv;
    }
}

VERSIONS
void cenc_attend_sequence(float *restrict out, size_t ld_output, const float *restrict q, const float *restrict k,
                          const float *restrict v, size_t ld_input, size_t n, size_t heads, size_t d,
                          float *restrict scratch) {
    if (n == 0 || d == 0) return;
    float scale = 1.0f / sqrtf((float)d);
    float *restrict scores = scratch + d * n;  // [n]; the first d·n floats hold transposed keys
    for (size_t h = 0; h < heads; h++) {
        size_t offset = h * d;
        float *o = out + offset;
        const float *qh = q + offset, *kh = k + offset, *vh = v + offset;
        if (d == 32) attend_head_32(o, ld_output, qh, kh, vh, ld_input, n, scale, scores);
        else if (d == 64) attend_head_64(o, ld_output, qh, kh, vh, ld_input, n, scale, scores);
        else attend_head_any(o, ld_output, qh, kh, vh, ld_input, n, d, scale, scratch, scores);
    }
}
