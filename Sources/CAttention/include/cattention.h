#ifndef CATTENTION_H
#define CATTENTION_H
// Fused causal attention for one key/value head and its group of query heads: q·kᵀ, an online
// softmax (running maximum and sum per row) and p·v, walked over key tiles with nothing but this
// call's scratch. Query rows sit on vector lanes (48 stacked rows: the group's heads × a block of
// tokens), so keys and values are read in place, row by row, as the cache holds them; no product
// re-packs its operands per tile. The vector builds walk up to four blocks through each key tile
// together, so the tile comes from cache after the first. Three builds of one algorithm:
// AVX-512F (fp32), AVX512-BF16 (bf16 products, fp32 accumulation, softmax and normalization) and
// a plain portable one that runs on any CPU (the emulated bf16 route and the tests' yardstick).
// The library is built for baseline x86-64; the AVX-512 functions carry target attributes and
// are called only after cbf16_cpu_has_avx512() / cbf16_cpu_has_avx512bf16() said yes.

#include <stddef.h>
#include <stdint.h>

/// Stacked query rows per block (three 16-lane vectors) and keys per tile.
#define CATTN_LANES 48
#define CATTN_TILE 64

/// A run of consecutive key positions one head sees: a cached prefix, or the sequence's own keys.
/// Pointers are at the head's first element (head g of a [positions, kvHeads·d] row: + g·d).
///   fp32:  key and value of position j at keys/values + j·ld.
///   bf16:  key j at (uint16_t *)keys + j·ld; values in pairs of positions, interleaved as
///          vdpbf16ps takes them: value (j, c) at (uint16_t *)values + (j/2)·2·ld + 2c + (j & 1),
///          with a zero in the second half of the last pair when length is odd
///          (cattn_pack_values_bf16 writes this layout).
typedef struct {
    const void *keys;
    const void *values;
    size_t length;
    size_t ld;
} cattn_segment;

/// Bytes of scratch one concurrent call needs for head width d (any alignment).
size_t cattn_scratch_bytes(size_t d);

/// Whether the vector kernels take head width d (a multiple of 8); otherwise only the portable one.
int cattn_vector_width_ok(size_t d);

/// out[t·ldo + h·d + c] = attention of query t, head h (t < queries, h < group; q and out point at
/// the group's first head). The last segment holds the sequence's own keys; query t is its position
/// last.length − queries + t and sees every earlier segment whole and its own keys up to itself.
/// scale multiplies q·k before the softmax (d^-½).
void cattn_f32_avx512(float *out, size_t ldo, const float *q, size_t ldq, size_t queries,
                      const cattn_segment *segments, size_t count, size_t group, size_t d, float scale, void *scratch);
void cattn_bf16_avx512(float *out, size_t ldo, const float *q, size_t ldq, size_t queries,
                       const cattn_segment *segments, size_t count, size_t group, size_t d, float scale, void *scratch);
/// The same two computations, plainly; any CPU, any d.
void cattn_f32_portable(float *out, size_t ldo, const float *q, size_t ldq, size_t queries,
                        const cattn_segment *segments, size_t count, size_t group, size_t d, float scale, void *scratch);
void cattn_bf16_portable(float *out, size_t ldo, const float *q, size_t ldq, size_t queries,
                         const cattn_segment *segments, size_t count, size_t group, size_t d, float scale, void *scratch);

/// Positions first..<first+count of a bf16 value buffer in the pair layout above (head width
/// `width` = ld, all heads), from fp32 rows src[i·lds ..< i·lds + width]; rounds to nearest even and
/// writes the zero half after an odd end.
void cattn_pack_values_bf16(const float *src, size_t lds, uint16_t *dst, size_t ld, size_t first, size_t count,
                            size_t width);

#endif
