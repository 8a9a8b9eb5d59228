import Foundation
import Kernels

/// A [rows, cols] row-major fp32 matrix (a norm weight is [1, n]). Memory owned by `Qwen3Weights`.
struct Matrix {
    let data: UnsafePointer<Float>
    let rows: Int
    let cols: Int
}

/// A [rows, cols] table left in its stored dtype inside the memory map: the vocabulary-sized
/// embedding and output matrices, of which a pass needs only a few rows.
struct StoredRows {
    let base: UnsafeRawPointer
    let dtype: StoredDType
    let rows: Int
    let cols: Int

    /// out[0..<cols] = row r as fp32. r must be in 0..<rows.
    func copyRow(_ r: Int, into out: UnsafeMutablePointer<Float>) {
        let start = base + r * cols * dtype.byteSize
        switch dtype {
        case .f32: out.update(from: start.assumingMemoryBound(to: Float.self), count: cols)
        case .bf16: convertBF16ToFloat(start.assumingMemoryBound(to: UInt16.self), out, count: cols)
        case .f16: convertF16ToFloat(start.assumingMemoryBound(to: UInt16.self), out, count: cols)
        }
    }
}

/// One decoder layer's weights; linear weights are [out, in] as in the checkpoint, in bf16 or fp32
/// (see `Qwen3Weights`), norm weights fp32.
struct LayerWeights {
    let inputNorm: Matrix        // [1, hidden]
    let qProj: WeightMatrix            // [heads·headDim, hidden]
    let kProj: WeightMatrix            // [kvHeads·headDim, hidden]
    let vProj: WeightMatrix            // [kvHeads·headDim, hidden]
    let oProj: WeightMatrix            // [hidden, heads·headDim]
    let qNorm: Matrix            // [1, headDim]
    let kNorm: Matrix            // [1, headDim]
    let postNorm: Matrix         // [1, hidden]
    let gateProj: WeightMatrix         // [intermediate, hidden]
    let upProj: WeightMatrix           // [intermediate, hidden]
    let downProj: WeightMatrix         // [hidden, intermediate]
}

/// The weights of a Qwen3 model, validated against its config. Linear weights stored as bf16 stay
/// bf16, used in place in the memory map (half the resident size of fp32; each GEMM widens its
/// matrix into a scratch first, see Kernels/WeightMatrix.swift); f32 ones are used in place too,
/// f16 ones converted to fp32 once. Norm weights are fp32. The embedding and output tables stay
/// memory-mapped in their stored dtype. Checkpoint names appear only here.
final class Qwen3Weights: @unchecked Sendable {
    let config: Qwen3Config
    let embedding: StoredRows    // [vocab, hidden]
    let output: StoredRows       // [vocab, hidden]; the embedding when tied
    let layers: [LayerWeights]
    let finalNorm: Matrix        // [1, hidden]
    let checkpoint: Checkpoint   // keeps the maps alive
    private var owned: [UnsafeMutablePointer<Float>] = []

    init(checkpoint: Checkpoint, config: Qwen3Config) throws {
        self.checkpoint = checkpoint
        self.config = config
        let h = config.hiddenSize, q = config.queryWidth, kv = config.kvWidth
        let d = config.headDimension, inter = config.intermediateSize, vocab = config.vocabSize
        var owned: [UnsafeMutablePointer<Float>] = []
        func matrix(_ name: String, _ rows: Int, _ cols: Int, vector: Bool = false) throws -> Matrix {
            let (file, entry) = try checkpoint.entry(name)
            try Qwen3Weights.check(entry, file: file, shape: vector ? [cols] : [rows, cols])
            let count = rows * cols
            let src = file.data(entry)
            if entry.storedType == .f32, Int(bitPattern: src) % MemoryLayout<Float>.alignment == 0 {
                return Matrix(data: src.assumingMemoryBound(to: Float.self), rows: rows, cols: cols)
            }
            let dst = UnsafeMutablePointer<Float>.allocate(capacity: count)
            owned.append(dst)
            StoredRows(base: src, dtype: entry.storedType ?? .f32, rows: 1, cols: count).copyRow(0, into: dst)
            return Matrix(data: UnsafePointer(dst), rows: rows, cols: cols)
        }
        func linear(_ name: String, _ rows: Int, _ cols: Int) throws -> WeightMatrix {
            let (file, entry) = try checkpoint.entry(name)
            try Qwen3Weights.check(entry, file: file, shape: [rows, cols])
            let src = file.data(entry)
            if entry.storedType == .bf16, Int(bitPattern: src) % MemoryLayout<UInt16>.alignment == 0 {
                return WeightMatrix(.bf16(src.assumingMemoryBound(to: UInt16.self)), rows: rows, cols: cols)
            }
            return WeightMatrix(.f32(try matrix(name, rows, cols).data), rows: rows, cols: cols)
        }
        func table(_ name: String) throws -> StoredRows {
            let (file, entry) = try checkpoint.entry(name)
            try Qwen3Weights.check(entry, file: file, shape: [vocab, h])
            return StoredRows(base: file.data(entry), dtype: entry.storedType ?? .f32, rows: vocab, cols: h)
        }
        do {
            embedding = try table("model.embed_tokens.weight")
            output = config.tiedEmbeddings ? embedding : try table("lm_head.weight")
            var layers: [LayerWeights] = []
            for i in 0..<config.numHiddenLayers {
                let p = "model.layers.\(i)."
                layers.append(LayerWeights(
                    inputNorm: try matrix(p + "input_layernorm.weight", 1, h, vector: true),
                    qProj: try linear(p + "self_attn.q_proj.weight", q, h),
                    kProj: try linear(p + "self_attn.k_proj.weight", kv, h),
                    vProj: try linear(p + "self_attn.v_proj.weight", kv, h),
                    oProj: try linear(p + "self_attn.o_proj.weight", h, q),
                    qNorm: try matrix(p + "self_attn.q_norm.weight", 1, d, vector: true),
                    kNorm: try matrix(p + "self_attn.k_norm.weight", 1, d, vector: true),
                    postNorm: try matrix(p + "post_attention_layernorm.weight", 1, h, vector: true),
                    gateProj: try linear(p + "mlp.gate_proj.weight", inter, h),
                    upProj: try linear(p + "mlp.up_proj.weight", inter, h),
                    downProj: try linear(p + "mlp.down_proj.weight", h, inter)))
            }
            self.layers = layers
            finalNorm = try matrix("model.norm.weight", 1, h, vector: true)
        } catch {
            for p in owned { p.deallocate() }
            throw error
        }
        self.owned = owned
    }

    deinit { for p in owned { p.deallocate() } }

    /// Reads and validates config.json, maps the safetensors and checks every tensor.
    static func load(folder: URL) throws -> Qwen3Weights {
        let configURL = folder.appendingPathComponent("config.json")
        let config = try Qwen3Config.load(from: configURL)
        try config.validate(file: configURL.path)
        return try Qwen3Weights(checkpoint: Checkpoint(folder: folder), config: config)
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
    func classifierRow(yes: Int, no: Int) -> [Float] {
        var yesRow = [Float](repeating: 0, count: config.hiddenSize)
        var noRow = yesRow
        output.copyRow(yes, into: &yesRow)
        output.copyRow(no, into: &noRow)
        return zip(yesRow, noRow).map { $0 - $1 }
    }
}
