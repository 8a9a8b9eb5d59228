// The portable build of the fused attention (see cattention.h) and the shared pieces: block
// layout, scratch size, the bf16 value layout. The AVX-512 builds in attention_avx512.c follow
// the same steps in the same order, so the portable one is their yardstick in the tests.
#include "cattention.h"
#include "attention_blocks.h"
#include <math.h>
#include <string.h>

size_t cattn_scratch_bytes(size_t d) { return cattn_layout_of(d).bytes; }

int cattn_vector_width_ok(size_t d) { return d > 0 && d % 8 == 0; }

void cattn_pack_values_bf16(const float *src, size_t lds, uint16_t *dst, size_t ld, size_t first, size_t count,
                            size_t width) {
    for (size_t i = 0; i < count; i++) {
        size_t j = first + i;
        uint16_t *pair = dst + (j / 2) * 2 * ld + (j & 1);
        const float *row = src + i * lds;
        for (size_t c = 0; c < width; c++) pair[2 * c] = cattn_bf16_bits(row[c]);
    }
    size_t end = first + count;
    if (count > 0 && (end & 1)) {
        uint16_t *pair = dst + (end / 2) * 2 * ld + 1;
        for (size_t c = 0; c < width; c++) pair[2 * c] = 0;
    }
}

// One block (up to CATTN_LANES stacked rows) through every segment, plainly. bf16: q, k, v and the
// tile's probabilities are rounded to bf16; products summed in fp32; softmax in fp32.
static void block_portable(const cattn_block *b, const float *q, size_t ldq, const cattn_segment *segments, size_t count,
                           size_t d, float scale, int bf16, float *scratch, float *out, size_t ldo) {
    cattn_layout L = cattn_layout_of(d);
    float *qt = scratch + L.qt, *st = scratch + L.st, *ot = scratch + L.ot, *m = scratch + L.m, *l = scratch + L.l;
    enum { N = CATTN_LANES };
    const float c2 = scale * 1.4426950408889634f;   // scale · log2(e): p = 2^((s − m)·c2)
    for (size_t i = 0; i < N; i++) {
        const float *row = cattn_lane_query(b, i, q, ldq, d);
        for (size_t p = 0; p < d; p++) {
            float x = row ? row[p] : 0.0f;
            qt[p * N + i] = bf16 ? cattn_bf16_float(cattn_bf16_bits(x)) : x;
        }
        m[i] = -INFINITY; l[i] = 0;
    }
    memset(ot, 0, d * N * sizeof(float));
    for (size_t s = 0; s < count; s++) {
        int own = s + 1 == count;
        size_t len = own ? b->ownVisible : segments[s].length;
        for (size_t k0 = 0; k0 < len; k0 += CATTN_TILE) {
            size_t n = len - k0 < CATTN_TILE ? len - k0 : CATTN_TILE;
            // Loops innermost over the lanes (contiguous), so compilers vectorize them at any width;
            // each sum runs in the same order as the vector builds' (p, then keys, ascending).
            for (size_t j = 0; j < n; j++) {
                float *row = st + j * N;
                for (size_t i = 0; i < N; i++) row[i] = 0;
                for (size_t p = 0; p < d; p++) {
                    float kv = cattn_key(&segments[s], k0 + j, p, bf16);
                    const float *qp = qt + p * N;
                    for (size_t i = 0; i < N; i++) row[i] += qp[i] * kv;
                }
                if (own && k0 + j >= b->minLimit) {
                    for (size_t i = 0; i < N; i++) row[i] = k0 + j >= b->limit[i] ? -INFINITY : row[i];
                }
            }
            float corr[N];
            for (size_t i = 0; i < N; i++) {
                float mx = m[i];
                for (size_t j = 0; j < n; j++) mx = st[j * N + i] > mx ? st[j * N + i] : mx;
                float sum = 0;
                corr[i] = exp2f((m[i] - mx) * c2);
                for (size_t j = 0; j < n; j++) {
                    float p = exp2f((st[j * N + i] - mx) * c2);
                    sum += p;
                    st[j * N + i] = bf16 ? cattn_bf16_float(cattn_bf16_bits(p)) : p;
                }
                l[i] = l[i] * corr[i] + sum;
                m[i] = mx;
            }
            for (size_t c = 0; c < d; c++) {
                float *o = ot + c * N;
                for (size_t i = 0; i < N; i++) o[i] *= corr[i];
                for (size_t j = 0; j < n; j++) {
                    float vv = cattn_value(&segments[s], k0 + j, c, bf16);
                    const float *pj = st + j * N;
                    for (size_t i = 0; i < N; i++) o[i] += pj[i] * vv;
                }
            }
        }
    }
    cattn_store_block(b, ot, l, d, out, ldo);
}

static void run_portable(float *out, size_t ldo, const float *q, size_t ldq, size_t queries, const cattn_segment *segments,
                         size_t count, size_t group, size_t d, float scale, void *scratch, int bf16) {
    if (queries == 0 || count == 0) return;
    cattn_block b;
    for (int more = cattn_first_block(&b, queries, segments[count - 1].length, group); more;
         more = cattn_next_block(&b)) {
        block_portable(&b, q, ldq, segments, count, d, scale, bf16, cattn_aligned(scratch), out, ldo);
    }
}

void cattn_f32_portable(float *out, size_t ldo, const float *q, size_t ldq, size_t queries,
                        const cattn_segment *segments, size_t count, size_t group, size_t d, float scale, void *scratch) {
    run_portable(out, ldo, q, ldq, queries, segments, count, group, d, scale, scratch, 0);
}

void cattn_bf16_portable(float *out, size_t ldo, const float *q, size_t ldq, size_t queries,
                         const cattn_segment *segments, size_t count, size_t group, size_t d, float scale, void *scratch) {
    run_portable(out, ldo, q, ldq, queries, segments, count, group, d, scale, scratch, 1);
}
