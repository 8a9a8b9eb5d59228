// What the portable and the AVX-512 builds of the fused attention share: how the query rows are
// cut into blocks of CATTN_LANES lanes, where each part of the scratch lies, bf16 rounding, and
// writing a finished block out.
#ifndef CATTENTION_BLOCKS_H
#define CATTENTION_BLOCKS_H
#include "cattention.h"
#include <stdint.h>

// One block: heads h0..<h0+hcount of the group × query rows t0..<t0+rows; lane i is head
// h0 + i / tb, row t0 + i % tb (tb = CATTN_LANES / heads per block). Lanes past the block are
// padding: zero queries, never masked, never stored.
typedef struct {
    size_t queries, group, firstOwn;
    size_t hb, tb;              // heads per block, rows per block
    size_t h0, hcount, t0, rows;
    size_t ownVisible;          // own keys the block's last row sees: firstOwn + t0 + rows
    size_t minLimit;            // own keys its first row sees: tiles below need no mask
    size_t limit[CATTN_LANES];  // own keys lane i sees
} cattn_block;

static inline void cattn_block_limits(cattn_block *b) {
    b->ownVisible = b->firstOwn + b->t0 + b->rows;
    b->minLimit = b->firstOwn + b->t0 + 1;
    for (size_t i = 0; i < CATTN_LANES; i++) {
        size_t h = i / b->tb, r = i % b->tb;
        b->limit[i] = (h < b->hcount && r < b->rows) ? b->firstOwn + b->t0 + r + 1 : b->ownVisible;
    }
}

static inline void cattn_block_rows(cattn_block *b) {
    size_t left = b->queries - b->t0, heads = b->group - b->h0;
    b->rows = left < b->tb ? left : b->tb;
    b->hcount = heads < b->hb ? heads : b->hb;
    cattn_block_limits(b);
}

static inline int cattn_first_block(cattn_block *b, size_t queries, size_t ownLength, size_t group) {
    b->queries = queries; b->group = group; b->firstOwn = ownLength - queries;
    b->hb = group < CATTN_LANES ? group : CATTN_LANES;
    b->tb = CATTN_LANES / b->hb;
    b->h0 = 0; b->t0 = 0;
    cattn_block_rows(b);
    return 1;
}

// Rows first, then the next heads.
static inline int cattn_next_block(cattn_block *b) {
    b->t0 += b->tb;
    if (b->t0 >= b->queries) {
        b->t0 = 0;
        b->h0 += b->hb;
        if (b->h0 >= b->group) return 0;
    }
    cattn_block_rows(b);
    return 1;
}

// Lane i's query row, or NULL for a padding lane.
static inline const float *cattn_lane_query(const cattn_block *b, size_t i, const float *q, size_t ldq, size_t d) {
    size_t h = i / b->tb, r = i % b->tb;
    if (h >= b->hcount || r >= b->rows) return 0;
    return q + (b->t0 + r) * ldq + (b->h0 + h) * d;
}

// Blocks of one head chunk that walk the key tiles together (the vector builds): each tile's keys
// and values are read from memory once for all of them and then from the core's cache. At 8K
// positions a head's fp32 keys and values are 8 MiB, more than a core's L2; a block alone would
// stream them from memory for every 24 rows.
#define CATTN_GROUP_BLOCKS 4

// Scratch parts, in floats from the start, each 64-byte aligned: the tile's scores and bf16 p,
// shared; then per block (block i's parts at + i·block) its queries, output so far, maximum, sum.
typedef struct { size_t st, pp, qt, ot, m, l, block, bytes; } cattn_layout;

static inline cattn_layout cattn_layout_of(size_t d) {
    enum { N = CATTN_LANES };
    cattn_layout L;
    size_t next = 0;
#define TAKE(field, floats) L.field = next; next += ((floats) + 15) & ~(size_t)15;
    TAKE(st, CATTN_TILE * N)          // fp32 [tile][lanes] scores, then p
    TAKE(pp, CATTN_TILE * N / 2)      // bf16 pairs [tile/2][lanes][2] of p
    size_t first = next;
    TAKE(qt, (d + 1) * N)             // fp32 [d][lanes], or bf16 pairs [(d+1)/2][lanes][2]
    TAKE(ot, d * N)                   // fp32 [d][lanes] Σ p·v so far
    TAKE(m, N)                        // running maximum per lane (raw q·k)
    TAKE(l, N)                        // running Σ p per lane
#undef TAKE
    L.block = next - first;
    next += (CATTN_GROUP_BLOCKS - 1) * L.block;
    L.bytes = next * sizeof(float) + 64;   // room to align the start
    return L;
}

// The caller's scratch, rounded up to 64 bytes (cattn_scratch_bytes has room for it).
static inline float *cattn_aligned(void *scratch) {
    return (float *)(((uintptr_t)scratch + 63) & ~(uintptr_t)63);
}

static inline uint16_t cattn_bf16_bits(float f) {
    union { float f; uint32_t u; } v = { f };
    if ((v.u & 0x7fffffffu) > 0x7f800000u) return (uint16_t)((v.u >> 16) | 0x0040u);   // quiet NaN
    return (uint16_t)((v.u + 0x7fffu + ((v.u >> 16) & 1u)) >> 16);
}

static inline float cattn_bf16_float(uint16_t h) {
    union { uint32_t u; float f; } v = { (uint32_t)h << 16 };
    return v.f;
}

static inline float cattn_key(const cattn_segment *s, size_t j, size_t p, int bf16) {
    return bf16 ? cattn_bf16_float(((const uint16_t *)s->keys)[j * s->ld + p]) : ((const float *)s->keys)[j * s->ld + p];
}

static inline float cattn_value(const cattn_segment *s, size_t j, size_t c, int bf16) {
    if (!bf16) return ((const float *)s->values)[j * s->ld + c];
    return cattn_bf16_float(((const uint16_t *)s->values)[(j / 2) * 2 * s->ld + 2 * c + (j & 1)]);
}

// out rows of the block's real lanes = ot / l.
static inline void cattn_store_block(const cattn_block *b, const float *ot, const float *l, size_t d,
                                     float *out, size_t ldo) {
    for (size_t i = 0; i < CATTN_LANES; i++) {
        size_t h = i / b->tb, r = i % b->tb;
        if (h >= b->hcount || r >= b->rows) continue;
        float inv = 1.0f / l[i];
        float *o = out + (b->t0 + r) * ldo + (b->h0 + h) * d;
        for (size_t c = 0; c < d; c++) o[c] = ot[c * CATTN_LANES + i] * inv;
    }
}
#endif
