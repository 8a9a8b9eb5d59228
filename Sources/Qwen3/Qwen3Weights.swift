import Checkpoints
import Foundation
import Kernels

/// One decoder layer's weights; linear weights are [out, in] as in the checkpoint, in bf16 or fp32
/// (see `Qwen3Weights`), norm weights fp32 vectors.
struct LayerWeights {
    let inputNorm: UnsafePointer<Float>   // [hidden]
    let qProj: Matrix                     // [heads·headDim, hidden]
    let kProj: Matrix                     // [kvHeads·headDim, hidden]
    let vProj: Matrix                     // [kvHeads·headDim, hidden]
    let oProj: Matrix                     // [hidden, heads·headDim]
    let qNorm: UnsafePointer<Float>       // [headDim]
    let kNorm: UnsafePointer<Float>       // [headDim]
    let postNorm: UnsafePointer<Float>    // [hidden]
    let gateProj: Matrix                  // [intermediate, hidden]
    let upProj: Matrix                    // [intermediate, hidden]
    let downProj: Matrix                  // [hidden, intermediate]
}

/// The weights of a Qwen3 model, validated against its config. Linear weights stored as bf16 stay
/// bf16, used in place in the memory map (half the resident size of fp32; in fp32 precision each
/// GEMM widens its matrix into a scratch first, in bf16 precision the kernels read it as it is; see
/// Kernels/LinearKernel.swift); f32 ones are used in place too, f16 ones converted to fp32 once.
/// Norm weights are fp32. The embedding and output tables stay memory-mapped in their stored dtype.
/// Checkpoint names appear only here.
final class Qwen3Weights: @unchecked Sendable {
    let config: Qwen3Config
    let embedding: Matrix        // [vocab, hidden]
    /// [vocab, hidden]; the embedding when tied; nil when loaded without the head (an embedding
    /// model's checkpoint has none).
    let output: Matrix?
    let layers: [LayerWeights]
    let finalNorm: UnsafePointer<Float>   // [hidden]
    let checkpoint: Checkpoint   // keeps the maps alive
    private var owned: [UnsafeMutablePointer<Float>] = []

    /// `head: false` skips the output table (Qwen3-Embedding reads the final hidden state). Tensor
    /// names are read with the `model.` prefix of a causal-LM checkpoint, or without it as
    /// transformers saves a bare `Qwen3Model` (Qwen3-Embedding's checkpoint).
    init(checkpoint: Checkpoint, config: Qwen3Config, head: Bool = true) throws {
        self.checkpoint = checkpoint
        self.config = config
        let h = config.hiddenSize, q = config.queryWidth, kv = config.kvWidth
        let d = config.headDimension, inter = config.intermediateSize, vocab = config.vocabSize
        var owned: [UnsafeMutablePointer<Float>] = []
        /// The tensor as a matrix in place when its dtype is one of `inPlace` and its address suits
        /// it; otherwise converted to fp32 once, into memory this object owns.
        func stored(_ name: String, _ rows: Int, _ cols: Int, vector: Bool = false,
                    inPlace: Set<StoredDType>) throws -> Matrix {
            let (file, entry) = try checkpoint.entry(name)
            try Qwen3Weights.check(entry, file: file, shape: vector ? [cols] : [rows, cols])
            let src = file.data(entry)
            let dtype = entry.storedType ?? .f32
            if inPlace.contains(dtype), Int(bitPattern: src) % dtype.byteSize == 0 {
                switch dtype {
                case .f32: return Matrix(.f32(src.assumingMemoryBound(to: Float.self)), rows: rows, cols: cols)
                case .bf16: return Matrix(.bf16(src.assumingMemoryBound(to: UInt16.self)), rows: rows, cols: cols)
                case .f16: return Matrix(.f16(src.assumingMemoryBound(to: UInt16.self)), rows: rows, cols: cols)
                }
            }
            let dst = UnsafeMutablePointer<Float>.allocate(capacity: rows * cols)
            owned.append(dst)
            let raw = UnsafeMutableRawPointer(mutating: src)
            for r in 0..<rows {
                let row = raw + r * cols * dtype.byteSize
                switch dtype {
                case .f32: UnsafeMutableRawPointer(dst + r * cols).copyMemory(from: row, byteCount: cols * 4)
                case .bf16, .f16:
                    // An unaligned 16-bit row: copied bytewise first.
                    var bits = [UInt16](repeating: 0, count: cols)
                    bits.withUnsafeMutableBytes { $0.baseAddress?.copyMemory(from: row, byteCount: cols * 2) }
                    bits.withUnsafeBufferPointer { b in
                        guard let p = b.baseAddress else { return }
                        Matrix(dtype == .bf16 ? .bf16(p) : .f16(p), rows: 1, cols: cols).copyRow(0, into: dst + r * cols)
                    }
                }
            }
            return Matrix(.f32(UnsafePointer(dst)), rows: rows, cols: cols)
        }
        func norm(_ name: String, _ width: Int) throws -> UnsafePointer<Float> {
            let m = try stored(name, 1, width, vector: true, inPlace: [.f32])
            guard case .f32(let p) = m.storage else { preconditionFailure("norm weights are fp32 by construction") }
            return p
        }
        func linear(_ name: String, _ rows: Int, _ cols: Int) throws -> Matrix {
            try stored(name, rows, cols, inPlace: [.f32, .bf16])
        }
        func table(_ name: String) throws -> Matrix {
            try stored(name, vocab, h, inPlace: [.f32, .bf16, .f16])
        }
        let base = checkpoint.contains("model.embed_tokens.weight") || !checkpoint.contains("embed_tokens.weight") ? "model." : ""
        do {
            embedding = try table(base + "embed_tokens.weight")
            output = !head ? nil : config.tiedEmbeddings ? embedding : try table("lm_head.weight")
            var layers: [LayerWeights] = []
            for i in 0..<config.numHiddenLayers {
                let p = base + "layers.\(i)."
                layers.append(LayerWeights(
                    inputNorm: try norm(p + "input_layernorm.weight", h),
                    qProj: try linear(p + "self_attn.q_proj.weight", q, h),
                    kProj: try linear(p + "self_attn.k_proj.weight", kv, h),
                    vProj: try linear(p + "self_attn.v_proj.weight", kv, h),
                    oProj: try linear(p + "self_attn.o_proj.weight", h, q),
                    qNorm: try norm(p + "self_attn.q_norm.weight", d),
                    kNorm: try norm(p + "self_attn.k_norm.weight", d),
                    postNorm: try norm(p + "post_attention_layernorm.weight", h),
                    gateProj: try linear(p + "mlp.gate_proj.weight", inter, h),
                    upProj: try linear(p + "mlp.up_proj.weight", inter, h),
                    downProj: try linear(p + "mlp.down_proj.weight", h, inter)))
            }
            self.layers = layers
            finalNorm = try norm(base + "norm.weight", h)
        } catch {
            for p in owned { p.deallocate() }
            throw error
        }
        self.owned = owned
    }

    deinit { for p in owned { p.deallocate() } }

    /// Reads and validates config.json, maps the safetensors and checks every tensor.
    static func load(folder: URL, head: Bool = true) throws -> Qwen3Weights {
        let configURL = folder.appendingPathComponent("config.json")
        let config = try Qwen3Config.load(from: configURL)
        try config.validate(file: configURL.path)
        return try qwen3Errors { try Qwen3Weights(checkpoint: Checkpoint(folder: folder), config: config, head: head) }
    }

    private static func check(_ entry: TensorEntry, file: SafeTensorsFile, shape: [Int]) throws {
        guard entry.storedType != nil else {
            throw Qwen3Error(file: file.path, tensor: entry.name, field: "dtype",
                             "\(entry.dtypeName) is not supported (BF16, F16 or F32)")
        }
        guard entry.shape == shape else {
            throw Qwen3Error(file: file.path, tensor: entry.name, field: "shape",
                             "\(entry.shape), config.json implies \(shape)")
        }
    }

    /// w[yes] − w[no] of the output matrix in fp32: the only part of the head a score needs.
    /// Empty when the weights were loaded without the head.
    func classifierRow(yes: Int, no: Int) -> [Float] {
        guard let output else { return [] }
        var yesRow = [Float](repeating: 0, count: config.hiddenSize)
        var noRow = yesRow
        output.copyRow(yes, into: &yesRow)
        output.copyRow(no, into: &noRow)
        return zip(yesRow, noRow).map { $0 - $1 }
    }
}
