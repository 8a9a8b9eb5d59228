import Dispatch

// Deterministic random weights: counter-based splitmix64, so any element can be computed on its
// own and a tensor can be filled in parallel chunks with the same result as one serial pass.
// The value rule matches scripts/engine/make_fixture_models.py (FNV-1a of the tensor name mixed
// with the seed; uniform in [low, high) with 24-bit resolution; bf16 by round-to-nearest-even).

/// One tensor of a random checkpoint: name, shape and the range its values are drawn from.
struct RandomTensor {
    let name: String
    let shape: [Int]
    let low: Double
    let high: Double
    var count: Int { shape.reduce(1, *) }
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

/// out[j] = bf16 of element `start + j` of the tensor, for j in 0..<count.
func fillBF16(_ tensor: RandomTensor, seed: UInt64, start: Int, count: Int, into out: UnsafeMutablePointer<UInt16>) {
    let low = tensor.low, span = tensor.high - tensor.low
    let chunk = 1 << 16
    let chunks = (count + chunk - 1) / chunk
    DispatchQueue.concurrentPerform(iterations: max(chunks, 1)) { c in
        let begin = c * chunk, end = min(begin + chunk, count)
        var j = begin
        while j < end {
            // Python: (low + (high - low) * u).astype(float32)
            out[j] = bf16Bits(Float(low + span * splitmixUniform(seed, start + j)))
            j += 1
        }
    }
}

/// Every tensor of a Qwen3 checkpoint of this shape, in checkpoint order. Linear weights are
/// uniform with unit fan-in variance (±√(3/in)), so activations keep their scale through the layers.
func randomTensors(_ s: BenchModelShape) -> [RandomTensor] {
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
