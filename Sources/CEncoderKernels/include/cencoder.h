#ifndef CENCODER_H
#define CENCODER_H
// The element-wise and attention loops of a BERT encoder pass in C, so that they run in the
// widest vectors the CPU has: the Swift targets are built for baseline x86-64 (SSE2, 4 floats, no
// FMA), so their loops stay narrow. Each function here is compiled three times (AVX-512, AVX2+FMA,
// baseline; clang's target_clones on x86-64 ELF) and the loader picks the version for this CPU.
// Plain loops, written for the vectorizer; the Swift references beside their callers (Kernels)
// are what tests compare them with.

#include <stddef.h>

/// x[i] = gelu(x[i]) = x·½·(1 + erf(x/√2)), erf by Abramowitz & Stegun 7.1.26 as PyTorch's
/// Vectorized<float>::erf computes it (|error| ≤ 1.5e-7), e^x by the Cephes method.
void cenc_gelu(float *x, size_t count);

/// y[r] = (x[r] − mean) / √(var + eps) · weight + bias for each of `rows` rows of `width` floats
/// (torch.nn.LayerNorm, biased variance, two passes). y may be x.
void cenc_layer_norm(float *y, const float *x, const float *weight, const float *bias,
                     size_t rows, size_t width, float eps);

/// Floats of scratch cenc_attend_sequence needs.
size_t cenc_attention_scratch(size_t tokens, size_t head_dim);

/// Bidirectional attention of one sequence, every head: out_h = softmax(q_h·k_hᵀ/√d)·v_h.
/// q, k, v: [tokens, ≥ heads·head_dim] with leading dimension ld_input; out: leading dimension
/// ld_output (must not overlap q, k or v). scratch: cenc_attention_scratch(tokens, head_dim) floats.
void cenc_attend_sequence(float *out, size_t ld_output, const float *q, const float *k, const float *v,
                          size_t ld_input, size_t tokens, size_t heads, size_t head_dim, float *scratch);

#endif
