/// The shape of a Qwen3 reranker the bench writes with random weights: the published configs of
/// Qwen3-Reranker-0.6B / 4B / 8B, and a tiny one for tests.
public struct BenchModelShape: Sendable, Equatable {
    public var name: String
    public var hidden: Int
    public var layers: Int
    public var heads: Int
    public var kvHeads: Int
    public var headDim: Int
    public var intermediate: Int
    public var vocab: Int
    public var tied: Bool
    public var theta: Double

    /// config.json's `initializer_range`: the std of transformers' normal init.
    public static let initializerRange = 0.02

    /// The Qwen3 vocabulary (151,643 BPE tokens and 26 added ones).
    public static let qwen3Vocabulary = 151_669

    public static let qwen3_0_6B = BenchModelShape(name: "0.6b", hidden: 1024, layers: 28, heads: 16, kvHeads: 8, headDim: 128,
                                                 intermediate: 3072, vocab: qwen3Vocabulary, tied: true, theta: 1_000_000)
    public static let qwen3_4B = BenchModelShape(name: "4b", hidden: 2560, layers: 36, heads: 32, kvHeads: 8, headDim: 128,
                                               intermediate: 9728, vocab: qwen3Vocabulary, tied: true, theta: 1_000_000)
    public static let qwen3_8B = BenchModelShape(name: "8b", hidden: 4096, layers: 36, heads: 32, kvHeads: 8, headDim: 128,
                                               intermediate: 12288, vocab: qwen3Vocabulary, tied: false, theta: 1_000_000)
    /// Small enough for tests: two layers, grouped heads, the real vocabulary.
    public static let tiny = BenchModelShape(name: "tiny", hidden: 64, layers: 2, heads: 4, kvHeads: 2, headDim: 32,
                                           intermediate: 128, vocab: qwen3Vocabulary, tied: true, theta: 1_000_000)

    /// Looks a shape up by the name `--size` takes.
    public static func named(_ name: String) -> BenchModelShape? {
        [qwen3_0_6B, qwen3_4B, qwen3_8B, tiny].first { $0.name == name.lowercased() }
    }

    public var queryWidth: Int { heads * headDim }
    public var kvWidth: Int { kvHeads * headDim }

    /// (out, in) of the seven linear layers of one decoder layer, in forward order:
    /// q, k, v, o, gate, up, down.
    public var linearShapes: [(out: Int, in: Int)] {
        [(queryWidth, hidden), (kvWidth, hidden), (kvWidth, hidden), (hidden, queryWidth),
         (intermediate, hidden), (intermediate, hidden), (hidden, intermediate)]
    }

    /// Linear-layer FLOP per token over all layers: 2 · weights.
    public var linearFLOPPerToken: Double {
        2 * Double(layers) * Double(linearShapes.reduce(0) { $0 + $1.out * $1.in })
    }

    /// config.json as transformers writes it for this shape (bf16 checkpoint).
    public var configJSON: String {
        """
        {
          "architectures": ["Qwen3ForCausalLM"],
          "attention_bias": false,
          "attention_dropout": 0.0,
          "bos_token_id": 151643,
          "eos_token_id": 151645,
          "head_dim": \(headDim),
          "hidden_act": "silu",
          "hidden_size": \(hidden),
          "initializer_range": \(BenchModelShape.initializerRange),
          "intermediate_size": \(intermediate),
          "max_position_embeddings": 40960,
          "max_window_layers": \(layers),
          "model_type": "qwen3",
          "num_attention_heads": \(heads),
          "num_hidden_layers": \(layers),
          "num_key_value_heads": \(kvHeads),
          "rms_norm_eps": 1e-06,
          "rope_scaling": null,
          "rope_theta": \(theta),
          "sliding_window": null,
          "tie_word_embeddings": \(tied),
          "torch_dtype": "bfloat16",
          "use_cache": true,
          "use_sliding_window": false,
          "vocab_size": \(vocab)
        }

        """
    }
}
