import Dispatch
import Foundation

// Deterministic random weights: counter-based splitmix64, so any element can be computed on its
// own and a tensor can be filled in parallel chunks with the same result as one serial pass.
// The uniform rule matches scripts/engine/make_fixture_models.py (FNV-1a of the tensor name mixed
// with the seed; uniform in [low, high) with 24-bit resolution; bf16 by round-to-nearest-even).

/// How a random checkpoint's weights are drawn.
public enum WeightInit: String, Sendable, CaseIterable {
    /// Linear weights uniform with unit variance per fan-in (±√(3/in)), embeddings ±0.3, norm
    /// weights around 1: every block adds about as much to the residual stream as it holds, so
    /// activations keep their scale, and a small perturbation grows from layer to layer.
    case uniform
    /// What transformers does for an untrained Qwen3 (`_init_weights`): linear and embedding
    /// weights normal with std `initializer_range` (0.02 in config.json), norm weights 1. Each block
    /// adds a fraction of what the residual stream holds, as in trained pre-norm models, so the
    /// network does not amplify small perturbations.
    case hf
}

/// What a tensor's values are drawn from.
enum WeightDistribution {
    /// Uniform in [low, high).
    case uniform(low: Double, high: Double)
    /// Normal with mean 0 (Box–Muller over two uniforms per value).
    case normal(std: Double)
    /// Every value the same.
    case constant(Double)
}

/// One tensor of a random checkpoint: name, shape and what its values are drawn from.
struct RandomTensor {
    let name: String
    let shape: [Int]
    let distribution: WeightDistribution
    var count: Int { shape.reduce(1, *) }

    init(name: String, shape: [Int], low: Double, high: Double) {
        self.init(name: name, shape: shape, distribution: .uniform(low: low, high: high))
    }

    init(name: String, shape: [Int], distribution: WeightDistribution) {
        self.name = name; self.shape = shape; self.distribution = distribution
    }
}

/// FNV-1a 64 of the name, mixed with the model seed.
func tensorSeed(_ modelSeed: UInt64, _ name: String) -> UInt64 {
    var h: UInt64 = 0xCBF2_9CE4_8422_2325
    for b in name.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01B3 }
    return h ^ (modelSeed &* 0x9E37_79B9_7F4A_7C15)
}

/// Output n (1-based) of the splitmix64 stream that starts at `seed`.
@inline(__always)
func splitmix64(_ seed: UInt64, _ n: UInt64) -> UInt64 {
    var z = seed &+ n &* 0x9E37_79B9_7F4A_7C15
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
}

/// The i-th (0-based) uniform in [0, 1) of a stream: splitmix64 of counter i + 1.
@inline(__always)
func splitmixUniform(_ seed: UInt64, _ i: Int) -> Double {
    Double(splitmix64(seed, UInt64(i + 1)) >> 40) / Double(1 << 24)
}

/// fp32 to bf16 bits, rounding to nearest even (finite inputs).
@inline(__always)
func bf16Bits(_ x: Float) -> UInt16 {
    let bits = x.bitPattern
    return UInt16(truncatingIfNeeded: (bits &+ 0x7FFF &+ ((bits >> 16) & 1)) >> 16)
}

/// Element i of a standard normal stream: Box–Muller over uniforms 2i and 2i + 1 of the stream.
@inline(__always)
func splitmixNormal(_ seed: UInt64, _ i: Int) -> Double {
    let u1 = (Double(splitmix64(seed, UInt64(2 * i + 1)) >> 11) + 1) / Double(UInt64(1) << 53)   // (0, 1]
    let u2 = Double(splitmix64(seed, UInt64(2 * i + 2)) >> 11) / Double(UInt64(1) << 53)
    return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
}

/// out[j] = bf16 of element `start + j` of the tensor, for j in 0..<count.
func fillBF16(_ tensor: RandomTensor, seed: UInt64, start: Int, count: Int, into out: UnsafeMutablePointer<UInt16>) {
    let chunk = 1 << 16
    let chunks = (count + chunk - 1) / chunk
    let distribution = tensor.distribution
    DispatchQueue.concurrentPerform(iterations: max(chunks, 1)) { c in
        let begin = c * chunk, end = min(begin + chunk, count)
        var j = begin
        switch distribution {
        case let .uniform(low, high):
            while j < end {
                // Python: (low + (high - low) * u).astype(float32)
                out[j] = bf16Bits(Float(low + (high - low) * splitmixUniform(seed, start + j)))
                j += 1
            }
        case let .normal(std):
            while j < end {
                out[j] = bf16Bits(Float(std * splitmixNormal(seed, start + j)))
                j += 1
            }
        case let .constant(value):
            let bits = bf16Bits(Float(value))
            while j < end { out[j] = bits; j += 1 }
        }
    }
}

/// Every tensor of a Qwen3 checkpoint of this shape, in checkpoint order, drawn as `init` says.
func randomTensors(_ s: BenchModelShape, init weightInit: WeightInit = .uniform) -> [RandomTensor] {
    switch weightInit {
    case .uniform: return uniformTensors(s)
    case .hf: return hfInitTensors(s)
    }
}

/// transformers' init for Qwen3: normal(0, initializer_range) for linear and embedding weights,
/// RMSNorm weights (q_norm and k_norm included) 1.
func hfInitTensors(_ s: BenchModelShape) -> [RandomTensor] {
    uniformTensors(s).map { t in
        let normWeight = t.shape.count == 1
        return RandomTensor(name: t.name, shape: t.shape,
                            distribution: normWeight ? .constant(1) : .normal(std: BenchModelShape.initializerRange))
    }
}

/// Linear weights uniform with unit fan-in variance (±√(3/in)), so activations keep their scale
/// through the layers; embeddings ±0.3; norm weights around 1.
func uniformTensors(_ s: BenchModelShape) -> [RandomTensor] {
    func linear(_ name: String, _ out: Int, _ inp: Int) -> RandomTensor {
        let a = (3.0 / Double(inp)).squareRoot()
        return RandomTensor(name: name, shape: [out, inp], low: -a, high: a)
    }
    var t = [RandomTensor(name: "model.embed_tokens.weight", shape: [s.vocab, s.hidden], low: -0.3, high: 0.3)]
    for i in 0..<s.layers {
        let p = "model.layers.\(i)."
        t += [
            RandomTensor(name: p + "input_layernorm.weight", shape: [s.hidden], low: 0.6, high: 1.4),
            linear(p + "self_attn.q_proj.weight", s.queryWidth, s.hidden),
            linear(p + "self_attn.k_proj.weight", s.kvWidth, s.hidden),
            linear(p + "self_attn.v_proj.weight", s.kvWidth, s.hidden),
            linear(p + "self_attn.o_proj.weight", s.hidden, s.queryWidth),
            RandomTensor(name: p + "self_attn.q_norm.weight", shape: [s.headDim], low: 0.5, high: 2.5),
            RandomTensor(name: p + "self_attn.k_norm.weight", shape: [s.headDim], low: 0.5, high: 2.5),
            RandomTensor(name: p + "post_attention_layernorm.weight", shape: [s.hidden], low: 0.6, high: 1.4),
            linear(p + "mlp.gate_proj.weight", s.intermediate, s.hidden),
            linear(p + "mlp.up_proj.weight", s.intermediate, s.hidden),
            linear(p + "mlp.down_proj.weight", s.hidden, s.intermediate),
        ]
    }
    t.append(RandomTensor(name: "model.norm.weight", shape: [s.hidden], low: 0.6, high: 1.4))
    if !s.tied {
        t.append(RandomTensor(name: "lm_head.weight", shape: [s.vocab, s.hidden], low: -0.3, high: 0.3))
    }
    return t
}
