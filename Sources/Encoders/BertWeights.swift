import Checkpoints
import Foundation
import Kernels

/// A linear layer of BERT: weight [out, in] (PyTorch layout) and bias [out], fp32.
struct BertLinear {
    let weight: UnsafePointer<Float>
    let bias: UnsafePointer<Float>
    let outFeatures: Int
    let inFeatures: Int
    /// The weight as the forward pass multiplies it: the fp32 values, or a bf16 copy in bf16 precision.
    var matrix: Matrix
}

/// A LayerNorm's weight and bias, [width] each.
struct BertNorm {
    let weight: UnsafePointer<Float>
    let bias: UnsafePointer<Float>
}

/// One encoder layer (post-LN): self-attention, its output projection and norm, the feed-forward
/// block and its norm.
struct BertLayerWeights {
    let query: BertLinear, key: BertLinear, value: BertLinear   // [hidden, hidden]
    /// query, key and value stacked, [3·hidden, hidden] and bias [3·hidden]: one GEMM for all three.
    let queryKeyValue: BertLinear
    let attentionOutput: BertLinear                              // [hidden, hidden]
    let attentionNorm: BertNorm
    let intermediate: BertLinear                                 // [intermediate, hidden]
    let output: BertLinear                                       // [hidden, intermediate]
    let outputNorm: BertNorm
}

/// The weights of a BertModel (with the pooler and classifier of BertForSequenceClassification
/// when asked for), checked against config.json. F32 tensors are used in place in the memory map;
/// F16 and BF16 ones are widened to fp32 once. Checkpoint names appear only here; the bare
/// BertModel names (sentence-transformers) and the `bert.` / `roberta.` prefixes (sequence
/// classification) are read. XLMRobertaForSequenceClassification's head (`classifier.dense`, tanh,
/// `classifier.out_proj` on the `<s>` state) has BERT's pooler + classifier shape, so it is read
/// into the same two layers.
/// In bf16 precision each linear layer's weight is also rounded to bf16 once, at load, so the bf16
/// kernels read it in place.
final class BertWeights: @unchecked Sendable {
    let config: BertConfig
    let wordEmbeddings: UnsafePointer<Float>       // [vocab, hidden]
    let positionEmbeddings: UnsafePointer<Float>   // [maxPositions, hidden]
    let typeEmbeddings: UnsafePointer<Float>       // [typeVocab, hidden]
    let embeddingNorm: BertNorm
    let layers: [BertLayerWeights]
    /// BertForSequenceClassification: pooler (tanh) [hidden, hidden] and classifier [labels, hidden];
    /// XLM-RoBERTa: classifier.dense and classifier.out_proj.
    let pooler: BertLinear?
    let classifier: BertLinear?
    private let checkpoint: Checkpoint             // keeps the maps alive
    private var owned: [UnsafeMutablePointer<Float>] = []
    private var ownedHalves: [UnsafeMutablePointer<UInt16>] = []

    init(folder: URL, config: BertConfig, classifier wantsClassifier: Bool, precision: Precision = .fp32) throws {
        let checkpoint = try encoderErrors { try Checkpoint(folder: folder) }
        self.checkpoint = checkpoint
        self.config = config
        var owned: [UnsafeMutablePointer<Float>] = []
        var ownedHalves: [UnsafeMutablePointer<UInt16>] = []
        let prefix = ["bert.", "roberta."].first { (try? checkpoint.entry($0 + "embeddings.word_embeddings.weight")) != nil } ?? ""
        func tensor(_ name: String, _ shape: [Int]) throws -> UnsafePointer<Float> {
            let (file, entry) = try encoderErrors { try checkpoint.entry(name) }
            guard let dtype = entry.storedType else {
                throw EncoderError(file: file.path, tensor: name, field: "dtype", "\(entry.dtypeName) is not supported (F32, F16 or BF16)")
            }
            guard entry.shape == shape else {
                throw EncoderError(file: file.path, tensor: name, field: "shape", "\(entry.shape), config.json implies \(shape)")
            }
            let src = file.data(entry)
            let count = shape.reduce(1, *)
            if dtype == .f32, Int(bitPattern: src) % MemoryLayout<Float>.alignment == 0 {
                return src.assumingMemoryBound(to: Float.self)
            }
            let dst = UnsafeMutablePointer<Float>.allocate(capacity: count)
            owned.append(dst)
            switch dtype {
            case .f32: UnsafeMutableRawPointer(dst).copyMemory(from: src, byteCount: count * 4)
            case .bf16: convertBF16ToFloat(src.assumingMemoryBound(to: UInt16.self), dst, count: count)
            case .f16: convertF16ToFloat(src.assumingMemoryBound(to: UInt16.self), dst, count: count)
            }
            return UnsafePointer(dst)
        }
        func made(_ weight: UnsafePointer<Float>, _ bias: UnsafePointer<Float>, _ out: Int, _ inFeatures: Int) -> BertLinear {
            var matrix = Matrix(.f32(weight), rows: out, cols: inFeatures)
            if precision == .bf16 {
                let bits = UnsafeMutablePointer<UInt16>.allocate(capacity: out * inFeatures)
                ownedHalves.append(bits)
                roundToBF16(weight, bits, count: out * inFeatures)
                matrix = Matrix(.bf16(UnsafePointer(bits)), rows: out, cols: inFeatures)
            }
            return BertLinear(weight: weight, bias: bias, outFeatures: out, inFeatures: inFeatures, matrix: matrix)
        }
        func linear(_ name: String, _ out: Int, _ inFeatures: Int) throws -> BertLinear {
            made(try tensor(name + ".weight", [out, inFeatures]), try tensor(name + ".bias", [out]), out, inFeatures)
        }
        /// Layers with the same input stacked into one [Σ out, in] layer (copies).
        func stacked(_ parts: [BertLinear]) -> BertLinear {
            let inFeatures = parts[0].inFeatures, out = parts.reduce(0) { $0 + $1.outFeatures }
            let weight = UnsafeMutablePointer<Float>.allocate(capacity: out * inFeatures)
            let bias = UnsafeMutablePointer<Float>.allocate(capacity: out)
            owned += [weight, bias]
            var row = 0
            for part in parts {
                (weight + row * inFeatures).update(from: part.weight, count: part.outFeatures * inFeatures)
                (bias + row).update(from: part.bias, count: part.outFeatures)
                row += part.outFeatures
            }
            return made(weight, bias, out, inFeatures)
        }
        func norm(_ name: String) throws -> BertNorm {
            BertNorm(weight: try tensor(name + ".weight", [config.hiddenSize]), bias: try tensor(name + ".bias", [config.hiddenSize]))
        }
        let h = config.hiddenSize, inter = config.intermediateSize
        do {
            let e = prefix + "embeddings."
            wordEmbeddings = try tensor(e + "word_embeddings.weight", [config.vocabSize, h])
            positionEmbeddings = try tensor(e + "position_embeddings.weight", [config.maxPositionEmbeddings, h])
            typeEmbeddings = try tensor(e + "token_type_embeddings.weight", [config.typeVocabSize, h])
            embeddingNorm = try norm(e + "LayerNorm")
            var layers: [BertLayerWeights] = []
            for i in 0..<config.numHiddenLayers {
                let p = prefix + "encoder.layer.\(i)."
                let query = try linear(p + "attention.self.query", h, h)
                let key = try linear(p + "attention.self.key", h, h)
                let value = try linear(p + "attention.self.value", h, h)
                layers.append(BertLayerWeights(
                    query: query, key: key, value: value, queryKeyValue: stacked([query, key, value]),
                    attentionOutput: try linear(p + "attention.output.dense", h, h),
                    attentionNorm: try norm(p + "attention.output.LayerNorm"),
                    intermediate: try linear(p + "intermediate.dense", inter, h),
                    output: try linear(p + "output.dense", h, inter),
                    outputNorm: try norm(p + "output.LayerNorm")))
            }
            self.layers = layers
            if wantsClassifier, config.isXLMRoberta {
                pooler = try linear("classifier.dense", h, h)
                classifier = try linear("classifier.out_proj", config.labels, h)
            } else if wantsClassifier {
                pooler = try linear(prefix + "pooler.dense", h, h)
                classifier = try linear("classifier", config.labels, h)
            } else {
                pooler = nil
                classifier = nil
            }
        } catch {
            for p in owned { p.deallocate() }
            for p in ownedHalves { p.deallocate() }
            throw error
        }
        self.owned = owned
        self.ownedHalves = ownedHalves
    }

    deinit {
        for p in owned { p.deallocate() }
        for p in ownedHalves { p.deallocate() }
    }
}
