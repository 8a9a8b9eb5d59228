// The AVX-512 builds of the fused attention (cattention.h): the steps of attention.c's portable
// build, with 48 stacked query rows on three 16-lane vectors. Per key tile of 64:
//   s = q·kᵀ     8 keys at a time: 24 accumulators, key elements broadcast from the rows in place,
//                the tile maximum per lane taken from the accumulators before they are stored;
//   softmax      p = 2^((s − m)·scale·log2 e) by a polynomial, running sum (bf16: p packed to
//                pairs as it is made);
//   o = o·corr + p·v   8 value columns at a time, the rescale folded into loading o, none when
//                no lane's maximum moved;
// up to CATTN_GROUP_BLOCKS blocks take each tile in turn, so its keys and values come from cache,
// and the next tile's rows are prefetched into L2 meanwhile.
// bf16: the same with vdpbf16ps, which takes pairs along the summed dimension: q's pairs of
// columns (packed per block), the keys' pairs of columns (as stored), p's pairs of keys (packed
// per tile) and the values' pairs of positions (as the cache stores them, see cattention.h).
#include "cattention.h"
#include "attention_blocks.h"
#include <math.h>
#include <string.h>

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include <immintrin.h>

#define CATTN_TARGET __attribute__((target("avx512f,avx512bw,avx512vl,avx512dq,avx512bf16")))
#define INLINE static inline __attribute__((always_inline))
enum { N = CATTN_LANES, KC = 8 };

// 2^x for x ≤ 0 (clamped at −127): x = n + f, |f| ≤ ½, 2^f by its Taylor series to degree 7
// (relative error < 1e-8 before rounding), 2^n by vscalefps.
CATTN_TARGET INLINE __m512 exp2_ps(__m512 x) {
    x = _mm512_max_ps(x, _mm512_set1_ps(-127.0f));
    __m512 n = _mm512_roundscale_ps(x, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    __m512 f = _mm512_sub_ps(x, n);
    __m512 p = _mm512_set1_ps(1.5252733804059840e-05f);
    p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(1.5403530393381608e-04f));
    p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(1.3333558146428443e-03f));
    p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(9.6181291076284772e-03f));
    p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(5.5504108664821580e-02f));
    p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(2.4022650695910071e-01f));
    p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(6.9314718055994531e-01f));
    p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(1.0f));
    return _mm512_scalef_ps(p, n);
}

// What a chunk of scores needs to know about its tile: the running tile maximum per lane (three
// vectors, updated here while the scores are still in registers, so no pass reloads them for it),
// and whether its keys are masked: then lane i sees key j only where limit[i] > j (j absolute,
// the chunk's first key at `key`).
typedef struct {
    __m512 mx[3];
    __m512i limit[3];
    int masked;
    size_t key;
} tile_state;

// st[k][lanes] = acc[k] for the chunk's kc keys, and the tile maximum over the keys each lane sees.
CATTN_TARGET INLINE void store_scores(int kc, float *st, __m512 acc[KC][3], tile_state *t) {
    for (int k = 0; k < KC; k++) {
        if (k < kc) {
            for (int v = 0; v < 3; v++) {
                _mm512_store_ps(st + k * N + 16 * v, acc[k][v]);
                if (t->masked) {
                    __mmask16 seen = _mm512_cmpgt_epi32_mask(t->limit[v], _mm512_set1_epi32((int)(t->key + k)));
                    t->mx[v] = _mm512_mask_max_ps(t->mx[v], seen, t->mx[v], acc[k][v]);
                } else {
                    t->mx[v] = _mm512_max_ps(t->mx[v], acc[k][v]);
                }
            }
        }
    }
}

// st[j][lanes] = q·k_j for the tile's keys j < n (fp32).
CATTN_TARGET INLINE void scores_f32_chunk(int kc, float *st, const float *qt, const float *keys, size_t ld, size_t d,
                                          tile_state *t) {
    __m512 acc[KC][3];
    const float *kp[KC];
    for (int k = 0; k < KC; k++) {
        kp[k] = keys + (size_t)(k < kc ? k : 0) * ld;
        acc[k][0] = acc[k][1] = acc[k][2] = _mm512_setzero_ps();
    }
    for (size_t p = 0; p < d; p++) {
        __m512 q0 = _mm512_load_ps(qt + p * N), q1 = _mm512_load_ps(qt + p * N + 16), q2 = _mm512_load_ps(qt + p * N + 32);
        for (int k = 0; k < KC; k++) {
            if (k < kc) {
                __m512 x = _mm512_set1_ps(kp[k][p]);
                acc[k][0] = _mm512_fmadd_ps(x, q0, acc[k][0]);
                acc[k][1] = _mm512_fmadd_ps(x, q1, acc[k][1]);
                acc[k][2] = _mm512_fmadd_ps(x, q2, acc[k][2]);
            }
        }
    }
    store_scores(kc, st, acc, t);
}

// The same in bf16: qt holds [d/2][lanes][2] bf16 pairs, keys bf16 rows (d even).
CATTN_TARGET INLINE void scores_bf16_chunk(int kc, float *st, const uint16_t *qt, const uint16_t *keys, size_t ld,
                                           size_t d, tile_state *t) {
    __m512 acc[KC][3];
    const uint32_t *kp[KC];
    for (int k = 0; k < KC; k++) {
        kp[k] = (const uint32_t *)(keys + (size_t)(k < kc ? k : 0) * ld);
        acc[k][0] = acc[k][1] = acc[k][2] = _mm512_setzero_ps();
    }
    for (size_t p = 0; p < d / 2; p++) {
        const uint16_t *row = qt + p * 2 * N;
        __m512bh q0 = (__m512bh)_mm512_load_si512(row), q1 = (__m512bh)_mm512_load_si512(row + 32);
        __m512bh q2 = (__m512bh)_mm512_load_si512(row + 64);
        for (int k = 0; k < KC; k++) {
            if (k < kc) {
                __m512bh x = (__m512bh)_mm512_set1_epi32((int)kp[k][p]);
                acc[k][0] = _mm512_dpbf16_ps(acc[k][0], x, q0);
                acc[k][1] = _mm512_dpbf16_ps(acc[k][1], x, q1);
                acc[k][2] = _mm512_dpbf16_ps(acc[k][2], x, q2);
            }
        }
    }
    store_scores(kc, st, acc, t);
}

CATTN_TARGET static void scores_tile(int bf16, float *st, const void *qt, const cattn_segment *s, size_t k0, size_t n,
                                     size_t d, tile_state *t) {
    for (size_t j = 0; j < n; j += KC) {
        int kc = n - j < KC ? (int)(n - j) : KC;
        t->key = k0 + j;
        if (bf16) {
            const uint16_t *keys = (const uint16_t *)s->keys + j * s->ld;
            switch (kc) {
#define CASE(c) case c: scores_bf16_chunk(c, st + j * N, (const uint16_t *)qt, keys, s->ld, d, t); break;
            CASE(1) CASE(2) CASE(3) CASE(4) CASE(5) CASE(6) CASE(7) CASE(8)
#undef CASE
            }
        } else {
            const float *keys = (const float *)s->keys + j * s->ld;
            switch (kc) {
#define CASE(c) case c: scores_f32_chunk(c, st + j * N, (const float *)qt, keys, s->ld, d, t); break;
            CASE(1) CASE(2) CASE(3) CASE(4) CASE(5) CASE(6) CASE(7) CASE(8)
#undef CASE
            }
        }
    }
}

// ot[c][lanes] = ot·corr + Σ_j p_j · v_j[c] for the tile's n keys (fp32 values), 8 columns at a time;
// corr [3] vectors, or NULL when it is 1 on every lane (nothing to rescale).
CATTN_TARGET static void accumulate_f32(float *ot, const __m512 *corr, const float *st, const float *values, size_t ld,
                                        size_t n, size_t d) {
    for (size_t c0 = 0; c0 < d; c0 += KC) {
        __m512 acc[KC][3];
        for (int c = 0; c < KC; c++) {
            for (int v = 0; v < 3; v++) {
                acc[c][v] = _mm512_load_ps(ot + (c0 + c) * N + 16 * v);
                if (corr) acc[c][v] = _mm512_mul_ps(acc[c][v], corr[v]);
            }
        }
        for (size_t j = 0; j < n; j++) {
            __m512 p0 = _mm512_load_ps(st + j * N), p1 = _mm512_load_ps(st + j * N + 16), p2 = _mm512_load_ps(st + j * N + 32);
            const float *vr = values + j * ld + c0;
            for (int c = 0; c < KC; c++) {
                __m512 x = _mm512_set1_ps(vr[c]);
                acc[c][0] = _mm512_fmadd_ps(x, p0, acc[c][0]);
                acc[c][1] = _mm512_fmadd_ps(x, p1, acc[c][1]);
                acc[c][2] = _mm512_fmadd_ps(x, p2, acc[c][2]);
            }
        }
        for (int c = 0; c < KC; c++) {
            for (int v = 0; v < 3; v++) _mm512_store_ps(ot + (c0 + c) * N + 16 * v, acc[c][v]);
        }
    }
}

// The same in bf16: pp holds p as [tile/2][lanes][2] pairs of keys, values the pair layout at
// the tile's first (even) position; n keys rounded up to a whole pair (p is zero past n).
CATTN_TARGET static void accumulate_bf16(float *ot, const __m512 *corr, const uint16_t *pp, const uint16_t *values,
                                         size_t ld, size_t n, size_t d) {
    const uint32_t *vp = (const uint32_t *)values;
    for (size_t c0 = 0; c0 < d; c0 += KC) {
        __m512 acc[KC][3];
        for (int c = 0; c < KC; c++) {
            for (int v = 0; v < 3; v++) {
                acc[c][v] = _mm512_load_ps(ot + (c0 + c) * N + 16 * v);
                if (corr) acc[c][v] = _mm512_mul_ps(acc[c][v], corr[v]);
            }
        }
        for (size_t j = 0; j < (n + 1) / 2; j++) {
            const uint16_t *row = pp + j * 2 * N;
            __m512bh p0 = (__m512bh)_mm512_load_si512(row), p1 = (__m512bh)_mm512_load_si512(row + 32);
            __m512bh p2 = (__m512bh)_mm512_load_si512(row + 64);
            const uint32_t *vr = vp + j * ld + c0;
            for (int c = 0; c < KC; c++) {
                __m512bh x = (__m512bh)_mm512_set1_epi32((int)vr[c]);
                acc[c][0] = _mm512_dpbf16_ps(acc[c][0], x, p0);
                acc[c][1] = _mm512_dpbf16_ps(acc[c][1], x, p1);
                acc[c][2] = _mm512_dpbf16_ps(acc[c][2], x, p2);
            }
        }
        for (int c = 0; c < KC; c++) {
            for (int v = 0; v < 3; v++) _mm512_store_ps(ot + (c0 + c) * N + 16 * v, acc[c][v]);
        }
    }
}

// bf16 pairs of keys j, j+1 for the three lane vectors: [(p_j[i], p_j+1[i]) for i] (round to nearest even).
CATTN_TARGET INLINE void pack_pair(uint16_t *dst, __m512 a, __m512 b) {
    const __m512i interleave = _mm512_set_epi16(31, 15, 30, 14, 29, 13, 28, 12, 27, 11, 26, 10, 25, 9, 24, 8,
                                                23, 7, 22, 6, 21, 5, 20, 4, 19, 3, 18, 2, 17, 1, 16, 0);
    __m512i both = (__m512i)_mm512_cvtne2ps_pbh(b, a);   // a's 16 in the low half, b's in the high half
    _mm512_store_si512(dst, _mm512_permutexvar_epi16(interleave, both));
}

// A block's start: queries on lanes (fp32 [d][lanes], or bf16 pairs of columns [d/2][lanes][2]),
// maximum −∞, sum and output 0.
CATTN_TARGET static void start_block(const cattn_block *b, const float *q, size_t ldq, size_t d, int bf16, float *qt,
                                     float *ot, float *m, float *l) {
    for (size_t i = 0; i < N; i++) {
        const float *row = cattn_lane_query(b, i, q, ldq, d);
        if (bf16) {
            uint16_t *qh = (uint16_t *)qt;
            for (size_t p = 0; p < d; p++) qh[(p / 2) * 2 * N + 2 * i + (p & 1)] = row ? cattn_bf16_bits(row[p]) : 0;
        } else {
            for (size_t p = 0; p < d; p++) qt[p * N + i] = row ? row[p] : 0.0f;
        }
        m[i] = -INFINITY; l[i] = 0;
    }
    memset(ot, 0, d * N * sizeof(float));
}

// The tile of keys k0..<k0+n of a segment as a segment of its own (key 0 = k0; k0 is even, so in
// bf16 it starts a pair of values), and the next `ahead` keys' rows (keys and values) fetched into
// L2 while this tile is worked on. A position's row in the cache is all kv heads wide (8·128 bf16
// = 2 KiB apart at the 0.6B shape), strides the hardware prefetchers do not follow far enough: the
// first block to touch a tile would otherwise wait on L3 or memory for each line.
CATTN_TARGET static void view_tile(int bf16, const cattn_segment *s, size_t k0, size_t n, size_t ahead, size_t d,
                                   cattn_segment *tile) {
    size_t size = bf16 ? sizeof(uint16_t) : sizeof(float), row = d * size, ldb = s->ld * size;
    const char *keys = (const char *)s->keys + k0 * ldb, *values = (const char *)s->values + k0 * ldb;
    // bf16 values: rows are pairs of positions, 2·row bytes long and 2·ldb apart.
    size_t vrow = bf16 ? 2 * row : row, vld = bf16 ? 2 * ldb : ldb, vahead = bf16 ? (ahead + 1) / 2 : ahead;
    for (size_t j = 0; j < ahead; j++) {
        for (size_t c = 0; c < row; c += 64) _mm_prefetch(keys + (n + j) * ldb + c, _MM_HINT_T1);
    }
    for (size_t r = 0; r < vahead; r++) {
        for (size_t c = 0; c < vrow; c += 64) _mm_prefetch(values + n * ldb + r * vld + c, _MM_HINT_T1);
    }
    tile->keys = keys; tile->values = values; tile->length = n; tile->ld = s->ld;
}

// One block through one tile of keys k0..<k0+n (`tile`, from view_tile; see block_portable in
// attention.c for the plain steps).
CATTN_TARGET static void tile_block(const cattn_block *b, const cattn_segment *tile, int own, size_t k0, size_t n,
                                    size_t d, int bf16, __m512 c2, const float *qt, float *ot, float *mrow, float *lrow,
                                    float *st, uint16_t *pp) {
    // Scores, and the tile maximum per lane over the keys it sees (from the running maximum on).
    tile_state t;
    t.masked = own && k0 + n > b->minLimit;
    if (t.masked) {
        for (int v = 0; v < 3; v++) {
            int32_t lim[16];
            for (int i = 0; i < 16; i++) lim[i] = (int32_t)b->limit[16 * v + i];
            t.limit[v] = _mm512_loadu_si512(lim);
        }
    }
    __m512 m[3];
    for (int v = 0; v < 3; v++) t.mx[v] = m[v] = _mm512_load_ps(mrow + 16 * v);
    scores_tile(bf16, st, qt, tile, k0, n, d, &t);
    // corr = 2^((m − mx)·c2) is exactly 1 on a lane whose maximum stayed (the polynomial at 0 is
    // 1, 2^0 scales by 1): when every lane's did, the output needs no rescale.
    __m512 corr[3], mc[3], sum[3];
    __mmask16 moved = 0;
    for (int v = 0; v < 3; v++) {
        corr[v] = exp2_ps(_mm512_mul_ps(_mm512_sub_ps(m[v], t.mx[v]), c2));
        moved |= _mm512_cmp_ps_mask(corr[v], _mm512_set1_ps(1.0f), _CMP_NEQ_UQ);
        mc[v] = _mm512_mul_ps(t.mx[v], c2);
        sum[v] = _mm512_setzero_ps();
        _mm512_store_ps(mrow + 16 * v, t.mx[v]);
    }
    const __m512 *rescale = moved ? corr : 0;
    // p = 2^(s·c2 − m·c2), zero where masked; summed unrounded, key by key as the portable build.
#define P_OF(pow2, j, v, p)                                                                                  \
    do {                                                                                                 \
        p = pow2(_mm512_fmsub_ps(_mm512_load_ps(st + (j) * N + 16 * (v)), c2, mc[v]));                   \
        if (t.masked) {                                                                                  \
            __mmask16 seen = _mm512_cmpgt_epi32_mask(t.limit[v], _mm512_set1_epi32((int)(k0 + (j))));   \
            p = _mm512_maskz_mov_ps(seen, p);                                                            \
        }                                                                                                \
        sum[v] = _mm512_add_ps(sum[v], p);                                                               \
    } while (0)
    if (bf16) {
        // Two keys at a time, packed to bf16 pairs straight from registers (no fp32 p in memory).
        for (size_t j = 0; j < n; j += 2) {
            for (int v = 0; v < 3; v++) {
                __m512 p0, p1 = _mm512_setzero_ps();
                P_OF(exp2_ps, j, v, p0);
                if (j + 1 < n) P_OF(exp2_ps, j + 1, v, p1);
                pack_pair(pp + (j / 2) * 2 * N + 32 * v, p0, p1);
            }
        }
    } else {
        for (size_t j = 0; j < n; j++) {
            for (int v = 0; v < 3; v++) {
                __m512 p;
                P_OF(exp2_ps, j, v, p);
                _mm512_store_ps(st + j * N + 16 * v, p);
            }
        }
    }
#undef P_OF
    for (int v = 0; v < 3; v++) {
        _mm512_store_ps(lrow + 16 * v, _mm512_fmadd_ps(_mm512_load_ps(lrow + 16 * v), corr[v], sum[v]));
    }
    if (bf16) {
        accumulate_bf16(ot, rescale, pp, (const uint16_t *)tile->values, tile->ld, n, d);
    } else {
        accumulate_f32(ot, rescale, st, (const float *)tile->values, tile->ld, n, d);
    }
}

// Up to CATTN_GROUP_BLOCKS blocks of rows (one head chunk, ascending rows) through every segment,
// tile by tile, each block in its own scratch; a block stops at the last own key its rows see.
CATTN_TARGET static void group_avx512(const cattn_block *blocks, size_t nb, const float *q, size_t ldq,
                                      const cattn_segment *segments, size_t count, size_t d, float scale, int bf16,
                                      float *scratch, float *out, size_t ldo) {
    cattn_layout L = cattn_layout_of(d);
    float *st = scratch + L.st;
    uint16_t *pp = (uint16_t *)(scratch + L.pp);
    const __m512 c2 = _mm512_set1_ps(scale * 1.4426950408889634f);
    for (size_t i = 0; i < nb; i++) {
        float *base = scratch + i * L.block;
        start_block(&blocks[i], q, ldq, d, bf16, base + L.qt, base + L.ot, base + L.m, base + L.l);
    }
    for (size_t s = 0; s < count; s++) {
        int own = s + 1 == count;
        const cattn_segment *seg = &segments[s];
        size_t len = own ? blocks[nb - 1].ownVisible : seg->length;
        for (size_t k0 = 0; k0 < len; k0 += CATTN_TILE) {
            size_t n = len - k0 < CATTN_TILE ? len - k0 : CATTN_TILE;
            cattn_segment tile;
            size_t rest = len - k0 - n;
            view_tile(bf16, seg, k0, n, rest < CATTN_TILE ? rest : CATTN_TILE, d, &tile);
            for (size_t i = 0; i < nb; i++) {
                size_t seen = own ? blocks[i].ownVisible : len;
                if (k0 >= seen) continue;
                float *base = scratch + i * L.block;
                tile_block(&blocks[i], &tile, own, k0, seen - k0 < n ? seen - k0 : n, d, bf16, c2, base + L.qt,
                           base + L.ot, base + L.m, base + L.l, st, pp);
            }
        }
    }
    for (size_t i = 0; i < nb; i++) {
        float *base = scratch + i * L.block;
        cattn_store_block(&blocks[i], base + L.ot, base + L.l, d, out, ldo);
    }
}

CATTN_TARGET static void run_avx512(float *out, size_t ldo, const float *q, size_t ldq, size_t queries,
                                    const cattn_segment *segments, size_t count, size_t group, size_t d, float scale,
                                    void *scratch, int bf16) {
    if (queries == 0 || count == 0) return;
    cattn_block b, blocks[CATTN_GROUP_BLOCKS];
    int more = cattn_first_block(&b, queries, segments[count - 1].length, group);
    while (more) {
        size_t nb = 0, h0 = b.h0;
        while (more && nb < CATTN_GROUP_BLOCKS && b.h0 == h0) {
            blocks[nb++] = b;
            more = cattn_next_block(&b);
        }
        group_avx512(blocks, nb, q, ldq, segments, count, d, scale, bf16, cattn_aligned(scratch), out, ldo);
    }
}

void cattn_f32_avx512(float *out, size_t ldo, const float *q, size_t ldq, size_t queries,
                      const cattn_segment *segments, size_t count, size_t group, size_t d, float scale, void *scratch) {
    run_avx512(out, ldo, q, ldq, queries, segments, count, group, d, scale, scratch, 0);
}

void cattn_bf16_avx512(float *out, size_t ldo, const float *q, size_t ldq, size_t queries,
                       const cattn_segment *segments, size_t count, size_t group, size_t d, float scale, void *scratch) {
    run_avx512(out, ldo, q, ldq, queries, segments, count, group, d, scale, scratch, 1);
}

#else

void cattn_f32_avx512(float *out, size_t ldo, const float *q, size_t ldq, size_t queries,
                      const cattn_segment *segments, size_t count, size_t group, size_t d, float scale, void *scratch) {
    cattn_f32_portable(out, ldo, q, ldq, queries, segments, count, group, d, scale, scratch);
}

void cattn_bf16_avx512(float *out, size_t ldo, const float *q, size_t ldq, size_t queries,
                       const cattn_segment *segments, size_t count, size_t group, size_t d, float scale, void *scratch) {
    cattn_bf16_portable(out, ldo, q, ldq, queries, segments, count, group, d, scale, scratch);
}

#endif
