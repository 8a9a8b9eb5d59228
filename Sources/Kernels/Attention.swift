import CAttention
import CBF16
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

// Causal grouped-query attention (transformers' eager_attention_forward: softmax(q·kᵀ·d^-½ + causal
// mask) · v, fp32 softmax, each kv head serving heads/kvHeads consecutive query heads).
//
// A sequence's keys come as segments: any number of runs of cached positions it sees whole (a
// prompt prefix shared by candidates; later, a query shared by a request's documents), then its
// own `tokens` new positions, causal among themselves. A plain full-sequence pass has no segments.
//
// Three routes compute the same thing (Sources/CAttention for the fused ones):
//   fused AVX-512: per key/value head, 48 stacked query rows (the group's heads × a block of tokens)
//     on vector lanes walk the keys in tiles of 64 with an online softmax (FlashAttention's running
//     maximum and sum), q·kᵀ and p·v by register-blocked loops that read keys and values in place,
//     as the cache holds them; fp32 (AVX-512F) or bf16 products (AVX512-BF16, fp32 accumulation).
//   fused portable: the same steps in plain C, any CPU: the emulated bf16 route.
//   tiled sgemm: fp32 on CPUs without AVX-512 (or head widths the vector loops do not take): 64
//     token rows × the group's heads per block, key tiles of 256, each product an sgemm call.

/// Head counts and width of one attention layer.
public struct AttentionShape: Sendable, Equatable {
    public var heads: Int
    public var kvHeads: Int
    public var headDim: Int
    public init(heads: Int, kvHeads: Int, headDim: Int) {
        self.heads = heads; self.kvHeads = kvHeads; self.headDim = headDim
    }
    /// Width of a query / output row: heads · headDim.
    public var queryWidth: Int { heads * headDim }
    /// Width of a key / value row: kvHeads · headDim.
    public var kvWidth: Int { kvHeads * headDim }
}

/// Keys and values of consecutive positions as a layer's cache holds them, rows of kvHeads · headDim.
public enum KeyValueRows {
    /// fp32 rows: what the fp32 routes read.
    case fp32(keys: UnsafePointer<Float>, values: UnsafePointer<Float>)
    /// bf16, as the bf16 routes read them in place: key rows; values in pairs of positions
    /// interleaved (value (j, c) at (j/2)·2·width + 2c + j%2, a zero half after an odd length).
    /// `BF16KeyValueCache` writes this layout.
    case bf16(keys: UnsafePointer<UInt16>, values: UnsafePointer<UInt16>)
}

/// A run of cached positions that a sequence sees whole before its own keys.
public struct KeySegment {
    public var rows: KeyValueRows
    public var length: Int
    public init(_ rows: KeyValueRows, length: Int) { self.rows = rows; self.length = length }
}

/// Which code computes attention (see the top of this file).
enum AttentionRoute: Equatable {
    case fusedAVX512, fusedPortable, tiledSgemm

    /// The route `kernel` takes on this CPU for head width d.
    init(kernel: ArithmeticDescription.Kernel, headDim d: Int) {
        let vectorWidth = cattn_vector_width_ok(d) != 0
        switch kernel {
        case .sgemm: self = AttentionKernels.avx512 && vectorWidth ? .fusedAVX512 : .tiledSgemm
        case .avx512bf16: self = BF16Kernels.available && vectorWidth ? .fusedAVX512 : .fusedPortable
        case .emulatedBF16: self = .fusedPortable
        }
    }
}

/// The fused attention's CPU check (AVX-512F/DQ/BW/VL, read once from cpuid at run time) and the
/// name of its bf16 numerics.
public enum AttentionKernels {
    public static let avx512: Bool = cbf16_cpu_has_avx512() != 0
    /// What bf16 attention's numbers depend on, for fingerprints of bf16 scores: "bf16" was the
    /// sgemm-tiled kernel (p rounded per 256 keys); the fused kernel rounds p per 64-key tile.
    /// fp32 attention changed only in summation order and stays unnamed.
    public static let bf16Version = "bf16-fused64"
}

extension ArithmeticDescription.Kernel {
    /// Whether attention in this arithmetic reads its cached keys/values as bf16 (`KeyValueRows.bf16`):
    /// the bf16 routes, whose products round them to bf16 anyway, keep the cache at half the size.
    public var cachesBF16: Bool { self != .sgemm }
}

/// Floats of scratch `causalAttention` needs with `kernel`: the row blocks' queries and outputs and
/// one key tile of scores (independent of the length); bf16 routes also round the call's fp32 keys
/// and values (its own `tokens` and any fp32 segments' `prefixLength` positions) into it.
public func attentionScratchCount(tokens: Int, prefixLength: Int, shape: AttentionShape,
                                  kernel: ArithmeticDescription.Kernel = .sgemm) -> Int {
    attentionScratchCount(tokens: tokens, prefixLength: prefixLength, shape: shape, kernel: kernel,
                          route: AttentionRoute(kernel: kernel, headDim: shape.headDim))
}

/// Tests: the scratch of a chosen route.
func attentionScratchCount(tokens: Int, prefixLength: Int, shape: AttentionShape, kernel: ArithmeticDescription.Kernel,
                           route: AttentionRoute) -> Int {
    let d = shape.headDim
    switch route {
    case .tiledSgemm:
        return TiledAttentionLayout(tokens: tokens, shape: shape).count
    case .fusedAVX512, .fusedPortable:
        let fused = (cattn_scratch_bytes(d) + 63) / 64 * 16
        return kernel.cachesBF16 ? fused + BF16Rounding(rows: tokens + prefixLength, d: d).floats : fused
    }
}

/// Where a bf16 route rounds fp32 keys/values of one head and segment: keys [rows, d], then values
/// in pairs [(rows + 1)/2, d, 2], in 16-bit units from its start. Room for `rows` positions over up
/// to 8 segments: each segment's odd end adds at most one padded position.
struct BF16Rounding {
    let values: Int
    let halves: Int
    var floats: Int { (halves + 8 * 2 * width + 1) / 2 }
    private let width: Int

    init(rows: Int, d: Int) {
        width = d
        values = rows * d
        halves = values + (rows + 1) / 2 * 2 * d
    }
}

/// out[i, h·d] = attention of new token t = tokens − queryCount + i (position after the segments'
/// positions, + t) for every head h. All new tokens have keys; only the last `queryCount` have
/// queries (all of them by default; just the last one where only its output is needed).
///   q, out:            [queryCount, heads·headDim] row-major (q normed and rotated)
///   segments:          cached runs of positions seen whole, in order (fp32 rows for the fp32
///                      routes; fp32 or bf16 for the bf16 ones, fp32 ones rounded per call)
///   keys, values:      [tokens, kvHeads·headDim], the new tokens' own (rotated) keys/values
///   scratch:           attentionScratchCount(tokens:prefixLength:shape:kernel:) floats
///                      (prefixLength: the fp32 segments' positions)
///   kvHeads:           the key/value heads to compute, each with its group of query heads (all by
///                      default); other heads' outputs are left alone
///   kernel:            the products' arithmetic: fp32; or bf16 inputs (q, k, v and the
///                      probabilities rounded to nearest even) with fp32 accumulation. The scale,
///                      softmax and normalization are fp32 in all routes.
public func causalAttention(
    out: UnsafeMutablePointer<Float>, q: UnsafePointer<Float>, segments: [KeySegment],
    keys: UnsafePointer<Float>, values: UnsafePointer<Float>, tokens: Int, queryCount: Int? = nil,
    shape: AttentionShape, scratch: UnsafeMutablePointer<Float>, kvHeads: Range<Int>? = nil,
    kernel: ArithmeticDescription.Kernel = .sgemm
) {
    causalAttention(out: out, q: q, segments: segments, keys: keys, values: values, tokens: tokens,
                    queryCount: queryCount, shape: shape, scratch: scratch, kvHeads: kvHeads, kernel: kernel,
                    route: AttentionRoute(kernel: kernel, headDim: shape.headDim))
}

/// The same with an fp32 prefix cache of `prefixLength` rows (none when either pointer is nil).
public func causalAttention(
    out: UnsafeMutablePointer<Float>, q: UnsafePointer<Float>,
    prefixKeys: UnsafePointer<Float>?, prefixValues: UnsafePointer<Float>?, prefixLength: Int,
    keys: UnsafePointer<Float>, values: UnsafePointer<Float>, tokens: Int, queryCount: Int? = nil,
    shape: AttentionShape, scratch: UnsafeMutablePointer<Float>, kvHeads: Range<Int>? = nil,
    kernel: ArithmeticDescription.Kernel = .sgemm
) {
    var segments: [KeySegment] = []
    if let prefixKeys, let prefixValues, prefixLength > 0 {
        segments.append(KeySegment(.fp32(keys: prefixKeys, values: prefixValues), length: prefixLength))
    }
    causalAttention(out: out, q: q, segments: segments, keys: keys, values: values, tokens: tokens,
                    queryCount: queryCount, shape: shape, scratch: scratch, kvHeads: kvHeads, kernel: kernel)
}

/// Tests: a chosen route.
func causalAttention(
    out: UnsafeMutablePointer<Float>, q: UnsafePointer<Float>, segments: [KeySegment],
    keys: UnsafePointer<Float>, values: UnsafePointer<Float>, tokens: Int, queryCount: Int?,
    shape: AttentionShape, scratch: UnsafeMutablePointer<Float>, kvHeads: Range<Int>?,
    kernel: ArithmeticDescription.Kernel, route: AttentionRoute
) {
    let queries = min(queryCount ?? tokens, tokens)
    if queries <= 0 { return }
    if route == .tiledSgemm {
        tiledAttention(out: out, q: q, segments: segments.filter { $0.length > 0 }, keys: keys, values: values,
                       tokens: tokens, queries: queries, shape: shape, scratch: scratch,
                       kvHeads: kvHeads ?? 0..<shape.kvHeads)
        return
    }
    let d = shape.headDim, kvWidth = shape.kvWidth, qWidth = shape.queryWidth
    let group = shape.heads / shape.kvHeads
    let scale = 1 / Float(d).squareRoot()
    let bf16 = kernel.cachesBF16
    let fusedFloats = (cattn_scratch_bytes(d) + 63) / 64 * 16
    let halves = UnsafeMutableRawPointer(scratch + fusedFloats).assumingMemoryBound(to: UInt16.self)

    // The segments as the kernel takes them, on the stack (no allocation per call).
    withUnsafeTemporaryAllocation(of: cattn_segment.self, capacity: segments.count + 1) { cSegments in
        let s = cSegments.baseAddress!, n = segments.count + 1
        for g in kvHeads ?? 0..<shape.kvHeads {
            // At this head; fp32 segments rounded here for bf16 routes.
            var roundedHalves = 0
            func roundedSegment(keys: UnsafePointer<Float>, values: UnsafePointer<Float>, length: Int) -> cattn_segment {
                let room = BF16Rounding(rows: length, d: d)
                let kh = halves + roundedHalves, vh = kh + room.values
                cbf16_round_rows(keys + g * d, kvWidth, kh, d, length, d)
                cattn_pack_values_bf16(values + g * d, kvWidth, vh, d, 0, length, d)
                roundedHalves += room.halves
                return cattn_segment(keys: kh, values: vh, length: length, ld: d)
            }
            for (i, segment) in segments.enumerated() {
                switch segment.rows {
                case let .fp32(k, v):
                    s[i] = bf16 ? roundedSegment(keys: k, values: v, length: segment.length)
                                : cattn_segment(keys: k + g * d, values: v + g * d, length: segment.length, ld: kvWidth)
                case let .bf16(k, v):
                    precondition(bf16, "bf16 keys and values need a bf16 attention kernel")
                    s[i] = cattn_segment(keys: k + g * d, values: v + 2 * g * d, length: segment.length, ld: kvWidth)
                }
            }
            s[n - 1] = bf16 ? roundedSegment(keys: keys, values: values, length: tokens)
                            : cattn_segment(keys: keys + g * d, values: values + g * d, length: tokens, ld: kvWidth)
            let o = out + g * group * d, qg = q + g * group * d
            switch (route, bf16) {
            case (.fusedAVX512, false): cattn_f32_avx512(o, qWidth, qg, qWidth, queries, s, n, group, d, scale, scratch)
            case (.fusedAVX512, true): cattn_bf16_avx512(o, qWidth, qg, qWidth, queries, s, n, group, d, scale, scratch)
            case (_, false): cattn_f32_portable(o, qWidth, qg, qWidth, queries, s, n, group, d, scale, scratch)
            case (_, true): cattn_bf16_portable(o, qWidth, qg, qWidth, queries, s, n, group, d, scale, scratch)
            }
        }
    }
}

/// Reference for `causalAttention`: one query, one head, one key at a time, in Double. With `bf16`,
/// q, k, v and the (normalized) probabilities are rounded to bf16 first, as the bf16 kernels' inputs are.
/// Arrays are dense with the shapes documented on `causalAttention` (one fp32 prefix segment).
public func causalAttentionReference(
    q: [Float], prefixKeys: [Float], prefixValues: [Float], prefixLength: Int,
    keys: [Float], values: [Float], tokens: Int, shape: AttentionShape, bf16: Bool = false
) -> [Float] {
    let d = shape.headDim, qWidth = shape.queryWidth, kvWidth = shape.kvWidth
    let group = shape.heads / shape.kvHeads
    var out = [Float](repeating: 0, count: tokens * qWidth)
    func input(_ x: Float) -> Double { bf16 ? Double(Float(bitPattern: UInt32(bf16Bits(x)) << 16)) : Double(x) }
    func key(_ j: Int, _ kvHead: Int, _ i: Int) -> Double {
        j < prefixLength ? input(prefixKeys[j * kvWidth + kvHead * d + i])
                         : input(keys[(j - prefixLength) * kvWidth + kvHead * d + i])
    }
    func value(_ j: Int, _ kvHead: Int, _ i: Int) -> Double {
        j < prefixLength ? input(prefixValues[j * kvWidth + kvHead * d + i])
                         : input(values[(j - prefixLength) * kvWidth + kvHead * d + i])
    }
    for t in 0..<tokens {
        for h in 0..<shape.heads {
            let kvHead = h / group
            let visible = prefixLength + t + 1
            var scores = [Double](repeating: 0, count: visible)
            for j in 0..<visible {
                var s = 0.0
                for i in 0..<d { s += input(q[t * qWidth + h * d + i]) * key(j, kvHead, i) }
                scores[j] = s / Double(d).squareRoot()
            }
            let m = scores.max() ?? 0
            let e = scores.map { exp($0 - m) }
            let sum = e.reduce(0, +)
            let p = e.map { bf16 ? input(Float($0 / sum)) : $0 / sum }
            for i in 0..<d {
                var acc = 0.0
                for j in 0..<visible { acc += p[j] * value(j, kvHead, i) }
                out[t * qWidth + h * d + i] = Float(acc)
            }
        }
    }
    return out
}
